"""The returns the tests of issue 15 share, counted by hand.

临江市 (the bureau, clerk and leader at city level) asks its departments for three half-yearly indicators
and its townships for one, for the first half of 2026, due 10 July:

    indicator      label       unit   reported by
    fire_checks    检查单位     家次    departments
    fire_hazards   发现火灾隐患  处     departments
    fire_fines     罚款         万元    departments
    grid_members   网格员       名     townships

Two departments sit under 临江区: 区消防救援大队 and 区住建局.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from org.models import OrgUnit, Role, User
from responsibility.models import Return, ReturnIndicator, ReturnPeriod
from responsibility.services import returns as services
from tests.factories.org import OrgUnitFactory, UserFactory

DUE = dt.date(2026, 7, 10)
ON_TIME = dt.date(2026, 7, 8)


@pytest.fixture
def fire_brigade(district_a) -> OrgUnit:
    return OrgUnitFactory.create(name="区消防救援大队", code="DAFIRE", kind=OrgUnit.Kind.DEPARTMENT, parent=district_a)


@pytest.fixture
def housing_bureau(district_a) -> OrgUnit:
    return OrgUnitFactory.create(name="区住建局", code="DAHOUSE", kind=OrgUnit.Kind.DEPARTMENT, parent=district_a)


@pytest.fixture
def fire_staff(fire_brigade) -> User:
    return UserFactory.create(username="fire_clerk", display_name="赵参谋", org_unit=fire_brigade, role=Role.CLERK)


@pytest.fixture
def housing_staff(housing_bureau) -> User:
    return UserFactory.create(username="housing_clerk", display_name="孙科员", org_unit=housing_bureau, role=Role.CLERK)


@pytest.fixture
def indicators(city, city_leader) -> dict[str, ReturnIndicator]:
    def make(code: str, label: str, unit: str, order: int, **kw) -> ReturnIndicator:
        return services.indicator_create(
            acting_user=city_leader,
            org_unit=city,
            code=code,
            label=label,
            unit=unit,
            frequency="half_yearly",
            sort_order=order,
            **kw,
        )

    return {
        "fire_checks": make("fire_checks", "检查单位", "家次", 1),
        "fire_hazards": make("fire_hazards", "发现火灾隐患", "处", 2),
        "fire_fines": make("fire_fines", "罚款", "万元", 3),
        "grid_members": make("grid_members", "网格员", "名", 4, from_departments=False, from_townships=True),
    }


@pytest.fixture
def first_half(city, clerk, indicators) -> ReturnPeriod:
    return services.return_period_create(
        acting_user=clerk,
        org_unit=city,
        frequency="half_yearly",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 6, 30),
        due_on=DUE,
    )


def fill(user: User, period: ReturnPeriod, indicators: dict[str, ReturnIndicator], **values: str) -> Return:
    assert user.org_unit is not None
    return services.return_create(
        acting_user=user,
        period=period,
        org_unit=user.org_unit,
        values={indicators[k]: Decimal(v) for k, v in values.items()},
    )


def submit(user: User, ret: Return, today: dt.date = ON_TIME) -> Return:
    ret.refresh_from_db()
    return services.return_submit(acting_user=user, ret=ret, version=ret.version, today=today)


def accept(user: User, ret: Return) -> Return:
    ret.refresh_from_db()
    return services.return_accept(acting_user=user, ret=ret, version=ret.version)
