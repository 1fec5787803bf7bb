"""The figures other apps print (ranking, half-year summary, dashboards), against a hand-counted fixture.

First half of 2026, 城关街道 (A) and 青山镇 (B), one empty township (C):

  inspection  township  sector  unit (credit code)   date        findings  order  joint action
  A1          A         工贸    甲厂 (X1)             2026-02-10  2         yes    J1
  A2          A         工贸    甲厂 (X1) again       2026-04-05  1         no
  A3          A         消防    乙商铺 (none)          2026-05-20  0         no
  B1          B         消防    丙宾馆 (none)          2026-03-15  3         yes    J1
  B2          B         消防    outside: 2025-12-20   1         yes
  B3          B         消防    outside: 2026-07-02   0

  case  township  filed        decided      fine (yuan)  measures
  C1    A         2026-01-15   2026-03-01   20000        suspension, 2 detained, exposure
  C2    A         2025-11-20   2026-01-10   5000.50      seal, three stops            (not filed in period)
  C3    B         2026-05-01   2026-07-05   100000       closure                      (not decided in period)
  C4    B         2026-06-01   —            —            —
  C5    B         2026-02-01   2026-04-01   30000        judicial transfer, credit, 3 detained   (from B1, J1)

Inspections 4, units 3, problems 6, orders 2, joint actions 1; cases filed 4 (C1 C3 C4 C5);
fines 20000 + 5000.50 + 30000 = 55000.50 yuan = 5.5 万元; suspensions 1, closures 0, seals 1,
three stops 1, detained 5, judicial transfers 1, exposures 1.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from enforcement.models import Case
from enforcement.selectors import (
    EnforcementFigures,
    enforcement_figures,
    enforcement_figures_by_joint_action,
    enforcement_figures_by_month,
    enforcement_figures_by_sector,
    enforcement_figures_by_township,
)
from org.models import OrgUnit
from org.periods import Period
from tests.factories.enforcement import (
    CaseFactory,
    FindingFactory,
    InspectionFactory,
    JointActionFactory,
    OrderFactory,
)
from tests.factories.hazards import sector
from tests.factories.org import OrgUnitFactory

pytestmark = pytest.mark.django_db

H1 = Period(dt.date(2026, 1, 1), dt.date(2026, 6, 30))
D = dt.date


@pytest.fixture
def township_c(district_a) -> OrgUnit:
    return OrgUnitFactory.create(name="江南街道", code="TC", kind=OrgUnit.Kind.TOWNSHIP, parent=district_a)


@pytest.fixture
def fixture(township_a, township_b, township_c, bureau_unit, pair):
    j1 = JointActionFactory.create(name="春季联合执法行动", start=D(2026, 1, 1), end=D(2026, 6, 30))
    JointActionFactory.create(name="去年的行动", start=D(2025, 3, 1), end=D(2025, 5, 31))
    JointActionFactory.create(name="六月的行动", start=D(2026, 6, 1), end=D(2026, 8, 31))

    def inspection(unit, sector_name, name, code, on, findings, order=False, joint=None):
        i = InspectionFactory.create(
            org_unit=unit,
            issuer=bureau_unit,
            sector=sector(sector_name),
            unit_name=name,
            credit_code=code,
            inspected_on=on,
            joint_action=joint,
            officers=pair,
        )
        for _ in range(findings):
            FindingFactory.create(inspection=i)
        if order:
            OrderFactory.create(inspection=i)
        return i

    inspection(township_a, "工贸", "甲厂", "X1", D(2026, 2, 10), 2, order=True, joint=j1)
    inspection(township_a, "工贸", "甲厂", "X1", D(2026, 4, 5), 1)
    inspection(township_a, "消防", "乙商铺", "", D(2026, 5, 20), 0)
    b1 = inspection(township_b, "消防", "丙宾馆", "", D(2026, 3, 15), 3, order=True, joint=j1)
    inspection(township_b, "消防", "丁厂", "", D(2025, 12, 20), 1, order=True)
    inspection(township_b, "消防", "戊厂", "", D(2026, 7, 2), 0)

    def case(unit, sector_name, filed, decided=None, **measures):
        stage = Case.Stage.DECIDED if decided else Case.Stage.INVESTIGATING
        return CaseFactory.create(
            org_unit=unit,
            issuer=bureau_unit,
            sector=sector(sector_name),
            filed_on=filed,
            decided_on=decided,
            stage=stage,
            officers=pair,
            **measures,
        )

    case(
        township_a,
        "工贸",
        D(2026, 1, 15),
        D(2026, 3, 1),
        fine_yuan=Decimal("20000"),
        suspension=True,
        detained_people=2,
        exposure=True,
    )
    case(township_a, "消防", D(2025, 11, 20), D(2026, 1, 10), fine_yuan=Decimal("5000.50"), seal=True, three_stops=True)
    case(township_b, "消防", D(2026, 5, 1), D(2026, 7, 5), fine_yuan=Decimal("100000"), closure=True)
    case(township_b, "消防", D(2026, 6, 1))
    case(
        township_b,
        "消防",
        D(2026, 2, 1),
        D(2026, 4, 1),
        fine_yuan=Decimal("30000"),
        judicial_transfer=True,
        credit_penalty=True,
        detained_people=3,
        inspection=b1,
    )
    return j1


EXPECTED = EnforcementFigures(
    inspections=4,
    units_inspected=3,
    inspection_hazards=6,
    orders=2,
    cases=4,
    suspensions=1,
    closures=0,
    seals=1,
    three_stops=1,
    detained_people=5,
    judicial_transfers=1,
    exposures=1,
    joint_actions=1,
    fines_yuan=Decimal("55000.50"),
)


def test_headline_figures_match_the_hand_count(fixture, city_leader):
    assert enforcement_figures(user=city_leader, period=H1) == EXPECTED


def test_fines_are_given_in_wan_yuan_as_the_summaries_print_them(fixture, city_leader):
    assert enforcement_figures(user=city_leader, period=H1).fines_wan == "5.5"


def test_figures_are_two_aggregate_queries(fixture, city_leader, django_assert_num_queries):
    with django_assert_num_queries(2):
        enforcement_figures(user=city_leader, period=H1)


def test_township_staff_figures_cover_their_own_township_only(fixture, township_a_staff):
    figures = enforcement_figures(user=township_a_staff, period=H1)

    assert (figures.inspections, figures.cases, figures.fines_yuan) == (3, 1, Decimal("25000.50"))


def test_every_visible_township_is_listed_with_zeros_included(fixture, city_leader):
    rows = {unit.name: f for unit, f in enforcement_figures_by_township(user=city_leader, period=H1)}

    assert set(rows) == {"城关街道", "青山镇", "江南街道"}
    assert rows["江南街道"] == EnforcementFigures.zero()


def test_township_rows_match_the_hand_count(fixture, city_leader):
    rows = {unit.name: f for unit, f in enforcement_figures_by_township(user=city_leader, period=H1)}

    a, b = rows["城关街道"], rows["青山镇"]
    assert (a.inspections, a.units_inspected, a.inspection_hazards, a.orders, a.cases, a.detained_people) == (
        3,
        2,
        3,
        1,
        1,
        2,
    )
    assert (b.inspections, b.inspection_hazards, b.cases, b.fines_yuan, b.judicial_transfers) == (
        1,
        3,
        3,
        Decimal("30000.00"),
        1,
    )


def test_township_staff_get_only_their_township_row(fixture, township_a_staff, township_a):
    rows = enforcement_figures_by_township(user=township_a_staff, period=H1)

    assert [unit for unit, _ in rows] == [township_a]


def test_by_sector_splits_inspections_and_cases(fixture, city_leader):
    rows = dict(enforcement_figures_by_sector(user=city_leader, period=H1))

    assert {name: (f.inspections, f.cases) for name, f in rows.items()} == {"消防": (2, 3), "工贸": (2, 1)}


def test_months_cover_the_period_and_add_up_to_the_headline(fixture, city_leader):
    rows = enforcement_figures_by_month(user=city_leader, period=H1)

    assert [m for m, _ in rows] == [D(2026, month, 1) for month in range(1, 7)]
    assert sum(f.inspections for _, f in rows) == EXPECTED.inspections
    assert sum((f.fines_yuan for _, f in rows), Decimal(0)) == EXPECTED.fines_yuan


def test_cases_count_in_the_month_filed_and_fines_in_the_month_decided(fixture, city_leader):
    rows = dict(enforcement_figures_by_month(user=city_leader, period=H1))

    assert [rows[D(2026, m, 1)].cases for m in range(1, 7)] == [1, 1, 0, 0, 1, 1]
    assert rows[D(2026, 1, 1)].fines_yuan == Decimal("5000.50")


def test_joint_actions_overlapping_the_period_are_listed_with_their_work(fixture, city_leader):
    rows = {a.name: f for a, f in enforcement_figures_by_joint_action(user=city_leader, period=H1)}

    assert set(rows) == {"春季联合执法行动", "六月的行动"}
    assert (rows["春季联合执法行动"].inspections, rows["春季联合执法行动"].cases) == (2, 1)


def test_filters_narrow_the_figures_to_one_joint_action(fixture, city_leader):
    figures = enforcement_figures(user=city_leader, period=H1, filters={"joint_action": fixture})

    assert (figures.inspections, figures.inspection_hazards, figures.fines_yuan) == (2, 5, Decimal("30000.00"))


def test_an_empty_period_gives_zeros(city_leader):
    assert enforcement_figures(user=city_leader, period=H1) == EnforcementFigures.zero()
