"""Figures against a fixture counted by hand, plus the shared rate and amount wording.

The first half of 2026 (H1), looked at on 15 July 2026:

    row  township  sector     found       level  state     closed      deadline    notes
    A1   城关      消防       2026-01-10  -      closed    2026-02-01
    A2   城关      工贸       2026-02-15  major  closed    2026-06-20
    A3   城关      消防       2026-03-05  -      rectif.               2026-04-01  overdue
    A4   城关      工贸       2026-05-20  major  assigned              2026-08-30  listed (city)
    B1   青山      消防       2026-01-20  -      closed    2026-07-05              closed after H1: not rectified in H1
    B2   青山      建筑施工   2026-04-02  -      closed    2026-04-20
    B3   青山      消防       2025-12-20  -      reported              2026-01-31  found before H1; overdue
    B4   青山      危险化学品 2026-06-01  -      closed    2026-06-10

    城关: found 4, rectified 2 (A1, A2) → 50.0      青山: found 3, rectified 2 (B2, B4) → 66.7
    city: found 7, rectified 4 → 57.1; major found 2, major rectified 1; listed 1; overdue 2 (A3, B3); open 3
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from hazards import selectors
from hazards.models import Hazard
from org.periods import Period, format_rate, rate, yuan_to_wan
from tests.factories.hazards import HazardFactory, sector
from tests.factories.org import OrgUnitFactory, UserFactory

H1 = Period.half_year(2026, 1)
TODAY = dt.date(2026, 7, 15)
S = Hazard.Status
MAJOR = Hazard.Level.MAJOR
LISTED_MAJOR = {"level": MAJOR, "supervision_level": Hazard.SupervisionLevel.CITY, "listed_on": dt.date(2026, 6, 1)}


def d(month: int, day: int, year: int = 2026) -> dt.date:
    return dt.date(year, month, day)


@pytest.fixture
def township_c(district_a):
    """A township with no hazards at all; it must still appear in the ranking."""
    return OrgUnitFactory.create(name="东湖街道", code="TC", kind="township", parent=district_a)


@pytest.fixture
def half_year(township_a, township_b, township_c):
    a, b = township_a, township_b
    rows = [
        (a, "消防", d(1, 10), {"status": S.CLOSED, "closed_on": d(2, 1)}),  # A1
        (a, "工贸", d(2, 15), {"status": S.CLOSED, "closed_on": d(6, 20), "level": MAJOR}),  # A2
        (a, "消防", d(3, 5), {"status": S.RECTIFYING, "deadline": d(4, 1)}),  # A3
        (a, "工贸", d(5, 20), {"status": S.ASSIGNED, "deadline": d(8, 30), **LISTED_MAJOR}),  # A4
        (b, "消防", d(1, 20), {"status": S.CLOSED, "closed_on": d(7, 5)}),  # B1
        (b, "建筑施工", d(4, 2), {"status": S.CLOSED, "closed_on": d(4, 20)}),  # B2
        (b, "消防", d(12, 20, 2025), {"status": S.REPORTED, "deadline": d(1, 31)}),  # B3
        (b, "危险化学品", d(6, 1), {"status": S.CLOSED, "closed_on": d(6, 10)}),  # B4
    ]
    for unit, sector_name, found_on, extra in rows:
        HazardFactory.create(org_unit=unit, sector=sector(sector_name), found_on=found_on, **extra)


def figures(user, **kwargs) -> selectors.HazardFigures:
    return selectors.hazard_figures(user=user, period=H1, today=TODAY, **kwargs)


# --- Headline figures --------------------------------------------------------------------------------------


def test_found_counts_only_hazards_found_in_the_period(half_year, city_leader):
    assert figures(city_leader).found == 7


def test_rectified_counts_hazards_closed_by_the_end_of_the_period(half_year, city_leader):
    assert figures(city_leader).rectified == 4


def test_rectification_rate_has_one_decimal_place(half_year, city_leader):
    assert figures(city_leader).rate == Decimal("57.1")


def test_major_figures(half_year, city_leader):
    result = figures(city_leader)
    assert (result.major_found, result.major_rectified, result.major_rate) == (2, 1, Decimal("50.0"))


def test_listed_counts_open_major_hazards_under_supervision(half_year, city_leader):
    assert figures(city_leader).listed == 1


def test_overdue_counts_open_hazards_past_deadline_whenever_found(half_year, city_leader):
    assert figures(city_leader).overdue == 2


def test_overdue_depends_on_the_day_asked(half_year, city_leader):
    assert selectors.hazard_figures(user=city_leader, period=H1, today=d(9, 1)).overdue == 3


def test_open_counts_every_hazard_not_closed(half_year, city_leader):
    assert figures(city_leader).open == 3


def test_figures_can_be_narrowed_to_a_sector(half_year, city_leader):
    result = figures(city_leader, filters={"sector": sector("消防")})
    assert (result.found, result.rectified) == (3, 1)


def test_a_period_with_nothing_found_has_no_rate(half_year, city_leader):
    result = selectors.hazard_figures(user=city_leader, period=Period.half_year(2024, 1), today=TODAY)
    assert (result.found, result.rate) == (0, None)


# --- Scope -------------------------------------------------------------------------------------------------


def test_township_staff_get_their_own_townships_figures(half_year, township_a_staff):
    result = figures(township_a_staff)
    assert (result.found, result.rectified, result.rate) == (4, 2, Decimal("50.0"))


def test_township_staff_get_only_their_own_township_in_the_ranking(half_year, township_a_staff, township_a):
    rows = selectors.hazard_figures_by_township(user=township_a_staff, period=H1, today=TODAY)
    assert [unit for unit, _ in rows] == [township_a]


def test_a_user_without_an_org_unit_gets_zero_figures(half_year):
    nobody = UserFactory.create(org_unit=None)
    assert figures(nobody).found == 0


# --- Breakdowns --------------------------------------------------------------------------------------------


def test_by_township_lists_every_township_including_those_with_nothing(half_year, city_leader):
    rows = selectors.hazard_figures_by_township(user=city_leader, period=H1, today=TODAY)
    found = {unit.name: (f.found, f.rectified, f.rate) for unit, f in rows}
    assert found == {
        "城关街道": (4, 2, Decimal("50.0")),
        "青山镇": (3, 2, Decimal("66.7")),
        "东湖街道": (0, 0, None),
    }


def test_by_township_counts_overdue_per_township(half_year, city_leader):
    rows = selectors.hazard_figures_by_township(user=city_leader, period=H1, today=TODAY)
    assert {unit.name: f.overdue for unit, f in rows} == {"城关街道": 1, "青山镇": 1, "东湖街道": 0}


def test_by_sector_lists_sectors_with_finds_in_their_order(half_year, city_leader):
    rows = selectors.hazard_figures_by_sector(user=city_leader, period=H1, today=TODAY)
    assert [(name, f.found, f.rectified) for name, f in rows] == [
        ("消防", 3, 1),
        ("工贸", 2, 1),
        ("建筑施工", 1, 1),
        ("危险化学品", 1, 1),
    ]


def test_found_by_month_covers_each_month_of_the_period(half_year, city_leader):
    rows = selectors.hazard_found_by_month(user=city_leader, period=H1)
    assert [(r["month"].month, r["found"]) for r in rows] == [(1, 2), (2, 1), (3, 1), (4, 1), (5, 1), (6, 1)]


def test_found_by_month_agrees_with_the_headline_rectified_figure(half_year, city_leader):
    rows = selectors.hazard_found_by_month(user=city_leader, period=H1)
    assert sum(r["rectified"] for r in rows) == figures(city_leader).rectified


def test_found_by_month_for_a_township(half_year, township_b_staff):
    rows = selectors.hazard_found_by_month(user=township_b_staff, period=H1)
    assert [(r["month"].month, r["found"], r["rectified"]) for r in rows] == [(1, 1, 0), (4, 1, 1), (6, 1, 1)]


def test_figures_take_at_most_five_queries_whatever_the_period(half_year, city_leader, django_assert_max_num_queries):
    """The month rollup, the days of each cut month, the hazards closed after the period, the open ones."""
    city_leader.org_unit  # noqa: B018 — the user's unit is loaded once per request, not per figure
    for period in (H1, Period(d(1, 15), d(3, 10)), Period(d(2, 3), d(2, 9))):
        with django_assert_max_num_queries(5):
            selectors.hazard_figures(user=city_leader, period=period, today=TODAY)


# --- Periods, rates and amounts ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [(518, 526, Decimal("98.5")), (2, 3, Decimal("66.7")), (1, 8, Decimal("12.5")), (5, 5, Decimal("100.0"))],
)
def test_rate_rounds_half_up_to_one_decimal_place(part, whole, expected):
    assert rate(part, whole) == expected


def test_rate_of_nothing_is_none():
    assert rate(0, 0) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Decimal("98.5"), "98.5%"), (Decimal("100.0"), "100%"), (Decimal("0.0"), "0%"), (None, "—")],
)
def test_format_rate(value, expected):
    assert format_rate(value) == expected


@pytest.mark.parametrize(
    ("yuan", "expected"),
    [(265800, "26.58"), (10000, "1"), (15000, "1.5"), (0, "0"), (Decimal("1234.5"), "0.12")],
)
def test_yuan_to_wan(yuan, expected):
    assert yuan_to_wan(yuan) == expected


def test_half_years():
    assert Period.half_year(2026, 2) == Period(d(7, 1), d(12, 31))


def test_same_period_last_year_handles_29_february():
    assert Period(dt.date(2024, 1, 1), dt.date(2024, 2, 29)).same_period_last_year() == Period(
        dt.date(2023, 1, 1), dt.date(2023, 2, 28)
    )
