"""The one year-on-year wording the summary and the dashboards share (org.periods.yoy_phrase).

Seed 000: "事故数同比去年下降40%，死亡人数同比去年持平" — 3 accidents against 5, 4 deaths against 4.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from org.periods import yoy_phrase


def test_a_fall_is_worded_as_a_percentage_down():
    assert yoy_phrase(3, 5) == "同比下降40%"


def test_a_rise_is_worded_as_a_percentage_up():
    assert yoy_phrase(5, 4) == "同比上升25%"


def test_the_same_figure_is_level():
    assert yoy_phrase(4, 4) == "同比持平"


def test_nothing_against_nothing_is_level():
    assert yoy_phrase(0, 0) == "同比持平"


def test_from_zero_the_change_is_counted_not_rated():
    assert yoy_phrase(3, 0, unit="起") == "同比增加3起"


def test_down_to_zero_is_a_full_fall():
    assert yoy_phrase(0, 5) == "同比下降100%"


def test_rates_keep_one_decimal_place():
    assert yoy_phrase(1, 3) == "同比下降66.7%"


def test_people_can_be_counted_instead_of_rated():
    assert yoy_phrase(3, 4, unit="人", absolute=True) == "同比下降1人"


def test_an_absolute_rise():
    assert yoy_phrase(6, 4, unit="人", absolute=True) == "同比上升2人"


@pytest.mark.parametrize(
    ("current", "previous", "expected"),
    [(Decimal("150000"), Decimal("200000"), "同比下降25%"), (Decimal("2.5"), Decimal("2.5"), "同比持平")],
)
def test_amounts_are_worded_like_counts(current, previous, expected):
    assert yoy_phrase(current, previous) == expected
