"""A month of hazards in three townships, counted by hand, and a scheme that ranks them.

March 2026, looked at on 15 April (figures as at 31 March, the end of the period):

    township      found  rectified  rate   major overdue  overdue
    城关街道 (A)   4      2          50.0   1              2
    东湖街道 (C)   0      0          —      0              0
    青山镇 (B)     2      2          100.0  0              0

Scheme: hazards found (weight 10), rectification rate (weight 20); rubric "隐患闭环" worth 10:
each overdue major hazard −2 (at most −4), each overdue hazard −1 (at most −3).

    A: found 10 + rate 0  + rubric 10 − 2 − 2 = 16
    C: found 0  + rate 0 (no figure) + rubric 10 = 10
    B: found 5  + rate 20 + rubric 10         = 35      → B 1st, A 2nd, C 3rd
"""

from __future__ import annotations

import datetime as dt

import pytest

from hazards.models import Hazard
from org.models import OrgUnit
from org.periods import Period
from tests.factories.hazards import HazardFactory
from tests.factories.org import OrgUnitFactory
from tests.factories.responsibility import SchemeFactory, add_bands, add_indicator, add_rule

MARCH = Period(dt.date(2026, 3, 1), dt.date(2026, 3, 31))
APRIL_15 = dt.date(2026, 4, 15)
S = Hazard.Status


@pytest.fixture
def township_c(district_a) -> OrgUnit:
    return OrgUnitFactory.create(name="东湖街道", code="TC", kind=OrgUnit.Kind.TOWNSHIP, parent=district_a)


@pytest.fixture
def march_hazards(township_a, township_b, township_c) -> None:
    a, b = township_a, township_b
    closed = {"status": S.CLOSED, "deadline": dt.date(2026, 3, 31)}
    HazardFactory.create(org_unit=a, found_on=dt.date(2026, 3, 2), closed_on=dt.date(2026, 3, 10), **closed)
    HazardFactory.create(org_unit=a, found_on=dt.date(2026, 3, 3), closed_on=dt.date(2026, 3, 25), **closed)
    HazardFactory.create(
        org_unit=a,
        found_on=dt.date(2026, 3, 5),
        status=S.ASSIGNED,
        deadline=dt.date(2026, 3, 20),
        level=Hazard.Level.MAJOR,
    )
    HazardFactory.create(org_unit=a, found_on=dt.date(2026, 3, 6), status=S.RECTIFYING, deadline=dt.date(2026, 3, 25))
    HazardFactory.create(org_unit=b, found_on=dt.date(2026, 3, 8), closed_on=dt.date(2026, 3, 12), **closed)
    HazardFactory.create(org_unit=b, found_on=dt.date(2026, 3, 9), closed_on=dt.date(2026, 3, 30), **closed)


@pytest.fixture
def scheme(city):
    scheme = SchemeFactory.create(org_unit=city, name="隐患整改晾晒", bulletin_title="每日工作动态")
    add_indicator(scheme, "hazards.found", 10, name="发现隐患")
    add_indicator(scheme, "hazards.rectification_rate", 20, name="整改率")
    add_rule(scheme, "隐患闭环", 10, "每处逾期未整改重大隐患扣2分，最多扣4分", "hazards.major_overdue", "2", cap="4")
    add_rule(scheme, "隐患闭环", 10, "每处逾期未整改隐患扣1分，最多扣3分", "hazards.overdue", "1", cap="3")
    add_bands(scheme, ("blue", 1), ("yellow", None), ("red", 1))
    return scheme
