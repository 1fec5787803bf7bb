"""The record lists: filters, the area tree, and query counts that do not grow with the rows."""

from __future__ import annotations

import pytest
from django.urls import reverse

from floodprep.models import Drill
from tests.factories.floodprep import (
    CheckInFactory,
    DrillFactory,
    ForestPatrolFactory,
    RescueTeamFactory,
    ResponsiblePersonFactory,
    RiskInspectionFactory,
    RiskPointFactory,
    ShelterFactory,
    StockFactory,
    WarehouseFactory,
)

pytestmark = pytest.mark.django_db

LISTS = ["persons", "risk_points", "inspections", "warehouses", "teams", "shelters", "drills", "patrols"]
LIST_QUERIES = 7  # session, user, its unit, count, page, nav badge, the area list of the filter form


def listed(client, name: str, query: str = ""):
    return client.get(f"{reverse(f'floodprep:{name}')}?{query}")


def _records(n: int, township, village) -> None:
    for i in range(n):
        person = ResponsiblePersonFactory.create(org_unit=village, mobile=f"1370000{i:04d}")
        CheckInFactory.create(person=person)
        RiskPointFactory.create(org_unit=village).responsible_persons.add(person)
        RiskInspectionFactory.create(org_unit=township)
        StockFactory.create(warehouse=WarehouseFactory.create(org_unit=village, level="village"))
        RescueTeamFactory.create(org_unit=village)
        ShelterFactory.create(org_unit=village)
        DrillFactory.create(org_unit=township)
        ForestPatrolFactory.create(org_unit=township)


@pytest.mark.parametrize("rows", [3, 30])
@pytest.mark.parametrize("name", LISTS)
def test_list_query_count_does_not_grow_with_rows(
    name, rows, township_a, village_a, leader_client, django_assert_max_num_queries
):
    _records(rows, township_a, village_a)
    with django_assert_max_num_queries(LIST_QUERIES):
        response = listed(leader_client, name)
    assert len(response.context["page"]) == rows


def test_area_filter_includes_the_villages_of_a_township(leader_client, township_a, village_a, township_b):
    RescueTeamFactory.create(org_unit=township_a, name="镇队")
    RescueTeamFactory.create(org_unit=village_a, name="村队")
    RescueTeamFactory.create(org_unit=township_b, name="别镇队")
    response = listed(leader_client, "teams", f"unit={township_a.pk}")
    assert {t.name for t in response.context["page"]} == {"镇队", "村队"}


def test_lists_show_only_the_users_area(staff_a_client, township_a, township_b):
    ShelterFactory.create(org_unit=township_a, name="城关小学")
    ShelterFactory.create(org_unit=township_b, name="青山小学")
    assert [s.name for s in listed(staff_a_client, "shelters").context["page"]] == ["城关小学"]


def test_roster_hides_persons_who_left_unless_asked(leader_client, village_a):
    ResponsiblePersonFactory.create(org_unit=village_a, name="在册")
    ResponsiblePersonFactory.create(org_unit=village_a, name="调走", is_active=False)
    assert [p.name for p in listed(leader_client, "persons").context["page"]] == ["在册"]
    assert [p.name for p in listed(leader_client, "persons", "active=no").context["page"]] == ["调走"]


def test_roster_filters_by_check_in_within_the_dates(leader_client, village_a):
    early = ResponsiblePersonFactory.create(org_unit=village_a, name="五月打卡")
    CheckInFactory.create(person=early, checked_on="2026-05-01")
    ResponsiblePersonFactory.create(org_unit=village_a, name="未打卡")
    query = "start=2026-04-15&end=2026-06-30&checked_in="
    assert [p.name for p in listed(leader_client, "persons", query + "yes").context["page"]] == ["五月打卡"]
    assert [p.name for p in listed(leader_client, "persons", query + "no").context["page"]] == ["未打卡"]


def test_roster_counts_risk_points_and_shows_the_last_check_in(leader_client, village_a):
    person = ResponsiblePersonFactory.create(org_unit=village_a)
    RiskPointFactory.create(org_unit=village_a).responsible_persons.add(person)
    CheckInFactory.create(person=person, checked_on="2026-05-01")
    CheckInFactory.create(person=person, checked_on="2026-06-01")
    (row,) = listed(leader_client, "persons").context["page"]
    assert (row.point_count, str(row.last_checkin)) == (1, "2026-06-01")


def test_drills_filter_by_kind_and_dates(leader_client, township_a):
    DrillFactory.create(org_unit=township_a, title="演练", held_on="2026-05-01")
    DrillFactory.create(org_unit=township_a, title="培训", kind=Drill.Kind.TRAINING, held_on="2026-05-01")
    DrillFactory.create(org_unit=township_a, title="去年演练", held_on="2025-05-01")
    response = listed(leader_client, "drills", "kind=drill&start=2026-01-01&end=2026-06-30")
    assert [d.title for d in response.context["page"]] == ["演练"]


def test_search_finds_a_person_by_post(leader_client, village_a):
    ResponsiblePersonFactory.create(org_unit=village_a, post="山塘水库巡查员")
    ResponsiblePersonFactory.create(org_unit=village_a, post="网格员")
    assert [p.post for p in listed(leader_client, "persons", "q=水库").context["page"]] == ["山塘水库巡查员"]


def test_htmx_filter_returns_only_the_table(leader_client, village_a):
    ResponsiblePersonFactory.create(org_unit=village_a)
    response = leader_client.get(reverse("floodprep:persons"), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="records")
    assert [t.name for t in response.templates][0] == "floodprep/_person_table.html"
