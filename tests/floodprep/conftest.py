"""A small flood area counted by hand, used by the selector and readiness tests.

Period: the first half of 2026 (H1 = 2026-01-01 … 2026-06-30). 东湖街道 (township C) has no records.

    persons   unit        level     check-ins                 counted?
    P1        临江区      county    2026-05-01                city only (no township)
    P2        城关街道    township  2026-04-20                yes, checked
    P3        和平社区    village   2026-06-30 (last day)      yes, checked
    P4        和平社区    grid      2025-06-10 (last year)     yes, not checked
    P5        和平社区    grid      2026-05-05                no: left the roster
    P6        青山镇      township  2026-07-01 (after H1)      yes, not checked
    P7        新华村      village   2026-05-01, 2026-05-02     yes, checked once
    city 6 persons / 4 checked → 66.7;  城关 3 / 2 → 66.7;  青山 2 / 1 → 50.0

    risk points  R1 和平社区 100 people, inspected by I1;  R2 城关街道 50, not inspected;
                 R3 新华村 30, inspected only in 2025 (I3);  R4 新华村, retired (inspected by I4)
    city 3 points, 1 inspected, 180 people;  城关 2 / 1 / 150;  青山 1 / 0 / 30

    inspections  I1 城关 2026-04-10 staff 12 points 7 found 3 rectified 2 measures 1
                 I2 和平社区 2026-06-01 staff 5 points 3 found 1 (still open)
                 I3 青山 2025-07-01 staff 30 (before H1)
                 I4 青山 2026-01-01 (first day) staff 8 points 4 found 0
    city 3 inspections, staff 25, points 14, found 4, rectified 2, measures 1;  城关 2 / 17 / 10 / 4 / 2 / 1

    teams     T1 临江市 100, T2 城关 30, T3 和平社区 10, T4 青山 20 (stood down)   city 3 / 140;  城关 2 / 40
    shelters  城关 standard, 和平社区 not, 和平社区 standard, 新华村 standard, 青山 not, 青山 standard but closed
              city 5 / 3 → 60.0;  城关 3 / 2 → 66.7;  青山 2 / 1 → 50.0
    drills    D1 城关 drill 100, D2 和平社区 drill 40 (2026-06-30), D3 城关 training 60, D4 临江市 training 200,
              D5 青山 drill 2025-12-31 (before H1)
              city drills 2 / 140, trainings 2 / 260;  城关 drills 2 / 140, trainings 1 / 60
    patrols   F1 青山 2026-02-01 staff 6 fire sources 1;  F2 青山 2026-07-02 (after H1)
    supplies  standards 城关 排水泵 4, 救生衣 40; 青山 排水泵 4
              城关 holds 排水泵 3 + 1 (village) and 救生衣 40 → no shortfall
              青山 holds 排水泵 2 (+5 in a closed village store, not counted) → 1 shortfall
              the city store counts for no township
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from floodprep.models import Drill, PersonLevel
from floodprep.selectors import FloodFigures
from org.periods import Period
from tests.factories.floodprep import (
    CheckInFactory,
    DrillFactory,
    ForestPatrolFactory,
    RescueTeamFactory,
    ReserveStandardFactory,
    ResponsiblePersonFactory,
    RiskInspectionFactory,
    RiskPointFactory,
    ShelterFactory,
    StockFactory,
    WarehouseFactory,
    item,
)
from tests.factories.org import OrgUnitFactory

H1 = Period.half_year(2026, 1)

CITY = FloodFigures(
    responsible_persons=6,
    checked_in=4,
    checkin_rate=Decimal("66.7"),
    risk_points=3,
    inspections_staff=25,
    points_checked=14,
    hazards_found=4,
    hazards_rectified=2,
    measures_in_place=1,
    teams=3,
    team_members=140,
    shelters=5,
    shelters_standard=3,
    shelter_rate=Decimal("60.0"),
    drills=2,
    drill_participants=140,
    trainings=2,
    trainees=260,
    supply_shortfalls=1,
    risk_points_inspected=1,
    people_at_risk=180,
    inspections=3,
    shelter_capacity=1060,
    forest_patrols=1,
    patrol_staff=6,
    fire_sources_found=1,
)
CHENGGUAN = FloodFigures(
    responsible_persons=3,
    checked_in=2,
    checkin_rate=Decimal("66.7"),
    risk_points=2,
    inspections_staff=17,
    points_checked=10,
    hazards_found=4,
    hazards_rectified=2,
    measures_in_place=1,
    teams=2,
    team_members=40,
    shelters=3,
    shelters_standard=2,
    shelter_rate=Decimal("66.7"),
    drills=2,
    drill_participants=140,
    trainings=1,
    trainees=60,
    supply_shortfalls=0,
    risk_points_inspected=1,
    people_at_risk=150,
    inspections=2,
    shelter_capacity=680,
    forest_patrols=0,
    patrol_staff=0,
    fire_sources_found=0,
)


def d(month: int, day: int, year: int = 2026) -> dt.date:
    return dt.date(year, month, day)


@pytest.fixture
def township_c(district_a):
    return OrgUnitFactory.create(name="东湖街道", code="TC", kind="township", parent=district_a)


@pytest.fixture
def area(city, district_a, township_a, village_a, township_b, village_b, township_c) -> None:
    """Every unit of the fixture exists."""


@pytest.fixture
def counted(area, city, district_a, township_a, village_a, township_b, village_b) -> dict:
    person = ResponsiblePersonFactory.create
    people = {
        "P1": person(org_unit=district_a, level=PersonLevel.COUNTY, post="区长"),
        "P2": person(org_unit=township_a, level=PersonLevel.TOWNSHIP, post="镇长"),
        "P3": person(org_unit=village_a, level=PersonLevel.VILLAGE, name="张和平", mobile="13812345678"),
        "P4": person(org_unit=village_a, level=PersonLevel.GRID, post="网格员"),
        "P5": person(org_unit=village_a, level=PersonLevel.GRID, post="网格员", is_active=False),
        "P6": person(org_unit=township_b, level=PersonLevel.TOWNSHIP, post="镇长"),
        "P7": person(org_unit=village_b, level=PersonLevel.VILLAGE),
    }
    for key, day in (
        ("P1", d(5, 1)),
        ("P2", d(4, 20)),
        ("P3", d(6, 30)),
        ("P4", d(6, 10, 2025)),
        ("P5", d(5, 5)),
        ("P6", d(7, 1)),
        ("P7", d(5, 1)),
        ("P7", d(5, 2)),
    ):
        CheckInFactory.create(person=people[key], checked_on=day)

    r1 = RiskPointFactory.create(org_unit=village_a, name="和平社区后山", people_at_risk=100)
    r2 = RiskPointFactory.create(org_unit=township_a, name="城关下穿通道", kind="waterlogging", people_at_risk=50)
    r3 = RiskPointFactory.create(org_unit=village_b, name="新华村山洪点", kind="flash_flood", people_at_risk=30)
    r4 = RiskPointFactory.create(org_unit=village_b, name="新华村旧塘", kind="other", is_active=False)
    r1.responsible_persons.set([people["P3"], people["P2"]])
    RiskInspectionFactory.create(
        org_unit=township_a,
        inspected_on=d(4, 10),
        staff_count=12,
        points_checked=7,
        hazards_found=3,
        hazards_rectified=2,
        measures_in_place=1,
    ).risk_points.set([r1])
    RiskInspectionFactory.create(
        org_unit=village_a, inspected_on=d(6, 1), staff_count=5, points_checked=3, hazards_found=1
    )
    RiskInspectionFactory.create(
        org_unit=township_b,
        inspected_on=d(7, 1, 2025),
        staff_count=30,
        points_checked=9,
        hazards_found=2,
        hazards_rectified=2,
    ).risk_points.set([r3])
    RiskInspectionFactory.create(
        org_unit=township_b, inspected_on=d(1, 1), staff_count=8, points_checked=4
    ).risk_points.set([r4])

    RescueTeamFactory.create(org_unit=city, members=100)
    RescueTeamFactory.create(org_unit=township_a, members=30)
    RescueTeamFactory.create(org_unit=village_a, members=10)
    RescueTeamFactory.create(org_unit=township_b, members=20, is_active=False)

    standard = {"meets_standard": True, "checked_on": d(3, 1)}
    ShelterFactory.create(org_unit=township_a, capacity=500, **standard)
    ShelterFactory.create(org_unit=village_a, capacity=100)
    ShelterFactory.create(org_unit=village_a, capacity=80, **standard)
    ShelterFactory.create(org_unit=village_b, capacity=80, **standard)
    ShelterFactory.create(org_unit=township_b, capacity=300)
    ShelterFactory.create(org_unit=township_b, capacity=300, is_active=False, **standard)

    DrillFactory.create(org_unit=township_a, held_on=d(5, 20), participants=100)
    DrillFactory.create(org_unit=village_a, held_on=d(6, 30), participants=40)
    DrillFactory.create(org_unit=township_a, kind=Drill.Kind.TRAINING, held_on=d(3, 10), participants=60)
    DrillFactory.create(org_unit=city, kind=Drill.Kind.TRAINING, held_on=d(4, 8), participants=200)
    DrillFactory.create(org_unit=township_b, held_on=d(12, 31, 2025), participants=80)

    ForestPatrolFactory.create(org_unit=township_b, patrolled_on=d(2, 1), staff_count=6, fire_sources_found=1)
    ForestPatrolFactory.create(org_unit=township_b, patrolled_on=d(7, 2), staff_count=9)

    pump, jackets = item("排水泵"), item("救生衣")
    ReserveStandardFactory.create(org_unit=township_a, item=pump, quantity=4)
    ReserveStandardFactory.create(org_unit=township_a, item=jackets, quantity=40)
    ReserveStandardFactory.create(org_unit=township_b, item=pump, quantity=4)
    store_a = WarehouseFactory.create(org_unit=township_a)
    StockFactory.create(warehouse=store_a, item=pump, quantity=3)
    StockFactory.create(warehouse=store_a, item=jackets, quantity=40)
    StockFactory.create(warehouse=WarehouseFactory.create(org_unit=village_a, level="village"), item=pump, quantity=1)
    StockFactory.create(warehouse=WarehouseFactory.create(org_unit=township_b), item=pump, quantity=2)
    StockFactory.create(
        warehouse=WarehouseFactory.create(org_unit=village_b, level="village", is_active=False), item=pump, quantity=5
    )
    StockFactory.create(warehouse=WarehouseFactory.create(org_unit=city, level="city"), item=pump, quantity=100)
    return {**people, "R1": r1, "R2": r2, "R3": r3, "R4": r4}
