"""The township's own dashboard, and the township file (一镇一档) leaders print."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from floodprep.models import Drill
from hazards.models import Hazard
from responsibility.models import Colour
from tests.factories.floodprep import DrillFactory
from tests.factories.hazards import HazardFactory
from tests.factories.responsibility import PublicityEventFactory
from tests.reports.dashboard_records import HALF, build_records, grow, publish_ranking

pytestmark = pytest.mark.django_db

TOWNSHIP = reverse("reports:township_dashboard")
# Session, the user with their unit and notices; hazards 3 (figures, overdue, months, all counted live),
# enforcement 2, accidents 1, flood 4 (the cards' three kinds of record, the reserve standards), ranking 1;
# 我的待办 (reports/todo.py) 2: the hazards, and in the flood season the roster.
TOWNSHIP_QUERIES = 15
# Session, the user with their unit and notices, the township checked against the reader's scope; hazard
# figures, sectors and their names and links, overdue; enforcement 2; accidents 2 (figures, list); flood: every
# kind of record (the file shows them all) and the shortfalls; drills 2; ranking history 1.
DOSSIER_QUERIES = 24


@pytest.fixture
def records(half_year, city, township_a, township_b, village_a):
    return build_records(city=city, township_a=township_a, township_b=township_b, village_a=village_a)


def dossier_url(township) -> str:
    return reverse("reports:township_dossier", args=[township.pk]) + HALF


def figures(response) -> dict[str, object]:
    return {k.key: k.value for group in response.context["dash"].cards.values() for k in group}


# --- The township dashboard ---------------------------------------------------------------------------------


def test_township_staff_see_only_their_own_townships_figures(staff_a_client, records):
    cards = figures(staff_a_client.get(TOWNSHIP + HALF))
    assert (cards["hazards_found"], cards["hazards_rectified"], cards["inspections"]) == (4, 3, 2)


def test_township_staff_see_their_overdue_hazards_oldest_deadline_first(staff_a_client, township_a, records):
    HazardFactory.create(
        org_unit=township_a,
        found_on=dt.date(2026, 2, 1),
        deadline=dt.date(2026, 2, 20),
        status=Hazard.Status.ASSIGNED,
        place_name="城关老粮站",
    )
    response = staff_a_client.get(TOWNSHIP + HALF)
    assert [h.place_name for h in response.context["overdue"]][0] == "城关老粮站"
    assert response.context["figures"].overdue == 2


def test_the_overdue_list_is_the_top_of_the_ledger_its_link_opens(staff_a_client, records):
    dash = staff_a_client.get(TOWNSHIP + HALF).context["dash"]
    ledger = list(staff_a_client.get(dash.overdue_link).context["page"].object_list)[: len(dash.overdue)]
    assert dash.overdue
    # Same hazards, same order of deadlines (the ledger does not order hazards due the same day).
    assert [h.deadline for h in dash.overdue] == [h.deadline for h in ledger]
    assert {h.pk for h in dash.overdue} == {h.pk for h in ledger}


def test_the_overdue_list_never_shows_another_townships_hazards(staff_b_client, records):
    overdue = staff_b_client.get(TOWNSHIP + HALF).context["overdue"]
    assert {h.org_unit.name for h in overdue} <= {"青山镇"}


def test_township_staff_see_their_place_and_colour_in_the_latest_ranking(
    staff_b_client, city, township_a, township_b, records
):
    publish_ranking(
        city, [(township_b, Colour.YELLOW, "80"), (township_a, Colour.BLUE, "70")], issue=2, end=dt.date(2026, 7, 31)
    )
    latest = staff_b_client.get(TOWNSHIP + HALF).context["dash"].latest
    assert (latest.rank, latest.colour) == (1, Colour.YELLOW)


def test_a_township_without_a_published_ranking_shows_none(staff_a_client, half_year):
    response = staff_a_client.get(TOWNSHIP)
    assert response.status_code == 200
    assert response.context["dash"].latest is None


def test_the_overdue_card_opens_the_ledger_of_the_same_hazards(staff_a_client, records):
    response = staff_a_client.get(TOWNSHIP + HALF)
    link = next(k.link for k in response.context["dash"].cards["hazards"] if k.key == "hazards_overdue")
    assert staff_a_client.get(link).context["page"].paginator.count == response.context["figures"].overdue


@pytest.mark.parametrize("size", [2, 12])
def test_the_township_dashboard_takes_the_same_queries_whatever_the_records(
    size, staff_a_client, records, township_a, township_b, django_assert_max_num_queries
):
    grow(size, township_a=township_a, township_b=township_b)
    with django_assert_max_num_queries(TOWNSHIP_QUERIES):
        response = staff_a_client.get(TOWNSHIP + HALF)
    assert response.status_code == 200


# --- 一镇一档 --------------------------------------------------------------------------------------------------


def test_a_leader_opens_any_townships_file(leader_client, township_b, records):
    response = leader_client.get(dossier_url(township_b))
    assert response.context["dossier"].figures.found == 2


def test_township_staff_get_404_for_another_townships_file(staff_a_client, township_b, records):
    assert staff_a_client.get(dossier_url(township_b)).status_code == 404


def test_a_village_is_not_a_township_file(leader_client, village_a):
    assert leader_client.get(reverse("reports:township_dossier", args=[village_a.pk])).status_code == 404


def test_the_file_holds_accidents_and_the_ranking_history(leader_client, township_a, records):
    dossier = leader_client.get(dossier_url(township_a)).context["dossier"]
    assert [a.occurred_on for a in dossier.accident_records] == [dt.date(2026, 3, 15)]
    assert [(e.rank, e.colour) for e in dossier.history] == [(1, Colour.BLUE)]


def test_the_file_lists_drills_from_flood_preparedness_and_publicity(leader_client, township_a, village_a, records):
    DrillFactory.create(org_unit=village_a, kind=Drill.Kind.DRILL, held_on=dt.date(2026, 5, 20), title="防台风应急演练")
    PublicityEventFactory.create(org_unit=township_a, held_on=dt.date(2026, 6, 16), title="安全生产月培训")
    drills = leader_client.get(dossier_url(township_a)).context["dossier"].drills
    assert [d.title for d in drills] == ["安全生产月培训", "防台风应急演练"]


def test_the_file_counts_by_sector_and_links_to_each_sector(leader_client, township_a, records):
    dossier = leader_client.get(dossier_url(township_a)).context["dossier"]
    name, sector_figures, link = dossier.by_sector[0]
    assert leader_client.get(link).context["page"].paginator.count == sector_figures.found == 4


@pytest.mark.parametrize("size", [2, 12])
def test_the_township_file_takes_the_same_queries_whatever_the_records(
    size, leader_client, records, township_a, township_b, django_assert_max_num_queries
):
    grow(size, township_a=township_a, township_b=township_b)
    with django_assert_max_num_queries(DOSSIER_QUERIES):
        response = leader_client.get(dossier_url(township_a))
    assert response.status_code == 200
