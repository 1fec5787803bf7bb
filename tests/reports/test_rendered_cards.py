"""Every dashboard card renders its formatted figure ("66.7%", "50%", "1.2"), never the raw value (issue 20)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.reports.dashboard_records import HALF, build_records
from tests.test_rule_breaks import _cards

pytestmark = pytest.mark.django_db


def test_every_dashboard_card_renders_its_formatted_figure(
    leader_client, half_year, city, township_a, township_b, village_a
):
    build_records(city=city, township_a=township_a, township_b=township_b, village_a=village_a)
    page = leader_client.get(reverse("reports:dashboard") + HALF).content.decode()
    # By hand, tests/reports/conftest.py and dashboard_records.py.
    assert _cards(page) == {
        "hazards_found": "6",
        "hazards_rectified": "4",
        "hazards_rate": "66.7%",
        "major_found": "1",
        "major_listed": "0",
        "hazards_overdue": "1",
        "accidents": "1",
        "accident_deaths": "1",
        "inspections": "3",
        "cases": "1",
        "fines_wan": "1.2",
        "flood_checkin_rate": "50%",
        "risk_points": "0",
        "shelter_rate": "50%",
        "supply_shortfalls": "0",
    }


def test_every_township_dashboard_card_renders_its_formatted_figure(
    staff_a_client, half_year, city, township_a, township_b, village_a
):
    build_records(city=city, township_a=township_a, township_b=township_b, village_a=village_a)
    page = staff_a_client.get(reverse("reports:township_dashboard") + HALF).content.decode()
    cards = _cards(page)
    # 城关街道 alone: 4 found, 3 closed by 30 June.
    assert (cards["hazards_found"], cards["hazards_rectified"], cards["hazards_rate"]) == ("4", "3", "75%")
    assert (cards["accidents"], cards["fines_wan"]) == ("1", "1.2")
    assert all(not re.fullmatch(r"\d+\.\d{2,}|Decimal.*|None", value) for value in cards.values()), cards
