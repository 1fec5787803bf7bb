"""What the inspection figures count when one inspection has several findings, an order,
or a joint action shared with another township: each thing once, however the rows join.

March 2026, 城关街道 (A) and 青山镇 (B):

  inspection  township  unit (credit code)    findings  order  joint action
  A1          A         甲厂 (X1)              3         yes    J1
  A2          A         甲厂 (X1) renamed      0         yes    J2
  A3          A         乙店 (none)            2         no     J1
  B1          B         甲厂 (X1)              4         yes    J1
  B2          B         乙店 (none)            1         no
  B3          B         outside: 2026-04-02   5         yes    J2

Headline: inspections 5, units 2 (X1 by its code, 乙店 by its name), findings 10, orders 3,
joint actions 2.  A: 3 / 2 / 5 / 2 / 2.  B: 2 / 2 / 5 / 1 / 1.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from enforcement.selectors import (
    CARD_KEYS,
    enforcement_figures,
    enforcement_figures_by_joint_action,
    enforcement_figures_by_month,
    enforcement_figures_by_township,
    enforcement_figures_with_townships,
)
from org.periods import Period
from tests.factories.enforcement import (
    CaseFactory,
    FindingFactory,
    InspectionFactory,
    JointActionFactory,
    OrderFactory,
)

pytestmark = pytest.mark.django_db

MARCH = Period(dt.date(2026, 3, 1), dt.date(2026, 3, 31))
INSPECTION_FIELDS = ("inspections", "units_inspected", "inspection_hazards", "orders", "joint_actions")


def _inspection_figures(figures) -> tuple[int, ...]:
    return tuple(getattr(figures, name) for name in INSPECTION_FIELDS)


@pytest.fixture
def records(township_a, township_b, bureau_unit):
    j1 = JointActionFactory.create(name="三月联合执法行动", start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31))
    j2 = JointActionFactory.create(name="春季消防检查", start=dt.date(2026, 3, 1), end=dt.date(2026, 4, 30))

    def inspection(unit, name, code, findings, *, order=False, joint=None, on=dt.date(2026, 3, 10)):
        i = InspectionFactory.create(
            org_unit=unit, issuer=bureau_unit, unit_name=name, credit_code=code, inspected_on=on, joint_action=joint
        )
        FindingFactory.create_batch(findings, inspection=i)
        if order:
            OrderFactory.create(inspection=i)

    inspection(township_a, "甲厂", "X1", 3, order=True, joint=j1)
    inspection(township_a, "甲厂有限公司", "X1", 0, order=True, joint=j2)
    inspection(township_a, "乙店", "", 2, joint=j1)
    inspection(township_b, "甲厂", "X1", 4, order=True, joint=j1)
    inspection(township_b, "乙店", "", 1)
    inspection(township_b, "丙厂", "", 5, order=True, joint=j2, on=dt.date(2026, 4, 2))
    return j1, j2


def test_findings_orders_and_shared_units_count_once_each(records, city_leader):
    figures = enforcement_figures(user=city_leader, period=MARCH)
    assert _inspection_figures(figures) == (5, 2, 10, 3, 2)


def test_township_rows_count_their_own_inspections_once_each(records, city_leader):
    rows = {
        unit.code: _inspection_figures(f) for unit, f in enforcement_figures_by_township(user=city_leader, period=MARCH)
    }
    assert (rows["TA"], rows["TB"]) == ((3, 2, 5, 2, 2), (2, 2, 5, 1, 1))


def test_the_dashboards_headline_counts_shared_units_and_joint_actions_once(records, city_leader):
    """Added up from the township rows, 甲厂 and 乙店 would count twice and 三月联合执法行动 too."""
    headline, rows = enforcement_figures_with_townships(user=city_leader, period=MARCH)
    assert _inspection_figures(headline) == (5, 2, 10, 3, 2)
    assert headline == enforcement_figures(user=city_leader, period=MARCH)
    assert rows == enforcement_figures_by_township(user=city_leader, period=MARCH)


def test_the_month_holds_the_headline_inspection_figures(records, city_leader):
    ((month, figures),) = enforcement_figures_by_month(user=city_leader, period=MARCH)
    assert (month, _inspection_figures(figures)) == (dt.date(2026, 3, 1), (5, 2, 10, 3, 2))


def test_joint_actions_count_the_findings_and_orders_of_their_inspections(records, city_leader):
    rows = {
        a.name: _inspection_figures(f) for a, f in enforcement_figures_by_joint_action(user=city_leader, period=MARCH)
    }
    assert rows == {"三月联合执法行动": (3, 2, 9, 2, 1), "春季消防检查": (1, 1, 0, 1, 1)}


def test_the_dashboards_cards_count_only_their_figures(records, city_leader, township_a, township_b):
    """CARD_KEYS: inspections, units, cases, suspensions and fines as the full count has them; nothing else.

    Without the findings probe and the orders join a city's per-township count takes 3–5 ms instead of 18.
    """
    CaseFactory.create(
        org_unit=township_a,
        filed_on=dt.date(2026, 3, 5),
        decided_on=dt.date(2026, 3, 20),
        suspension=True,
        closure=True,
        fine_yuan=Decimal("30000"),
    )
    CaseFactory.create(
        org_unit=township_b,
        filed_on=dt.date(2026, 3, 9),
        decided_on=dt.date(2026, 3, 25),
        seal=True,
        fine_yuan=Decimal("12500.50"),
    )
    full = enforcement_figures(user=city_leader, period=MARCH)
    cards = enforcement_figures(user=city_leader, period=MARCH, only=CARD_KEYS)
    headline, rows = enforcement_figures_with_townships(user=city_leader, period=MARCH, only=CARD_KEYS)

    assert (
        {key: getattr(cards, key) for key in CARD_KEYS}
        == {key: getattr(full, key) for key in CARD_KEYS}
        == {"inspections": 5, "units_inspected": 2, "cases": 2, "suspensions": 1, "fines_yuan": Decimal("42500.50")}
    )
    assert headline == cards
    full_rows = dict(enforcement_figures_by_township(user=city_leader, period=MARCH))
    assert [(unit.code, {key: getattr(f, key) for key in CARD_KEYS}) for unit, f in rows] == [
        (unit.code, {key: getattr(f, key) for key in CARD_KEYS}) for unit, f in full_rows.items()
    ]
    # The fixture has findings, orders, joint actions, closures and seals; the cards do not count them.
    assert (full.inspection_hazards, full.orders, full.joint_actions, full.closures, full.seals) == (10, 3, 2, 1, 1)
    assert (cards.inspection_hazards, cards.orders, cards.joint_actions, cards.closures, cards.seals) == (0, 0, 0, 0, 0)
