"""The closed loop, driven the way a township worker drives it: through the views.

报告 reported → 交办 assigned → 整改中 rectifying → 待复查 awaiting review → 销号 closed.
Rows in a given state come from HazardFactory; every move is a POST to hazards:action.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from hazards.models import Hazard, HazardPhoto
from org.models import AuditEntry
from tests.factories.hazards import CriterionFactory, HazardFactory, hazard_form_data, tiny_png

pytestmark = pytest.mark.django_db

S = Hazard.Status
FIVE = {
    "five_person": "赵厂长",
    "five_measures": "加装泄爆片，除尘器移至室外",
    "five_funds": "3.50",
    "five_deadline": "2026-12-31",
    "five_plan": "粉尘爆炸专项应急预案",
}
FIVE_ROW = {**FIVE, "five_funds": Decimal("3.50"), "five_deadline": dt.date(2026, 12, 31)}


def act(client, hazard: Hazard, action: str, data: dict | None = None):
    return client.post(reverse("hazards:action", args=[hazard.pk, action]), data or {})


def audit_actions(hazard: Hazard) -> list[str]:
    return list(
        AuditEntry.objects.filter(target_id=hazard.pk, action__startswith="hazards.hazard.")
        .order_by("created_at", "pk")
        .values_list("action", flat=True)
    )


def form_errors(response, action: str) -> dict:
    return response.context[f"{action}_form"].errors


@pytest.fixture
def walked(staff_a_client, officer_client, township_a) -> Hazard:
    """A hazard reported through the entry form and walked to closed through the action views.

    The worker does every step but the re-inspection: separation of duties has someone else (the officer)
    re-inspect and close it (tests/hazards/test_separation.py).
    """
    staff_a_client.post(reverse("hazards:create"), hazard_form_data(township_a, place_name="城关五金加工厂"))
    hazard = Hazard.objects.get(place_name="城关五金加工厂")
    deadline = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    act(staff_a_client, hazard, "assign", {"responsible_unit": "城关五金加工厂", "deadline": deadline})
    act(staff_a_client, hazard, "start")
    act(staff_a_client, hazard, "rectify", {"note": "纸箱已清走，指示标志已更换"})
    act(officer_client, hazard, "reinspect", {"passed": "1", "note": "现场复查合格"})
    hazard.refresh_from_db()
    return hazard


def test_hazard_walks_the_loop_from_report_to_closed(walked):
    assert walked.status == S.CLOSED
    assert walked.closed_on == timezone.localdate()


def test_each_step_of_the_loop_leaves_an_audit_entry(walked):
    assert audit_actions(walked) == [
        "hazards.hazard.created",
        "hazards.hazard.assign",
        "hazards.hazard.start",
        "hazards.hazard.rectify",
        "hazards.hazard.reinspect_pass",
    ]


def test_every_audit_entry_names_the_worker_who_acted(walked, township_a_staff, officer):
    actors = dict(AuditEntry.objects.filter(target_id=walked.pk).values_list("action", "actor"))
    assert set(actors.values()) == {township_a_staff.pk, officer.pk}
    assert actors["hazards.hazard.reinspect_pass"] == officer.pk


def test_detail_page_shows_the_timeline_of_the_loop(walked, leader_client):
    response = leader_client.get(reverse("hazards:detail", args=[walked.pk]))
    assert response.status_code == 200
    assert [e.action for e in response.context["timeline"]][-1] == "hazards.hazard.reinspect_pass"
    assert "现场复查合格" in response.content.decode()


def test_each_successful_step_redirects_to_the_detail_page(staff_a_client, township_a_hazard):
    response = act(
        staff_a_client, township_a_hazard, "assign", {"responsible_unit": "城关五金加工厂", "deadline": "2026-12-01"}
    )
    assert response.status_code == 302
    assert response.url == reverse("hazards:detail", args=[township_a_hazard.pk])


def test_assigning_records_the_responsible_unit_and_deadline(staff_a_client, township_a_hazard):
    act(staff_a_client, township_a_hazard, "assign", {"responsible_unit": "城关五金加工厂", "deadline": "2026-12-01"})
    township_a_hazard.refresh_from_db()
    assert township_a_hazard.status == S.ASSIGNED
    assert (township_a_hazard.responsible_unit, township_a_hazard.deadline) == ("城关五金加工厂", dt.date(2026, 12, 1))


def test_assigning_a_deadline_before_the_hazard_was_found_is_refused(staff_a_client, township_a_hazard):
    response = act(
        staff_a_client, township_a_hazard, "assign", {"responsible_unit": "城关五金加工厂", "deadline": "2026-01-01"}
    )
    township_a_hazard.refresh_from_db()
    assert response.status_code == 400
    assert "deadline" in form_errors(response, "assign")
    assert township_a_hazard.status == S.REPORTED


def test_submitting_rectification_without_a_note_is_refused(staff_a_client, township_a):
    hazard = HazardFactory.create(org_unit=township_a, status=S.RECTIFYING)
    response = act(staff_a_client, hazard, "rectify", {"note": ""})
    hazard.refresh_from_db()
    assert response.status_code == 400
    assert "note" in form_errors(response, "rectify")
    assert hazard.status == S.RECTIFYING


def test_failed_reinspection_without_a_reason_is_refused(staff_a_client, township_a):
    hazard = HazardFactory.create(org_unit=township_a, status=S.AWAITING_REVIEW)
    response = act(staff_a_client, hazard, "reinspect", {"passed": "0", "note": ""})
    hazard.refresh_from_db()
    assert response.status_code == 400
    assert "note" in form_errors(response, "reinspect")
    assert hazard.status == S.AWAITING_REVIEW


def test_failed_reinspection_with_a_reason_returns_the_hazard_to_rectifying(staff_a_client, township_a):
    hazard = HazardFactory.create(org_unit=township_a, status=S.AWAITING_REVIEW)
    act(staff_a_client, hazard, "reinspect", {"passed": "0", "note": "灭火器仍未更换"})
    hazard.refresh_from_db()
    assert hazard.status == S.RECTIFYING


def test_failed_reinspection_stores_its_reason_in_the_audit_entry(staff_a_client, township_a):
    hazard = HazardFactory.create(org_unit=township_a, status=S.AWAITING_REVIEW)
    act(staff_a_client, hazard, "reinspect", {"passed": "0", "note": "灭火器仍未更换"})
    entry = AuditEntry.objects.get(target_id=hazard.pk, action="hazards.hazard.reinspect_fail")
    assert entry.data["reason"] == "灭火器仍未更换"


def test_reinspecting_a_hazard_that_was_only_reported_is_refused(staff_a_client, township_a_hazard):
    response = act(staff_a_client, township_a_hazard, "reinspect", {"passed": "1"})
    township_a_hazard.refresh_from_db()
    assert response.status_code == 400
    assert response.context["reinspect_form"].non_field_errors()
    assert (township_a_hazard.status, township_a_hazard.closed_on) == (S.REPORTED, None)


def test_starting_rectification_twice_is_refused(staff_a_client, township_a):
    hazard = HazardFactory.create(org_unit=township_a, status=S.RECTIFYING)
    response = act(staff_a_client, hazard, "start")
    assert response.status_code == 400
    assert not AuditEntry.objects.filter(target_id=hazard.pk).exists()


def test_an_unknown_action_is_not_found(staff_a_client, township_a_hazard):
    response = act(staff_a_client, township_a_hazard, "delete")
    assert response.status_code == 404


def test_actions_only_accept_post(staff_a_client, township_a_hazard):
    response = staff_a_client.get(reverse("hazards:action", args=[township_a_hazard.pk, "start"]))
    assert response.status_code == 405


def test_sending_back_an_assigned_hazard_with_a_reason_puts_it_into_rectifying(staff_a_client, township_a):
    hazard = HazardFactory.create(org_unit=township_a, status=S.ASSIGNED)
    act(staff_a_client, hazard, "send_back", {"reason": "交办单位有误，退回重办"})
    hazard.refresh_from_db()
    assert hazard.status == S.RECTIFYING
    assert audit_actions(hazard) == ["hazards.hazard.send_back"]


def test_leader_may_send_back_a_hazard_awaiting_review(leader_client, township_a):
    hazard = HazardFactory.create(org_unit=township_a, status=S.AWAITING_REVIEW)
    act(leader_client, hazard, "send_back", {"reason": "整改照片不清晰"})
    hazard.refresh_from_db()
    assert hazard.status == S.RECTIFYING


def test_leader_may_not_assign_a_hazard(leader_client, township_a_hazard):
    response = act(
        leader_client, township_a_hazard, "assign", {"responsible_unit": "城关五金加工厂", "deadline": "2026-12-01"}
    )
    township_a_hazard.refresh_from_db()
    assert response.status_code == 400
    assert township_a_hazard.status == S.REPORTED


# --- Major hazards: criterion, five in place, listed supervision -------------------------------------------


def test_choosing_a_criterion_on_entry_makes_the_hazard_major(staff_a_client, township_a):
    criterion = CriterionFactory.create()
    staff_a_client.post(
        reverse("hazards:create"), hazard_form_data(township_a, place_name="城关木业", criterion=criterion.pk)
    )
    hazard = Hazard.objects.get(place_name="城关木业")
    assert hazard.level == Hazard.Level.MAJOR
    assert hazard.criterion == criterion


def test_closing_a_major_hazard_without_the_five_in_place_is_refused(staff_a_client, township_a):
    hazard = HazardFactory.create(org_unit=township_a, level=Hazard.Level.MAJOR, status=S.AWAITING_REVIEW)
    response = act(staff_a_client, hazard, "reinspect", {"passed": "1"})
    hazard.refresh_from_db()
    assert response.status_code == 400
    assert response.context["reinspect_form"].non_field_errors()
    assert (hazard.status, hazard.closed_on) == (S.AWAITING_REVIEW, None)


def test_a_major_hazard_closes_once_the_five_in_place_are_filled(staff_a_client, township_a):
    hazard = HazardFactory.create(org_unit=township_a, level=Hazard.Level.MAJOR, status=S.AWAITING_REVIEW)
    act(staff_a_client, hazard, "five", FIVE)
    response = act(staff_a_client, hazard, "reinspect", {"passed": "1"})
    hazard.refresh_from_db()
    assert response.status_code == 302
    assert hazard.status == S.CLOSED


def test_filling_the_five_in_place_is_audited(staff_a_client, township_a):
    hazard = HazardFactory.create(org_unit=township_a, level=Hazard.Level.MAJOR, status=S.RECTIFYING)
    act(staff_a_client, hazard, "five", FIVE)
    hazard.refresh_from_db()
    assert hazard.five_person == "赵厂长"
    assert audit_actions(hazard) == ["hazards.hazard.five_in_place"]


def test_an_ordinary_hazard_does_not_take_the_five_in_place(staff_a_client, township_a_hazard):
    response = act(staff_a_client, township_a_hazard, "five", FIVE)
    township_a_hazard.refresh_from_db()
    assert response.status_code == 400
    assert township_a_hazard.five_person == ""


def test_the_five_in_place_of_a_closed_hazard_are_locked(staff_a_client, township_a):
    hazard = HazardFactory.create(
        org_unit=township_a, level=Hazard.Level.MAJOR, status=S.CLOSED, closed_on=dt.date(2026, 4, 1), **FIVE_ROW
    )
    response = act(staff_a_client, hazard, "five", {**FIVE, "five_person": "改名"})
    hazard.refresh_from_db()
    assert response.status_code == 400
    assert hazard.five_person == "赵厂长"


def test_leader_puts_a_major_hazard_under_listed_supervision(leader_client, township_a):
    hazard = HazardFactory.create(org_unit=township_a, level=Hazard.Level.MAJOR, status=S.RECTIFYING)
    act(leader_client, hazard, "supervise", {"level": Hazard.SupervisionLevel.CITY, "listed_on": "2026-04-01"})
    hazard.refresh_from_db()
    assert hazard.is_listed
    assert audit_actions(hazard) == ["hazards.hazard.listed"]


def test_township_staff_cannot_put_a_hazard_under_listed_supervision(staff_a_client, township_a):
    hazard = HazardFactory.create(org_unit=township_a, level=Hazard.Level.MAJOR, status=S.RECTIFYING)
    response = act(
        staff_a_client, hazard, "supervise", {"level": Hazard.SupervisionLevel.CITY, "listed_on": "2026-04-01"}
    )
    hazard.refresh_from_db()
    assert response.status_code == 400
    assert hazard.supervision_level == ""


def test_an_ordinary_hazard_cannot_be_listed(leader_client, township_a_hazard):
    response = act(
        leader_client,
        township_a_hazard,
        "supervise",
        {"level": Hazard.SupervisionLevel.CITY, "listed_on": "2026-04-01"},
    )
    township_a_hazard.refresh_from_db()
    assert response.status_code == 400
    assert township_a_hazard.supervision_level == ""


def test_closing_a_listed_hazard_delists_it(staff_a_client, township_a):
    hazard = HazardFactory.create(
        org_unit=township_a,
        level=Hazard.Level.MAJOR,
        status=S.AWAITING_REVIEW,
        supervision_level=Hazard.SupervisionLevel.CITY,
        listed_on=dt.date(2026, 4, 1),
        **FIVE_ROW,
    )
    act(staff_a_client, hazard, "reinspect", {"passed": "1"})
    hazard.refresh_from_db()
    assert hazard.delisted_on == timezone.localdate()
    assert not hazard.is_listed


# --- Photos ------------------------------------------------------------------------------------------------


@pytest.fixture
def rectified_with_photo(staff_a_client, township_a) -> Hazard:
    hazard = HazardFactory.create(org_unit=township_a, status=S.RECTIFYING)
    act(staff_a_client, hazard, "rectify", {"note": "纸箱已清走", "photos": tiny_png()})
    return hazard


def test_rectifying_with_a_photo_saves_an_after_photo(rectified_with_photo):
    photos = list(HazardPhoto.objects.filter(hazard=rectified_with_photo))
    assert [p.kind for p in photos] == [HazardPhoto.Kind.AFTER]


def test_the_photo_url_serves_the_photo_to_its_township(rectified_with_photo, staff_a_client):
    photo = rectified_with_photo.photos.get()
    response = staff_a_client.get(reverse("hazards:photo", args=[rectified_with_photo.pk, photo.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_the_photo_url_is_not_found_for_another_township(rectified_with_photo, staff_b_client):
    photo = rectified_with_photo.photos.get()
    response = staff_b_client.get(reverse("hazards:photo", args=[rectified_with_photo.pk, photo.pk]))
    assert response.status_code == 404


def test_a_photo_cannot_be_fetched_through_another_hazards_url(rectified_with_photo, staff_a_client, township_a):
    other = HazardFactory.create(org_unit=township_a)
    photo = rectified_with_photo.photos.get()
    response = staff_a_client.get(reverse("hazards:photo", args=[other.pk, photo.pk]))
    assert response.status_code == 404


# --- Editing -----------------------------------------------------------------------------------------------


def test_editing_a_hazard_records_what_changed(staff_a_client, township_a, township_a_hazard):
    data = hazard_form_data(township_a, place_name="城关五金加工厂（东厂区）", found_on="2026-03-10")
    staff_a_client.post(reverse("hazards:edit", args=[township_a_hazard.pk]), data)
    entry = AuditEntry.objects.get(target_id=township_a_hazard.pk, action="hazards.hazard.updated")
    assert entry.data["changed"]["place_name"] == "城关五金加工厂（东厂区）"


def test_a_closed_hazard_cannot_be_edited(staff_a_client, township_a):
    hazard = HazardFactory.create(
        org_unit=township_a, status=S.CLOSED, closed_on=dt.date(2026, 4, 1), place_name="旧名"
    )
    response = staff_a_client.post(reverse("hazards:edit", args=[hazard.pk]), hazard_form_data(township_a))
    hazard.refresh_from_db()
    assert response.status_code == 302
    assert hazard.place_name == "旧名"
