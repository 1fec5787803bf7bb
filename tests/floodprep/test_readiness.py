"""The readiness page: the hand-counted figures, every figure linking to the records behind it."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories.floodprep import CheckInFactory, ResponsiblePersonFactory, RiskInspectionFactory
from tests.floodprep.conftest import CHENGGUAN, CITY

pytestmark = [pytest.mark.django_db]

H1_QUERY = "start=2026-01-01&end=2026-06-30"


def readiness(client: Client, query: str = H1_QUERY):
    return client.get(f"{reverse('floodprep:readiness')}?{query}")


def follow(client: Client, page, card: str):
    """Open the link of one figure card, as a leader clicking it would."""
    found = re.search(rf'href="([^"]+)" id="kpi-{card}"', page.content.decode())
    assert found is not None, f"no link on the {card} card"
    return client.get(html.unescape(found.group(1)))


def names(response) -> set[str]:
    return {str(row) for row in response.context["page"]}


@pytest.mark.usefixtures("counted")
def test_leader_sees_the_city_figures_and_a_row_per_township(leader_client):
    response = readiness(leader_client)
    assert response.context["figures"] == CITY
    assert [unit.name for unit, _f, _q in response.context["rows"]] == ["城关街道", "东湖街道", "青山镇"]


@pytest.mark.usefixtures("counted")
def test_township_staff_see_their_township_without_a_township_table(staff_a_client):
    response = readiness(staff_a_client)
    assert response.context["figures"] == CHENGGUAN
    assert response.context["rows"] == []


@pytest.mark.usefixtures("counted")
def test_leader_can_open_one_townships_readiness(leader_client, township_a):
    response = readiness(leader_client, f"unit={township_a.pk}&{H1_QUERY}")
    assert response.context["figures"] == CHENGGUAN


@pytest.mark.usefixtures("counted")
def test_township_staff_get_404_for_another_townships_readiness(staff_a_client, township_b):
    assert readiness(staff_a_client, f"unit={township_b.pk}").status_code == 404


@pytest.mark.usefixtures("counted")
def test_the_summary_sentence_is_on_the_page(leader_client):
    assert "出动检查人员25人次，检查各类点位14处，发现隐患4处" in readiness(leader_client).content.decode()


def test_check_in_rate_links_to_the_persons_not_checked_in(leader_client, counted):
    listed = follow(leader_client, readiness(leader_client), "checkin")
    assert names(listed) == {str(counted["P4"]), str(counted["P6"])}


def test_risk_points_figure_links_to_the_points_not_inspected(leader_client, counted):
    listed = follow(leader_client, readiness(leader_client), "points")
    assert names(listed) == {"城关下穿通道", "新华村山洪点"}


@pytest.mark.usefixtures("counted")
def test_shelter_rate_links_to_the_shelters_below_standard(leader_client):
    listed = follow(leader_client, readiness(leader_client), "shelters")
    assert len(listed.context["page"]) == CITY.shelters - CITY.shelters_standard


@pytest.mark.usefixtures("counted")
def test_inspection_figures_link_to_the_inspections_of_the_period(leader_client):
    listed = follow(leader_client, readiness(leader_client), "inspections")
    assert sum(i.staff_count for i in listed.context["page"]) == CITY.inspections_staff


@pytest.mark.usefixtures("counted")
def test_drill_figure_links_to_the_drills_of_the_period(leader_client):
    listed = follow(leader_client, readiness(leader_client), "drills")
    assert sum(d.participants for d in listed.context["page"]) == CITY.drill_participants


@pytest.mark.usefixtures("counted")
def test_shortfall_figure_links_to_the_shortfall_list(leader_client):
    listed = follow(leader_client, readiness(leader_client), "shortfalls")
    assert len(listed.context["shortfalls"]) == CITY.supply_shortfalls


@pytest.mark.usefixtures("counted")
def test_teams_figure_links_to_the_teams(leader_client):
    listed = follow(leader_client, readiness(leader_client), "teams")
    assert sum(t.members for t in listed.context["page"]) == CITY.team_members


def test_anonymous_visitor_is_sent_to_log_in(client):
    assert readiness(client).status_code == 302


READINESS_QUERIES = 16  # session, user, its unit, nav badge, the figures (11), the area list of the form


@pytest.mark.parametrize("extra", [0, 40])
def test_readiness_query_count_does_not_grow_with_records(
    extra, counted, village_a, township_a, leader_client, django_assert_max_num_queries
):
    for n in range(extra):
        CheckInFactory.create(person=ResponsiblePersonFactory.create(org_unit=village_a, mobile=f"1390000{n:04d}"))
        RiskInspectionFactory.create(org_unit=township_a)
    with django_assert_max_num_queries(READINESS_QUERIES):
        response = readiness(leader_client)
    assert response.status_code == 200
