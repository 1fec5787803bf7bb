"""Recording committees, letters, meetings, inspections, interviews, accidents and events through the pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from org.models import AuditEntry, OrgUnit
from responsibility.models import (
    Accident,
    Committee,
    Interview,
    LeaderInspection,
    Meeting,
    PublicityEvent,
    ResponsibilityLetter,
)
from tests.factories.hazards import HazardFactory
from tests.factories.responsibility import (
    AccidentFactory,
    CommitteeFactory,
    InterviewFactory,
    LeaderInspectionFactory,
    LetterFactory,
    MeetingFactory,
    PublicityEventFactory,
)

TODAY = dt.date.today().isoformat()


def _form_data(kind: str, units: dict[str, OrgUnit]) -> dict:
    a, city = units["a"], units["city"]
    return {
        "committee": {
            "org_unit": city.pk,
            "year": 2026,
            "kind": "main",
            "name": "临江市安全生产委员会",
            "leader_in_charge": "市长 周建平",
            "member_units": [a.pk],
            "sort_order": 0,
        },
        "letter": {
            "year": 2026,
            "kind": "goal",
            "title": "2026年度安全生产和消防工作目标管理责任书",
            "issuer": city.pk,
            "org_unit": a.pk,
        },
        "meeting": {"org_unit": a.pk, "held_on": TODAY, "kind": "dispatch", "topic": "隐患大排查大整治调度会"},
        "inspection": {
            "org_unit": a.pk,
            "held_on": TODAY,
            "leader": "副市长 张明华",
            "places": "城关工业园区",
            "hazards": "",
        },
        "interview": {
            "org_unit": a.pk,
            "held_on": TODAY,
            "kind": "on_site",
            "enterprise": "临江华兴五金制品有限公司",
            "reason": "重大事故隐患逾期未整改",
        },
        "accident": {
            "occurred_on": TODAY,
            "org_unit": a.pk,
            "place": "城关路口",
            "kind": "road",
            "grade": "ordinary",
            "dead": 1,
            "injured": 0,
            "direct_loss_yuan": "50000",
            "description": "货车与电动自行车相撞",
            "investigation": "reported",
        },
        "publicity": {
            "org_unit": a.pk,
            "held_on": TODAY,
            "kind": "training",
            "title": "企业安全员培训",
            "participants": 60,
            "materials": 100,
            "media_pieces": 1,
        },
    }[kind]


Record = Committee | ResponsibilityLetter | Meeting | LeaderInspection | Interview | Accident | PublicityEvent
MODELS: dict[str, type[Record]] = {
    "committee": Committee,
    "letter": ResponsibilityLetter,
    "meeting": Meeting,
    "inspection": LeaderInspection,
    "interview": Interview,
    "accident": Accident,
    "publicity": PublicityEvent,
}
AUDIT = {
    "committee": "committee",
    "letter": "letter",
    "meeting": "meeting",
    "inspection": "leader_inspection",
    "interview": "interview",
    "accident": "accident",
    "publicity": "publicity_event",
}


@pytest.fixture
def units(city, township_a) -> dict[str, OrgUnit]:
    return {"city": city, "a": township_a}


@pytest.mark.parametrize("kind", list(MODELS))
def test_the_office_records_each_kind_through_its_form(kind, units, clerk_client):
    response = clerk_client.post(reverse(f"responsibility:{kind}_create"), _form_data(kind, units))
    assert response.status_code == 302
    assert MODELS[kind].objects.count() == 1


@pytest.mark.parametrize("kind", list(MODELS))
def test_every_record_leaves_an_audit_entry(kind, units, clerk_client, clerk):
    clerk_client.post(reverse(f"responsibility:{kind}_create"), _form_data(kind, units))
    assert AuditEntry.objects.filter(actor=clerk, action=f"responsibility.{AUDIT[kind]}.created").count() == 1


@pytest.mark.parametrize("kind", ["meeting", "inspection", "interview", "accident", "publicity"])
def test_township_staff_record_their_own_townships_work(kind, units, staff_a_client, township_a):
    staff_a_client.post(reverse(f"responsibility:{kind}_create"), _form_data(kind, units))
    assert MODELS[kind].objects.get().org_unit == township_a


def test_township_staff_may_not_set_up_committees(staff_a_client):
    assert staff_a_client.get(reverse("responsibility:committee_create")).status_code == 403


@pytest.mark.parametrize("kind", list(MODELS))
def test_each_list_page_opens(kind, leader_client):
    assert leader_client.get(reverse(f"responsibility:{kind}_list")).status_code == 200


def test_a_record_is_edited_through_the_same_form(township_a, staff_a_client, township_a_staff):
    meeting = MeetingFactory.create(org_unit=township_a, topic="旧议题")
    data = {"org_unit": township_a.pk, "held_on": "2026-03-10", "kind": "topical", "topic": "燃气安全专题会"}
    staff_a_client.post(reverse("responsibility:meeting_edit", args=[meeting.pk]), data)
    meeting.refresh_from_db()
    assert (meeting.topic, meeting.kind) == ("燃气安全专题会", "topical")
    assert AuditEntry.objects.get(action="responsibility.meeting.updated").data["fields"] == ["kind", "topic"]


# --- Rules within a record ---------------------------------------------------------------------------------


def test_an_accident_with_three_dead_cannot_be_graded_ordinary(units, staff_a_client):
    data = {**_form_data("accident", units), "dead": 3}
    response = staff_a_client.post(reverse("responsibility:accident_create"), data)
    assert response.status_code == 200
    assert "grade" in response.context["form"].errors


def test_an_accident_with_three_dead_is_recorded_as_larger(units, staff_a_client):
    staff_a_client.post(
        reverse("responsibility:accident_create"), {**_form_data("accident", units), "dead": 3, "grade": "larger"}
    )
    assert Accident.objects.get().is_larger_or_above


def test_an_accident_cannot_lie_in_the_future(units, staff_a_client):
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    response = staff_a_client.post(
        reverse("responsibility:accident_create"), {**_form_data("accident", units), "occurred_on": tomorrow}
    )
    assert "occurred_on" in response.context["form"].errors


def test_an_enterprise_letter_names_the_enterprise(units, clerk_client):
    data = {**_form_data("letter", units), "kind": "enterprise"}
    response = clerk_client.post(reverse("responsibility:letter_create"), data)
    assert ResponsibilityLetter.objects.count() == 0
    assert response.status_code == 200


def test_a_leader_inspection_links_the_hazards_handed_over(units, township_a, staff_a_client):
    hazards = HazardFactory.create_batch(2, org_unit=township_a)
    data = {**_form_data("inspection", units), "hazards": f"{hazards[0].pk}，{hazards[1].pk}"}
    staff_a_client.post(reverse("responsibility:inspection_create"), data)
    assert set(LeaderInspection.objects.get().hazards.all()) == set(hazards)


# --- Letters: signing and the scanned letter -----------------------------------------------------------------


def test_signing_a_letter_records_the_date_and_the_scan(city, township_a, clerk_client):
    letter = LetterFactory.create(issuer=city, org_unit=township_a)
    scan = SimpleUploadedFile("letter.pdf", b"%PDF-1.4 scan", content_type="application/pdf")
    url = reverse("responsibility:letter_sign", args=[letter.pk])
    clerk_client.post(url, {"signed_on": "2026-02-10", "scan": scan})
    letter.refresh_from_db()
    assert (letter.signed_on, bool(letter.scan)) == (dt.date(2026, 2, 10), True)


def test_a_scan_must_be_a_pdf_or_an_image(city, township_a, clerk_client):
    letter = LetterFactory.create(issuer=city, org_unit=township_a)
    scan = SimpleUploadedFile("letter.exe", b"MZ", content_type="application/octet-stream")
    response = clerk_client.post(
        reverse("responsibility:letter_sign", args=[letter.pk]), {"signed_on": "2026-02-10", "scan": scan}
    )
    assert "scan" in response.context["form"].errors


def test_the_scan_is_served_to_the_letters_township(city, township_a, staff_a_client):
    letter = LetterFactory.create(
        issuer=city,
        org_unit=township_a,
        signed_on=dt.date(2026, 2, 10),
        scan=SimpleUploadedFile("letter.pdf", b"%PDF-1.4 scan"),
    )
    response = staff_a_client.get(reverse("responsibility:letter_scan", args=[letter.pk]))
    assert b"".join(response.streaming_content) == b"%PDF-1.4 scan"


def test_a_letter_without_a_scan_has_nothing_to_download(city, township_a, staff_a_client):
    letter = LetterFactory.create(issuer=city, org_unit=township_a)
    assert staff_a_client.get(reverse("responsibility:letter_scan", args=[letter.pk])).status_code == 404


# --- Pages with figures ------------------------------------------------------------------------------------


def test_the_accident_page_compares_with_last_year(township_a, leader_client):
    AccidentFactory.create(org_unit=township_a, occurred_on=dt.date(2026, 3, 1))
    AccidentFactory.create(org_unit=township_a, occurred_on=dt.date(2025, 3, 1))
    AccidentFactory.create(org_unit=township_a, occurred_on=dt.date(2025, 4, 1))
    response = leader_client.get(reverse("responsibility:accident_list"), {"start": "2026-01-01", "end": "2026-06-30"})
    assert response.context["figures"].count_change == "同比下降50%"


def test_the_overview_shows_the_periods_figures(township_a, leader_client):
    PublicityEventFactory.create(org_unit=township_a, held_on=dt.date(2026, 3, 3), participants=40)
    response = leader_client.get(reverse("responsibility:overview"), {"start": "2026-01-01", "end": "2026-06-30"})
    assert response.context["publicity"].trained == 40


# --- Query counts --------------------------------------------------------------------------------------------

# Session, user, the user's unit, notices, the area choices, the count, the page, and the figures above the list
# (letters, accidents, publicity: one query each).
LIST_QUERIES = 8


def _records(count: int, township_a, township_b, city) -> None:
    hazard = HazardFactory.create(org_unit=township_a)
    main = CommitteeFactory.create(org_unit=city, name="临江市安全生产委员会")
    for i in range(count):
        unit = township_a if i % 2 else township_b
        CommitteeFactory.create(org_unit=city, kind="specialised", parent=main, lead_department=city).member_units.set(
            [unit]
        )
        LetterFactory.create(issuer=unit, org_unit=unit, kind="enterprise", enterprise=f"临江测试企业{i}")
        MeetingFactory.create(org_unit=unit, committee=main)
        LeaderInspectionFactory.create(org_unit=unit, hazards=[hazard])
        InterviewFactory.create(org_unit=unit)
        AccidentFactory.create(org_unit=unit)
        PublicityEventFactory.create(org_unit=unit)


@pytest.mark.parametrize("count", [2, 12])
@pytest.mark.parametrize("kind", list(MODELS))
def test_list_pages_take_the_same_queries_for_few_or_many_records(
    kind, count, township_a, township_b, city, leader_client, django_assert_max_num_queries
):
    _records(count, township_a, township_b, city)
    query = {"start": "2026-01-01", "end": "2026-12-31"}
    with django_assert_max_num_queries(LIST_QUERIES):
        response = leader_client.get(
            reverse(f"responsibility:{kind}_list"), {} if kind in ("committee", "letter") else query
        )
    assert len(response.context["page"].object_list) >= count
