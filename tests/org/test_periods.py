"""How a summary names, spells and cuts its period (Period in org/periods.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from org.periods import Period, format_rate, rate, yoy_phrase, yuan_to_wan

d = dt.date


def test_year_runs_from_first_of_january_to_new_years_eve():
    assert Period.year(2026) == Period(d(2026, 1, 1), d(2026, 12, 31))


@pytest.mark.parametrize(
    ("q", "start", "end"),
    [
        (1, d(2026, 1, 1), d(2026, 3, 31)),
        (2, d(2026, 4, 1), d(2026, 6, 30)),
        (3, d(2026, 7, 1), d(2026, 9, 30)),
        (4, d(2026, 10, 1), d(2026, 12, 31)),
    ],
)
def test_quarter_covers_its_three_months(q, start, end):
    assert Period.quarter(2026, q) == Period(start, end)


def test_a_fifth_quarter_is_refused():
    with pytest.raises(ValueError, match="quarter"):
        Period.quarter(2026, 5)


def test_year_to_date_starts_on_the_first_of_january_of_the_as_of_year():
    assert Period.year_to_date(d(2026, 9, 15)) == Period(d(2026, 1, 1), d(2026, 9, 15))


@pytest.mark.parametrize(
    ("period", "name"),
    [
        (Period.half_year(2026, 1), "上半年"),
        (Period.half_year(2026, 2), "下半年"),
        (Period.year(2026), "全年"),
        (Period.quarter(2026, 1), "第一季度"),
        (Period.quarter(2026, 2), "第二季度"),
        (Period.quarter(2026, 3), "第三季度"),
        (Period.quarter(2026, 4), "第四季度"),
        (Period(d(2026, 1, 1), d(2026, 9, 30)), "1—9月"),
        (Period(d(2024, 1, 1), d(2024, 2, 29)), "1—2月"),
        (Period(d(2026, 1, 1), d(2026, 9, 15)), "1月1日至9月15日"),
        (Period(d(2026, 3, 5), d(2026, 8, 20)), "3月5日至8月20日"),
    ],
)
def test_name_follows_how_summaries_name_the_period(period, name):
    assert period.name() == name


def test_year_to_date_by_months_uses_the_chinese_dash_not_a_hyphen():
    assert "-" not in Period(d(2026, 1, 1), d(2026, 10, 31)).name()


def test_a_february_not_ending_on_its_last_day_is_not_whole_months():
    assert Period(d(2026, 1, 1), d(2026, 2, 27)).name() == "1月1日至2月27日"


@pytest.mark.parametrize(
    ("period", "next_name"),
    [
        (Period.half_year(2026, 1), "下半年"),
        (Period.half_year(2026, 2), "明年"),
        (Period.year(2026), "明年"),
        (Period.quarter(2026, 2), "下季度"),
        (Period.quarter(2026, 4), "下季度"),
        (Period(d(2026, 1, 1), d(2026, 9, 30)), "下一步"),
        (Period(d(2026, 3, 5), d(2026, 8, 20)), "下一步"),
    ],
)
def test_next_name_is_what_the_plans_section_looks_forward_to(period, next_name):
    assert period.next_name() == next_name


def test_span_text_omits_the_year_on_the_end_date_in_the_same_year():
    assert Period.half_year(2026, 1).span_text() == "2026年1月1日至6月30日"


def test_span_text_names_both_years_across_new_year():
    assert Period(d(2025, 12, 1), d(2026, 2, 28)).span_text() == "2025年12月1日至2026年2月28日"


def test_a_half_year_drafted_in_december_counts_to_the_thirtieth_of_june():
    assert Period.half_year(2026, 1).effective(d(2026, 12, 10)) == Period(d(2026, 1, 1), d(2026, 6, 30))


def test_a_year_drafted_on_fifteenth_september_counts_to_that_day():
    assert Period.year(2026).effective(d(2026, 9, 15)) == Period(d(2026, 1, 1), d(2026, 9, 15))


# Mutants of org/periods.py that survived the tests above (quality/mutation.py), each killed here.


def test_the_second_half_runs_from_the_first_of_july_to_new_years_eve():
    assert Period.half_year(2026, 2) == Period(dt.date(2026, 7, 1), dt.date(2026, 12, 31))
    assert Period.half_year(2026, 1) == Period(dt.date(2026, 1, 1), dt.date(2026, 6, 30))


def test_the_same_period_last_year_is_a_year_back_and_a_leap_day_falls_to_the_twenty_eighth():
    assert Period.half_year(2026, 1).same_period_last_year() == Period.half_year(2025, 1)
    leap = Period(dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert leap.same_period_last_year() == Period(dt.date(2023, 2, 1), dt.date(2023, 2, 28))


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, "—"),
        (Decimal("98.5"), "98.5%"),
        (Decimal("100.0"), "100%"),
        (Decimal("87.0"), "87%"),
        (Decimal("0.0"), "0%"),
    ],
)
def test_a_rate_prints_one_decimal_and_drops_a_trailing_zero(value, text):
    assert format_rate(value) == text


@pytest.mark.parametrize(
    ("current", "previous", "phrase"),
    [
        (5, 4, "同比上升25%"),
        (3, 5, "同比下降40%"),
        (4, 4, "同比持平"),
        (3, 0, "同比增加3"),
        (17, 16, "同比上升6.3%"),  # 6.25%: half up, not half even
    ],
)
def test_the_year_on_year_phrase_says_which_way_and_by_how_much(current, previous, phrase):
    assert yoy_phrase(current, previous) == phrase


def test_deaths_are_compared_in_people_not_in_rates():
    assert yoy_phrase(2, 3, unit="人", absolute=True) == "同比下降1人"
    assert yoy_phrase(4, 3, unit="人", absolute=True) == "同比上升1人"


@pytest.mark.parametrize(
    ("part", "whole", "value"),
    [
        (518, 526, Decimal("98.5")),
        (1, 16, Decimal("6.3")),
        (3, 3, Decimal("100.0")),
        (0, 7, Decimal("0.0")),
    ],
)
def test_a_rate_is_a_percentage_rounded_half_up_to_one_decimal(part, whole, value):
    assert rate(part, whole) == value  # 1/16 = 6.25%: half up gives 6.3, half even would give 6.2


def test_a_rate_of_nothing_is_no_rate():
    assert rate(3, 0) is None


@pytest.mark.parametrize(
    ("yuan", "wan"),
    [
        (265800, "26.58"),
        (50, "0.01"),
        (49, "0"),
        (0, "0"),
        (100000, "10"),
        (Decimal("123456.78"), "12.35"),
    ],
)
def test_yuan_become_wan_with_at_most_two_decimals_rounded_half_up(yuan, wan):
    assert yuan_to_wan(yuan) == wan


def test_january_alone_is_named_as_one_month():
    assert Period(dt.date(2026, 1, 1), dt.date(2026, 1, 31)).name() == "1月"
    assert Period(dt.date(2026, 1, 1), dt.date(2026, 2, 28)).name() == "1—2月"
