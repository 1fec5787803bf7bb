"""The leaders' city / district dashboard: landing, figures, filters, links behind every number and bar."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from enforcement.selectors import enforcement_figures
from floodprep.selectors import flood_figures
from hazards.selectors import hazard_figures
from org.models import Role
from org.periods import Period
from org.scoping import ScopeViewer
from reports.figures import ReportScope, report_figures
from responsibility.selectors import accident_figures
from tests.factories.hazards import sector
from tests.factories.org import UserFactory
from tests.reports.dashboard_records import HALF, build_records, grow

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("reports:dashboard")
FIRST_HALF = Period(dt.date(2026, 1, 1), dt.date(2026, 6, 30))
# Session, the user with their unit and notices; filter choices 3; hazards 10 (headline and townships together:
# townships, month rollup, closed after the period, open ones; sectors 3 and their names; months 2 for both
# years), enforcement 3 (headline and the same townships), accidents 1, flood 5 (the cards' three kinds of
# record, standards and stock for shortfalls), ranking 2. A period cut in mid-month reads its edge days live:
# one more. 我的待办 (reports/todo.py): a leader's hazards and summaries, 2.
DASHBOARD_QUERIES = 26


@pytest.fixture
def records(half_year, city, township_a, township_b, village_a):
    return build_records(city=city, township_a=township_a, township_b=township_b, village_a=village_a)


def cards(response) -> dict[str, object]:
    return {k.key: k.value for group in response.context["dash"].cards.values() for k in group}


def links(response) -> dict[str, str]:
    return {k.key: k.link for group in response.context["dash"].cards.values() for k in group}


def chart_data(response) -> dict:
    html = response.content.decode()
    start = html.index('<script id="dashboard-data" type="application/json">') + len(
        '<script id="dashboard-data" type="application/json">'
    )
    return json.loads(html[start : html.index("</script>", start)])


def ledger_count(client, url: str) -> int:
    return client.get(url).context["page"].paginator.count


# --- Landing ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["leader_client", "clerk_client", "officer_client"])
def test_bureau_users_land_on_the_city_dashboard(who, request):
    response = request.getfixturevalue(who).get(reverse("home"))
    assert response.url == DASHBOARD


def test_township_staff_land_on_their_township_dashboard(staff_a_client):
    response = staff_a_client.get(reverse("home"))
    assert response.url == reverse("reports:township_dashboard")


def test_township_staff_may_not_open_the_city_dashboard(staff_a_client):
    assert staff_a_client.get(DASHBOARD).status_code == 403


# --- Figures ------------------------------------------------------------------------------------------------


def test_the_hazard_cards_show_the_hand_counted_half_year(leader_client, records):
    figures = cards(leader_client.get(DASHBOARD + HALF))
    assert (figures["hazards_found"], figures["hazards_rectified"], str(figures["hazards_rate"])) == (6, 4, "66.7")
    assert (figures["major_found"], figures["accidents"], figures["accident_deaths"]) == (1, 1, 1)


def test_accidents_are_compared_with_the_same_half_of_last_year(leader_client, records):
    notes = {k.key: k.note for k in leader_client.get(DASHBOARD + HALF).context["dash"].cards["accidents"]}
    assert notes["accidents"].startswith("同比下降50%")
    # 1 death against 3: people are compared in units, as the summary does (下降2人, not 下降66.7%).
    assert notes["accident_deaths"] == "同比下降2人"


def test_every_dashboard_figure_equals_the_figure_the_summary_uses(leader_client, city, records):
    """The dashboard and the half-year summary read the same selectors: no figure may differ."""
    today = timezone.localdate()
    viewer = ScopeViewer(org_unit=city)
    h = hazard_figures(user=viewer, period=FIRST_HALF, today=today)
    a = accident_figures(user=viewer, period=FIRST_HALF)
    e = enforcement_figures(user=viewer, period=FIRST_HALF)
    f = flood_figures(user=viewer, period=FIRST_HALF)
    expected = {
        "hazards_found": h.found,
        "hazards_rectified": h.rectified,
        "hazards_rate": h.rate,
        "major_found": h.major_found,
        "major_listed": h.listed,
        "hazards_overdue": h.overdue,
        "accidents": a.count,
        "accident_deaths": a.deaths,
        "inspections": e.inspections,
        "cases": e.cases,
        "fines_wan": Decimal(e.fines_wan),
        "flood_checkin_rate": f.checkin_rate,
        "risk_points": f.risk_points,
        "shelter_rate": f.shelter_rate,
        "supply_shortfalls": f.supply_shortfalls,
    }
    summary = report_figures(ReportScope(unit=city, period=FIRST_HALF, as_of=today))
    shared = {key: summary[key].value for key in expected if key in summary}
    expected.update(shared)

    assert cards(leader_client.get(DASHBOARD + HALF)) == expected
    assert {"hazards_found", "hazards_rate", "hazards_overdue", "accidents", "fines_wan", "shelter_rate"} <= set(shared)


def test_the_enforcement_and_flood_cards_count_the_fixture(leader_client, records):
    figures = cards(leader_client.get(DASHBOARD + HALF))
    assert (figures["inspections"], figures["cases"], figures["fines_wan"]) == (3, 1, Decimal("1.2"))
    assert (str(figures["flood_checkin_rate"]), str(figures["shelter_rate"])) == ("50.0", "50.0")


# --- Filters ------------------------------------------------------------------------------------------------


def test_a_district_narrows_every_figure_to_its_townships(leader_client, district_b, records):
    figures = cards(leader_client.get(f"{DASHBOARD}{HALF}&district={district_b.pk}"))
    assert (figures["hazards_found"], figures["inspections"], figures["accidents"]) == (2, 1, 0)


def test_a_district_outside_the_users_area_is_404(client_for, district_a, district_b):
    district_leader = UserFactory.create(org_unit=district_a, role=Role.LEADER)
    response = client_for(district_leader).get(f"{DASHBOARD}?district={district_b.pk}")
    assert response.status_code == 404


def test_a_sector_narrows_the_hazard_figures(leader_client, township_a, records):
    from tests.factories.hazards import HazardFactory

    HazardFactory.create(org_unit=township_a, sector=sector("工贸"), found_on=dt.date(2026, 2, 2))
    figures = cards(leader_client.get(f"{DASHBOARD}{HALF}&sector={sector('工贸').pk}"))
    assert figures["hazards_found"] == 1


def test_the_quick_picks_set_the_period(leader_client):
    today = timezone.localdate()
    scope = leader_client.get(f"{DASHBOARD}?period=30d").context["dash"].scope
    assert (scope.period.start, scope.period.end) == (today - dt.timedelta(days=29), today)


def test_a_custom_range_without_its_dates_shows_this_year_and_says_why(leader_client):
    response = leader_client.get(f"{DASHBOARD}?period=custom&start=2026-01-01")
    assert response.context["dash"].scope.period.start == timezone.localdate().replace(month=1, day=1)
    assert response.context["form"].non_field_errors()


# --- Links --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["hazards_found", "hazards_rectified", "major_found", "hazards_overdue"])
def test_each_hazard_card_opens_a_ledger_of_the_same_number(leader_client, records, key):
    response = leader_client.get(DASHBOARD + HALF)
    assert ledger_count(leader_client, links(response)[key]) == cards(response)[key]


def test_every_number_in_a_township_row_opens_a_list_of_that_many_records(leader_client, records):
    row = next(r for r in leader_client.get(DASHBOARD + HALF).context["dash"].townships if r.unit.name == "城关街道")
    shown = {
        "found": row.hazards.found,
        "rectified": row.hazards.rectified,
        "major": row.hazards.major_found,
        "overdue": row.hazards.overdue,
        "inspections": row.enforcement.inspections,
        "cases": row.enforcement.cases,
    }
    assert {key: ledger_count(leader_client, row.links[key]) for key in shown} == shown
    assert ledger_count(leader_client, row.links["checkin"]) == row.flood.responsible_persons - row.flood.checked_in


def test_each_township_bar_opens_the_ledger_of_its_hazards_in_that_state(leader_client, records):
    chart = chart_data(leader_client.get(DASHBOARD + HALF))["townships"]
    bars = [
        (chart["ids"][i], series["key"], n) for series in chart["series"] for i, n in enumerate(series["data"]) if n
    ]
    opened = [ledger_count(leader_client, f"{chart['link']}&township={pk}&status={status}") for pk, status, _n in bars]
    assert opened == [n for _pk, _status, n in bars]
    assert sum(opened) == 6


def test_the_month_bars_add_up_to_the_found_card_and_open_their_month(leader_client, records):
    months = chart_data(leader_client.get(DASHBOARD + HALF))["months"]
    assert sum(months["current"]) == 6
    assert ledger_count(leader_client, months["current_links"][0]) == months["current"][0]


def test_the_sector_bars_open_the_ledger_of_their_sector(leader_client, records):
    sectors = chart_data(leader_client.get(DASHBOARD + HALF))["sectors"]
    assert [ledger_count(leader_client, url) for url in sectors["found_links"]] == sectors["found"]


def test_the_ranking_chart_shows_the_latest_published_ranking_in_its_colours(leader_client, records):
    ranking = chart_data(leader_client.get(DASHBOARD + HALF))["ranking"]
    assert (ranking["names"], ranking["colours"]) == (["城关街道", "青山镇"], ["#0d6efd", "#dc3545"])
    assert leader_client.get(ranking["links"][0]).status_code == 200


def test_the_charts_come_as_json_without_inline_script(leader_client, records):
    html = leader_client.get(DASHBOARD + HALF).content.decode()
    assert html.count("<script>") == 0
    assert " onclick=" not in html


# --- Query counts -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [2, 12])
def test_the_city_dashboard_takes_the_same_queries_whatever_the_records(
    size, leader_client, records, township_a, township_b, django_assert_max_num_queries
):
    grow(size, township_a=township_a, township_b=township_b)
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        response = leader_client.get(f"{DASHBOARD}{HALF}&sector={sector('消防').pk}")
    assert response.status_code == 200
