"""The hazard ledger (隐患台账): what each filter returns, paging, scope and a pinned query count."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from hazards.models import Hazard
from tests.factories.hazards import CampaignFactory, HazardFactory, sector

pytestmark = pytest.mark.django_db

# Measured on SQLite and PostgreSQL; the same for 10 rows and 60 rows, so the ledger has no N+1.
# 9 since the village select stays empty until a township is chosen (it read every village before).
LEDGER_QUERIES = 9
HOME_QUERIES = 2  # session and user: the redirect reads no records


@pytest.fixture
def ledger(township_a, township_b):
    today = timezone.localdate()
    HazardFactory.create(
        org_unit=township_a, place_name="城关五金加工厂", sector=sector("消防"), found_on=dt.date(2026, 3, 10)
    )
    HazardFactory.create(
        org_unit=township_a,
        place_name="城关木业",
        sector=sector("工贸"),
        level=Hazard.Level.MAJOR,
        status=Hazard.Status.RECTIFYING,
        found_on=dt.date(2026, 5, 2),
        deadline=dt.date(2026, 5, 20),
    )
    HazardFactory.create(
        org_unit=township_b,
        place_name="青山化工",
        sector=sector("危险化学品"),
        status=Hazard.Status.CLOSED,
        found_on=dt.date(2026, 6, 15),
        closed_on=dt.date(2026, 6, 30),
        description="储罐区静电接地线断开",
    )
    HazardFactory.create(
        org_unit=township_b,
        place_name="青山砖厂",
        sector=sector("工贸"),
        status=Hazard.Status.ASSIGNED,
        found_on=dt.date(2026, 2, 1),
        deadline=today + dt.timedelta(days=30),
    )


def places(client, **params) -> set[str]:
    response = client.get(reverse("hazards:list"), params)
    assert response.status_code == 200
    return {h.place_name for h in response.context["page"]}


def test_city_leader_sees_every_townships_hazards(ledger, leader_client):
    assert places(leader_client) == {"城关五金加工厂", "城关木业", "青山化工", "青山砖厂"}


def test_township_staff_see_only_their_own_townships_hazards(ledger, staff_a_client):
    assert places(staff_a_client) == {"城关五金加工厂", "城关木业"}


def test_naming_another_township_in_the_filter_does_not_widen_the_ledger(ledger, staff_a_client, township_b):
    assert places(staff_a_client, township=township_b.pk) == {"城关五金加工厂", "城关木业"}


def test_filter_by_township(ledger, leader_client, township_b):
    assert places(leader_client, township=township_b.pk) == {"青山化工", "青山砖厂"}


def test_filter_by_sector(ledger, leader_client):
    assert places(leader_client, sector=sector("工贸").pk) == {"城关木业", "青山砖厂"}


def test_filter_by_status(ledger, leader_client):
    assert places(leader_client, status=Hazard.Status.CLOSED) == {"青山化工"}


def test_filter_by_level(ledger, leader_client):
    assert places(leader_client, level=Hazard.Level.MAJOR) == {"城关木业"}


def test_filter_overdue_only(ledger, leader_client):
    assert places(leader_client, overdue="on") == {"城关木业"}


def test_search_matches_the_place_name(ledger, leader_client):
    assert places(leader_client, q="砖厂") == {"青山砖厂"}


def test_search_matches_the_description(ledger, leader_client):
    assert places(leader_client, q="静电") == {"青山化工"}


def test_search_words_must_all_match(ledger, leader_client):
    assert places(leader_client, q="城关 木业") == {"城关木业"}


def test_filter_by_date_found(ledger, leader_client):
    assert places(leader_client, found_from="2026-03-01", found_to="2026-05-31") == {"城关五金加工厂", "城关木业"}


def test_filters_combine(ledger, leader_client):
    assert places(leader_client, sector=sector("工贸").pk, found_to="2026-03-01") == {"青山砖厂"}


def test_ledger_is_newest_first(ledger, leader_client):
    response = leader_client.get(reverse("hazards:list"))
    assert [h.place_name for h in response.context["page"]] == ["青山化工", "城关木业", "城关五金加工厂", "青山砖厂"]


def test_ledger_pages_by_25(township_a, staff_a_client):
    HazardFactory.create_batch(30, org_unit=township_a)
    first = staff_a_client.get(reverse("hazards:list"))
    second = staff_a_client.get(reverse("hazards:list"), {"page": 2})
    assert len(first.context["page"]) == 25
    assert len(second.context["page"]) == 5


def test_paging_keeps_the_filters(township_a, staff_a_client):
    HazardFactory.create_batch(30, org_unit=township_a, level=Hazard.Level.MAJOR)
    response = staff_a_client.get(reverse("hazards:list"), {"level": "major"})
    assert response.context["query"] == "level=major"


def test_htmx_filter_change_renders_only_the_table(ledger, leader_client):
    response = leader_client.get(
        reverse("hazards:list"), {"level": "major"}, headers={"HX-Request": "true", "HX-Target": "ledger"}
    )
    assert [t.name for t in response.templates][0] == "hazards/_ledger_table.html"
    assert "城关木业" in response.content.decode()


# --- The village select follows the township ------------------------------------------------------------


def _village_choices(client, **params) -> set[str]:
    response = client.get(reverse("hazards:list"), params)
    return {unit.name for unit in response.context["filter"].form.fields["village"].queryset}


def test_village_select_offers_the_chosen_townships_villages(leader_client, township_a, village_a, village_b):
    assert _village_choices(leader_client, township=township_a.pk) == {"和平社区"}


def test_village_select_is_empty_until_a_township_is_chosen(leader_client, village_a, village_b):
    response = leader_client.get(reverse("hazards:list"))
    field = response.context["filter"].form.fields["village"]
    assert not field.queryset.exists()
    assert field.disabled


def test_township_staff_get_their_own_villages_without_choosing(staff_a_client, village_a, village_b):
    assert _village_choices(staff_a_client) == {"和平社区"}


def test_another_townships_villages_are_never_offered(staff_a_client, township_b, village_b):
    assert _village_choices(staff_a_client, township=township_b.pk) == set()


def test_filter_by_village_within_a_township(leader_client, township_a, village_a):
    HazardFactory.create(org_unit=township_a, village=village_a, place_name="和平社区小超市")
    HazardFactory.create(org_unit=township_a, place_name="城关饭店")
    assert places(leader_client, township=township_a.pk, village=village_a.pk) == {"和平社区小超市"}


def test_naming_another_townships_village_does_not_widen_the_ledger(staff_a_client, township_a, township_b, village_b):
    HazardFactory.create(org_unit=township_a, place_name="城关饭店")
    HazardFactory.create(org_unit=township_b, village=village_b, place_name="新华村农家乐")
    assert places(staff_a_client, township=township_b.pk, village=village_b.pk) == {"城关饭店"}


def test_htmx_filter_change_sends_the_townships_villages_out_of_band(leader_client, township_b, village_a, village_b):
    response = leader_client.get(
        reverse("hazards:list"), {"township": township_b.pk}, headers={"HX-Request": "true", "HX-Target": "ledger"}
    )
    content = response.content.decode()
    assert 'id="village-filter" hx-swap-oob="true"' in content
    assert "新华村" in content
    assert "和平社区" not in content


def test_ledger_needs_a_login(client):
    response = client.get(reverse("hazards:list"))
    assert response.status_code == 302


# --- Query counts ------------------------------------------------------------------------------------------


def _rows(count: int, township_a, township_b, village_a) -> None:
    campaign = CampaignFactory.create()
    for i in range(count):
        HazardFactory.create(
            org_unit=township_a if i % 2 else township_b,
            village=village_a if i % 2 else None,
            campaign=campaign,
            level=Hazard.Level.MAJOR if i % 3 == 0 else Hazard.Level.GENERAL,
            deadline=dt.date(2026, 4, 1),
        )


@pytest.mark.parametrize("rows", [10, 60])
def test_ledger_query_count_does_not_grow_with_rows(
    rows, township_a, township_b, village_a, leader_client, django_assert_max_num_queries
):
    _rows(rows, township_a, township_b, village_a)
    with django_assert_max_num_queries(LEDGER_QUERIES):
        response = leader_client.get(reverse("hazards:list"))
    assert response.status_code == 200


def test_ledger_reads_its_filter_options_with_plain_selects(
    township_a, township_b, village_a, leader_client, django_assert_max_num_queries
):
    """Not a server-side cursor per select (DECLARE, FETCH, CLOSE on PostgreSQL): one SELECT each."""
    _rows(3, township_a, township_b, village_a)
    with django_assert_max_num_queries(LEDGER_QUERIES) as captured:
        response = leader_client.get(reverse("hazards:list"))
    html = response.content.decode()
    assert f'<option value="{township_a.pk}">{township_a.name}</option>' in html
    assert f'<option value="{township_b.pk}">{township_b.name}</option>' in html
    assert not [q["sql"] for q in captured.captured_queries if q["sql"].startswith("DECLARE")]


# The home page now sends everyone to a dashboard; tests/reports/test_dashboard*.py pin their query counts.
@pytest.mark.parametrize("rows", [10, 60])
def test_home_sends_a_leader_to_the_dashboard_without_counting_records(
    rows, township_a, township_b, village_a, leader_client, django_assert_max_num_queries
):
    _rows(rows, township_a, township_b, village_a)
    with django_assert_max_num_queries(HOME_QUERIES):
        response = leader_client.get(reverse("home"))
    assert response.url == reverse("reports:dashboard")
