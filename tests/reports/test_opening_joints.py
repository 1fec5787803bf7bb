"""The opening's parts of the total (issue 15): fatal accidents and road accidents are both "其中" the accidents
said before them, so one "其中" introduces both — never "其中亡人事故…。其中道路交通事故…".

Hand count, first half of 2026 in 城关街道: a road accident (1 dead), an industrial one (1 dead) and an
industrial one without casualties → 3 accidents, 2 dead; fatal 2; road 1 with 1 dead.
"""

from __future__ import annotations

import datetime as dt

import pytest

from responsibility.models import Accident
from tests.factories.reports import draft_report
from tests.factories.responsibility import AccidentFactory

pytestmark = pytest.mark.django_db

ROAD, INDUSTRY = Accident.Kind.ROAD, Accident.Kind.INDUSTRY


def _opening(clerk, city) -> str:
    return draft_report(clerk=clerk, scope=city).sections.get(key="opening").body


def test_fatal_and_road_accidents_share_one_qizhong(township_a, clerk, city):
    AccidentFactory.create(org_unit=township_a, occurred_on=dt.date(2026, 3, 15), kind=ROAD, dead=1)
    AccidentFactory.create(org_unit=township_a, occurred_on=dt.date(2026, 4, 2), kind=INDUSTRY, dead=1)
    AccidentFactory.create(org_unit=township_a, occurred_on=dt.date(2026, 5, 9), kind=INDUSTRY, dead=0)

    opening = _opening(clerk, city)

    assert "其中亡人事故2起；道路交通事故1起，死亡1人。" in opening
    assert opening.count("其中") == 1


def test_road_accidents_alone_keep_their_qizhong(township_a, clerk, city):
    """Every accident had a death (fatal = total: not said apart); the road one is 其中."""
    AccidentFactory.create(org_unit=township_a, occurred_on=dt.date(2026, 3, 15), kind=ROAD, dead=1)
    AccidentFactory.create(org_unit=township_a, occurred_on=dt.date(2026, 4, 2), kind=INDUSTRY, dead=1)

    opening = _opening(clerk, city)

    assert "其中道路交通事故1起，死亡1人。" in opening
    assert "亡人事故" not in opening


def test_fatal_accidents_alone_end_their_own_sentence(township_a, clerk, city):
    """No road accident: "其中亡人事故1起。" and nothing after it joined by "；"."""
    AccidentFactory.create(org_unit=township_a, occurred_on=dt.date(2026, 4, 2), kind=INDUSTRY, dead=1)
    AccidentFactory.create(org_unit=township_a, occurred_on=dt.date(2026, 5, 9), kind=INDUSTRY, dead=0)

    opening = _opening(clerk, city)

    assert "其中亡人事故1起。" in opening
    assert "；道路交通" not in opening
