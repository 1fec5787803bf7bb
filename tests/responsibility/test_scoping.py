"""Scope: every page of another township's record answers 404, and no form reaches outside the user's area.

The matrix is built from the app's URLconf, so a new URL joins it without anyone editing this file; a URL
whose keyword this file cannot fill fails loudly until it is taught.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, get_resolver, reverse

from responsibility import services
from responsibility.models import LeaderInspection, Meeting, Ranking
from tests.factories.hazards import HazardFactory
from tests.factories.responsibility import (
    AccidentFactory,
    CommitteeFactory,
    ComplaintFactory,
    IncidentFactory,
    InterviewFactory,
    InvestmentFactory,
    LeaderInspectionFactory,
    LetterFactory,
    MeetingFactory,
    PublicityEventFactory,
    SchemeFactory,
    add_indicator,
)

POST_ONLY = {
    "ranking_compute",
    "ranking_publish",
    "ranking_discard",
    "return_submit",
    "review_accept",
    "review_send_back",
}


def _urls() -> list[tuple[str, tuple[str, ...], dict]]:
    resolver = get_resolver().namespace_dict["responsibility"][1]
    return [
        (p.name, tuple(p.pattern.converters), p.default_args)
        for p in resolver.url_patterns
        if isinstance(p, URLPattern) and p.name
    ]


URLS = _urls()
# URLs about one township's record: (name, which fixture object their pk names).
RECORD_URLS = [(name, defaults.get("kind", name.split("_")[0])) for name, kwargs, defaults in URLS if "pk" in kwargs]


@pytest.fixture
def records(city, township_a, clerk) -> dict:
    """One record of every kind belonging to 城关街道, and a draft city ranking."""
    scheme = SchemeFactory.create(org_unit=city)
    add_indicator(scheme, "hazards.found")
    return {
        "committee": CommitteeFactory.create(org_unit=township_a),
        "letter": LetterFactory.create(issuer=city, org_unit=township_a, scan=SimpleUploadedFile("l.pdf", b"%PDF-1.4")),
        "meeting": MeetingFactory.create(org_unit=township_a),
        "inspection": LeaderInspectionFactory.create(org_unit=township_a),
        "interview": InterviewFactory.create(org_unit=township_a),
        "accident": AccidentFactory.create(org_unit=township_a),
        "publicity": PublicityEventFactory.create(org_unit=township_a),
        "complaint": ComplaintFactory.create(org_unit=township_a),
        "incident": IncidentFactory.create(org_unit=township_a),
        "investment": InvestmentFactory.create(org_unit=township_a),
        "ranking": services.ranking_compute(
            acting_user=clerk, scheme=scheme, period=_march(), today=dt.date(2026, 4, 1)
        ),
        "township": township_a,
        **_returns(city, township_a),
    }


def _returns(city, township_a) -> dict:
    """A city indicator that townships report, a period of the city, and 城关街道's draft return (issue 15).
    "review" is the same return, for the office's URLs (review_accept, review_send_back)."""
    from responsibility.models import Return, ReturnIndicator, ReturnPeriod

    indicator = ReturnIndicator.objects.create(
        org_unit=city, code="grid_members", label="网格员", unit="名", from_townships=True, frequency="half_yearly"
    )
    period = ReturnPeriod.objects.create(
        org_unit=city,
        frequency="half_yearly",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 6, 30),
        due_on=dt.date(2026, 7, 5),
    )
    ret = Return.objects.create(period=period, org_unit=township_a)
    return {"indicator": indicator, "period": period, "return": ret, "review": ret}


def _march():
    from org.periods import Period

    return Period(dt.date(2026, 3, 1), dt.date(2026, 3, 31))


def url_of(name: str, target: str, records: dict) -> str:
    return reverse(f"responsibility:{name}", kwargs={"pk": records[target].pk})


def request(client, name: str, url: str):
    return client.post(url) if name in POST_ONLY else client.get(url)


def test_the_matrix_covers_every_kind_of_record():
    assert {target for _, target in RECORD_URLS} == {
        "committee",
        "letter",
        "meeting",
        "inspection",
        "interview",
        "accident",
        "publicity",
        "ranking",
        "township",
        "complaint",
        "incident",
        "investment",
        "return",
        "review",
        "period",
        "indicator",
    }


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "kwargs", "defaults"), URLS, ids=[u[0] for u in URLS])
def test_anonymous_visitor_is_sent_to_the_login_page(client, name, kwargs, defaults):
    url = reverse(f"responsibility:{name}", kwargs={"pk": 1} if "pk" in kwargs else None)
    response = request(client, name, url)
    assert response.status_code == 302
    assert response.url.startswith(f"{reverse('login')}?next=")


@pytest.mark.parametrize(("name", "target"), RECORD_URLS, ids=[u[0] for u in RECORD_URLS])
def test_township_staff_get_404_for_every_url_of_another_townships_record(staff_b_client, records, name, target):
    assert request(staff_b_client, name, url_of(name, target, records)).status_code == 404


@pytest.mark.parametrize(
    ("name", "target"),
    # The office's pages of a return, and the bureau's period and indicators, are not the township's to open.
    [r for r in RECORD_URLS if r[1] not in ("ranking", "committee", "review", "period", "indicator")],
    ids=lambda v: str(v),
)
def test_the_records_own_township_is_not_refused_the_same_urls(staff_a_client, records, name, target):
    # The other half of the row above: the 404s come from the scope, not from a wrong URL.
    assert request(staff_a_client, name, url_of(name, target, records)).status_code in (200, 302)


def test_a_draft_ranking_is_hidden_from_the_townships_it_ranks(staff_a_client, records):
    url = reverse("responsibility:ranking_bulletin", args=[records["ranking"].pk])
    assert staff_a_client.get(url).status_code == 404


def test_a_published_ranking_is_a_bulletin_every_ranked_township_reads(staff_b_client, records, clerk):
    services.ranking_publish(acting_user=clerk, ranking=records["ranking"])
    url = reverse("responsibility:ranking_bulletin", args=[records["ranking"].pk])
    assert staff_b_client.get(url).status_code == 200


def test_a_district_bulletin_stays_within_the_district(district_a, township_a, staff_b_client, clerk):
    scheme = SchemeFactory.create(org_unit=district_a)
    add_indicator(scheme, "hazards.found")
    ranking = services.ranking_compute(acting_user=clerk, scheme=scheme, period=_march(), today=dt.date(2026, 4, 1))
    services.ranking_publish(acting_user=clerk, ranking=ranking)
    assert staff_b_client.get(reverse("responsibility:ranking_detail", args=[ranking.pk])).status_code == 404


def test_the_ranking_list_shows_a_township_only_what_it_may_read(staff_b_client, records):
    response = staff_b_client.get(reverse("responsibility:ranking_list"))
    assert list(response.context["page"]) == []


def test_a_township_lists_only_its_own_records(records, township_b, staff_b_client):
    MeetingFactory.create(org_unit=township_b, held_on=dt.date.today())
    response = staff_b_client.get(reverse("responsibility:meeting_list"))
    assert {m.org_unit for m in response.context["page"]} == {township_b}


def test_a_form_cannot_name_another_townships_unit(township_b, staff_a_client):
    data = {"org_unit": township_b.pk, "held_on": dt.date.today().isoformat(), "kind": "dispatch", "topic": "调度会"}
    response = staff_a_client.post(reverse("responsibility:meeting_create"), data)
    assert "org_unit" in response.context["form"].errors
    assert not Meeting.objects.exists()


def test_hazards_of_another_township_cannot_be_handed_over(township_a, township_b, staff_a_client):
    other = HazardFactory.create(org_unit=township_b)
    data = {
        "org_unit": township_a.pk,
        "held_on": dt.date.today().isoformat(),
        "leader": "副市长 张明华",
        "places": "城关工业园区",
        "hazards": str(other.pk),
    }
    response = staff_a_client.post(reverse("responsibility:inspection_create"), data)
    assert "hazards" in response.context["form"].errors
    assert not LeaderInspection.objects.exists()


def test_the_service_refuses_a_unit_outside_the_area_whatever_the_form(township_b, township_a_staff):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.meeting_create(
            acting_user=township_a_staff,
            org_unit=township_b,
            held_on=dt.date(2026, 3, 1),
            kind="dispatch",
            topic="调度会",
        )


def test_the_office_may_not_publish_a_ranking_it_cannot_see(records, township_b_staff):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.ranking_publish(acting_user=township_b_staff, ranking=records["ranking"])
    assert Ranking.objects.get().status == Ranking.Status.DRAFT
