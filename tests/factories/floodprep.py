from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from floodprep.models import (
    CheckIn,
    Drill,
    ForestPatrol,
    PersonLevel,
    RescueTeam,
    ReserveStandard,
    ResponsiblePerson,
    RiskInspection,
    RiskPoint,
    Shelter,
    Stock,
    SupplyItem,
    Warehouse,
)
from tests.factories.org import OrgUnitFactory


def item(name: str = "排水泵") -> SupplyItem:
    """The catalogue comes from a data migration; tests reuse it."""
    return SupplyItem.objects.get(name=name)


class ResponsiblePersonFactory(factory.django.DjangoModelFactory[ResponsiblePerson]):
    """A person written straight to the table (a village-level person unless told otherwise)."""

    class Meta:
        model = ResponsiblePerson

    org_unit = factory.SubFactory(OrgUnitFactory, kind="village")
    level = PersonLevel.VILLAGE
    post = "村（社区）书记"
    name = factory.Sequence(lambda n: f"责任人{n}")
    mobile = factory.Sequence(lambda n: f"1380000{n:04d}")


class CheckInFactory(factory.django.DjangoModelFactory[CheckIn]):
    class Meta:
        model = CheckIn

    person = factory.SubFactory(ResponsiblePersonFactory)
    checked_on = dt.date(2026, 5, 10)


class RiskPointFactory(factory.django.DjangoModelFactory[RiskPoint]):
    class Meta:
        model = RiskPoint

    org_unit = factory.SubFactory(OrgUnitFactory, kind="village")
    name = factory.Sequence(lambda n: f"风险点{n}")
    kind = RiskPoint.Kind.GEOHAZARD
    people_at_risk = 50


class RiskInspectionFactory(factory.django.DjangoModelFactory[RiskInspection]):
    class Meta:
        model = RiskInspection

    org_unit = factory.SubFactory(OrgUnitFactory)
    inspected_on = dt.date(2026, 5, 12)
    title = "防汛防台风险隐患排查"
    staff_count = 10
    points_checked = 5


class WarehouseFactory(factory.django.DjangoModelFactory[Warehouse]):
    class Meta:
        model = Warehouse

    org_unit = factory.SubFactory(OrgUnitFactory)
    name = factory.Sequence(lambda n: f"防汛物资仓库{n}")
    level = Warehouse.Level.TOWNSHIP


class StockFactory(factory.django.DjangoModelFactory[Stock]):
    class Meta:
        model = Stock

    warehouse = factory.SubFactory(WarehouseFactory)
    item = factory.LazyFunction(item)
    quantity = 4
    updated_on = dt.date(2026, 4, 1)


class ReserveStandardFactory(factory.django.DjangoModelFactory[ReserveStandard]):
    class Meta:
        model = ReserveStandard

    org_unit = factory.SubFactory(OrgUnitFactory)
    item = factory.LazyFunction(item)
    quantity = 4


class RescueTeamFactory(factory.django.DjangoModelFactory[RescueTeam]):
    class Meta:
        model = RescueTeam

    org_unit = factory.SubFactory(OrgUnitFactory)
    name = factory.Sequence(lambda n: f"应急救援队{n}")
    kind = RescueTeam.Kind.COMPREHENSIVE
    members = 20


class ShelterFactory(factory.django.DjangoModelFactory[Shelter]):
    class Meta:
        model = Shelter

    org_unit = factory.SubFactory(OrgUnitFactory)
    name = factory.Sequence(lambda n: f"避灾安置点{n}")
    capacity = 200
    area = Decimal("600.0")


class DrillFactory(factory.django.DjangoModelFactory[Drill]):
    class Meta:
        model = Drill

    org_unit = factory.SubFactory(OrgUnitFactory)
    kind = Drill.Kind.DRILL
    held_on = dt.date(2026, 5, 20)
    title = "山洪灾害转移避险演练"
    organiser = "镇应急管理办"
    participants = 100


class ForestPatrolFactory(factory.django.DjangoModelFactory[ForestPatrol]):
    class Meta:
        model = ForestPatrol

    org_unit = factory.SubFactory(OrgUnitFactory)
    patrolled_on = dt.date(2026, 3, 1)
    route = "重点林区巡护线路"
    staff_count = 5
