"""flood_figures and flood_figures_by_township against the fixture counted by hand in conftest.py."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from floodprep import selectors
from floodprep.seasons import default_period, flood_season
from floodprep.selectors import FloodFigures
from org.periods import Period
from tests.floodprep.conftest import CHENGGUAN, CITY, H1

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("counted")]


def test_city_figures_match_the_hand_count(city_leader):
    assert selectors.flood_figures(user=city_leader, period=H1) == CITY


def test_township_figures_match_the_hand_count(city_leader):
    rows = dict(
        (unit.name, figures) for unit, figures in selectors.flood_figures_by_township(user=city_leader, period=H1)
    )
    qingshan = rows["青山镇"]
    assert rows["城关街道"] == CHENGGUAN
    assert (
        qingshan.responsible_persons,
        qingshan.checkin_rate,
        qingshan.supply_shortfalls,
        qingshan.shelter_rate,
        qingshan.inspections_staff,
        qingshan.forest_patrols,
    ) == (2, Decimal("50.0"), 1, Decimal("50.0"), 8, 1)


def test_a_township_without_records_is_listed_with_no_rates(city_leader):
    rows = {unit.name: figures for unit, figures in selectors.flood_figures_by_township(user=city_leader, period=H1)}
    assert list(rows) == ["城关街道", "东湖街道", "青山镇"]
    assert (rows["东湖街道"].responsible_persons, rows["东湖街道"].checkin_rate) == (0, None)


def test_district_and_city_records_count_in_the_total_only(city_leader):
    rows = selectors.flood_figures_by_township(user=city_leader, period=H1)
    assert sum(f.responsible_persons for _unit, f in rows) == CITY.responsible_persons - 1  # P1 (临江区)
    assert sum(f.team_members for _unit, f in rows) == CITY.team_members - 100  # the city team


def test_township_staff_figures_are_their_own_townships(township_a_staff):
    assert selectors.flood_figures(user=township_a_staff, period=H1) == CHENGGUAN


def test_unit_narrows_the_figures_to_one_township(city_leader, township_a):
    assert selectors.flood_figures(user=city_leader, period=H1, unit=township_a) == CHENGGUAN


def test_a_later_period_counts_the_later_records(city_leader):
    july = Period(dt.date(2026, 7, 1), dt.date(2026, 7, 31))
    figures = selectors.flood_figures(user=city_leader, period=july)
    assert (figures.checked_in, figures.forest_patrols, figures.inspections) == (1, 1, 0)


def test_figures_take_a_fixed_number_of_queries(city_leader, django_assert_num_queries):
    # One grouped query per kind of record (7), plus standards, stock and items for the shortfalls.
    with django_assert_num_queries(10):
        selectors.flood_figures(user=city_leader, period=H1)


def test_township_rows_take_one_more_query(city_leader, django_assert_num_queries):
    with django_assert_num_queries(11):
        selectors.flood_figures_by_township(user=city_leader, period=H1)


def test_the_dashboards_cards_count_only_their_kinds_of_record(city_leader, django_assert_num_queries):
    """CARD_KINDS: persons, risk points, shelters and shortfalls as the full count has them; nothing else."""
    with django_assert_num_queries(6):  # 3 kinds, and the shortfalls' standards, stock and items
        cards = selectors.flood_figures(user=city_leader, period=H1, only=selectors.CARD_KINDS)
    shown = (
        "responsible_persons",
        "checked_in",
        "checkin_rate",
        "risk_points",
        "risk_points_inspected",
        "shelters",
        "shelters_standard",
        "shelter_rate",
        "supply_shortfalls",
    )
    assert {name: getattr(cards, name) for name in shown} == {name: getattr(CITY, name) for name in shown}
    # The fixture has inspections and forest patrols; the cards do not count them.
    assert CITY.inspections
    assert CITY.forest_patrols
    assert (cards.inspections, cards.forest_patrols, cards.drills, cards.teams) == (0, 0, 0, 0)
    _total, rows = selectors.flood_readiness(user=city_leader, period=H1, only=selectors.CARD_KINDS)
    assert dict((u.name, f.checkin_rate) for u, f in rows)["城关街道"] == CHENGGUAN.checkin_rate


def test_shortfalls_name_the_township_item_and_missing_quantity(city_leader):
    (shortfall,) = selectors.supply_shortfalls(user=city_leader)
    assert (shortfall.township, shortfall.item.name, shortfall.required, shortfall.held, shortfall.missing) == (
        "青山镇",
        "排水泵",
        4,
        2,
        2,
    )


def test_sentence_reads_like_the_summary():
    figures = FloodFigures(
        **{
            **CITY.__dict__,
            "inspections_staff": 3864,
            "points_checked": 1234,
            "hazards_found": 168,
            "hazards_rectified": 163,
            "measures_in_place": 5,
        }
    )
    assert selectors.inspection_sentence(figures) == (
        "出动检查人员3864人次，检查各类点位1234处，发现隐患168处，整改163处，其余5处已落实度汛措施"
    )


def test_sentence_says_how_many_have_measures_when_some_are_still_open(city_leader):
    text = selectors.inspection_sentence(selectors.flood_figures(user=city_leader, period=H1))
    assert text == "出动检查人员25人次，检查各类点位14处，发现隐患4处，整改2处，1处已落实度汛措施"


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (dt.date(2026, 3, 1), flood_season(2025)),
        (dt.date(2026, 6, 19), Period(dt.date(2026, 4, 15), dt.date(2026, 6, 19))),
        (dt.date(2026, 11, 23), flood_season(2026)),
    ],
)
def test_default_period_is_the_current_or_last_flood_season(today, expected):
    assert default_period(today) == expected
