"""Writes to risk points, inspections, supplies, teams, shelters, drills and patrols."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from floodprep.models import (
    Drill,
    ForestPatrol,
    RescueTeam,
    ResponsiblePerson,
    RiskInspection,
    RiskPoint,
    Shelter,
    Stock,
    SupplyItem,
    Warehouse,
)
from floodprep.selectors import inspection_area
from floodprep.services._common import check_kind, create, update
from hazards.models import Hazard
from org.audit import AuditAction, record_audit
from org.models import OrgUnit, User
from org.scoping import check_scope
from org.versioning import bump

PLACES = (OrgUnit.Kind.TOWNSHIP, OrgUnit.Kind.VILLAGE)
AREAS = (OrgUnit.Kind.CITY, OrgUnit.Kind.DISTRICT, OrgUnit.Kind.TOWNSHIP, OrgUnit.Kind.VILLAGE)


def _not_future(day: dt.date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})


def _same_area(unit: OrgUnit, records: Sequence[RiskPoint | ResponsiblePerson], field: str) -> None:
    for record in records:
        if not record.org_unit.path.startswith(unit.path) and not unit.path.startswith(record.org_unit.path):
            raise ValidationError({field: _("%(record)s is outside this unit's area.") % {"record": record}})


# --- Risk points ---------------------------------------------------------------------------------------------------
@transaction.atomic
def risk_point_create(
    *,
    acting_user: User,
    org_unit: OrgUnit,
    name: str,
    kind: str,
    location: str = "",
    people_at_risk: int = 0,
    monitoring_notes: str = "",
    responsible_persons: Sequence[ResponsiblePerson] = (),
) -> RiskPoint:
    check_scope(acting_user, org_unit)
    check_kind(org_unit, PLACES)
    _same_area(org_unit, responsible_persons, "responsible_persons")
    point = create(
        RiskPoint,
        acting_user=acting_user,
        action=AuditAction.RISK_POINT_CREATED,
        org_unit=org_unit,
        name=name,
        kind=kind,
        location=location,
        people_at_risk=people_at_risk,
        monitoring_notes=monitoring_notes,
    )
    point.responsible_persons.set(responsible_persons)
    return point


@transaction.atomic
def risk_point_update(
    *,
    acting_user: User,
    point: RiskPoint,
    org_unit: OrgUnit,
    name: str,
    kind: str,
    location: str = "",
    people_at_risk: int = 0,
    monitoring_notes: str = "",
    is_active: bool = True,
    responsible_persons: Sequence[ResponsiblePerson] | None = None,
    version: int | None = None,
) -> list[str]:
    check_scope(acting_user, org_unit)
    check_kind(org_unit, PLACES)
    changed = update(
        point,
        acting_user=acting_user,
        action=AuditAction.RISK_POINT_UPDATED,
        version=version,
        org_unit=org_unit,
        name=name,
        kind=kind,
        location=location,
        people_at_risk=people_at_risk,
        monitoring_notes=monitoring_notes,
        is_active=is_active,
    )
    if responsible_persons is not None:
        wanted = {p.pk for p in responsible_persons}
        if wanted != set(point.responsible_persons.values_list("pk", flat=True)):
            _same_area(org_unit, responsible_persons, "responsible_persons")
            point.responsible_persons.set(responsible_persons)
            point.save(update_fields=bump(point))
            record_audit(
                actor=acting_user,
                action=AuditAction.RISK_POINT_PERSONS,
                target=point,
                org_unit=org_unit,
                data={"persons": sorted(wanted), "changed": ["responsible_persons"], "version": point.version},
            )
            changed.append("responsible_persons")
    return changed


# --- Inspections ---------------------------------------------------------------------------------------------------
INSPECTION_COUNTS = ("staff_count", "points_checked", "hazards_found", "hazards_rectified", "measures_in_place")


@transaction.atomic
def risk_inspection_create(
    *,
    acting_user: User,
    org_unit: OrgUnit,
    inspected_on: dt.date,
    title: str,
    staff_count: int,
    points_checked: int,
    hazards_found: int = 0,
    hazards_rectified: int = 0,
    measures_in_place: int = 0,
    risk_points: Sequence[RiskPoint] = (),
    note: str = "",
) -> RiskInspection:
    check_scope(acting_user, org_unit)
    check_kind(org_unit, AREAS)
    _not_future(inspected_on, "inspected_on")
    _same_area(org_unit, risk_points, "risk_points")
    _check_counts(hazards_found, hazards_rectified, measures_in_place)
    inspection = create(
        RiskInspection,
        acting_user=acting_user,
        action=AuditAction.FLOODPREP_INSPECTION_CREATED,
        org_unit=org_unit,
        inspected_on=inspected_on,
        title=title,
        staff_count=staff_count,
        points_checked=points_checked,
        hazards_found=hazards_found,
        hazards_rectified=hazards_rectified,
        measures_in_place=measures_in_place,
        note=note,
        recorded_by=acting_user,
    )
    inspection.risk_points.set(risk_points)
    return inspection


def _check_counts(found: int, rectified: int, measures: int) -> None:
    if rectified + measures > found:
        raise ValidationError(
            {"hazards_rectified": _("Rectified plus measures in place cannot be more than the hazards found.")}
        )


@transaction.atomic
def risk_inspection_update_counts(
    *,
    acting_user: User,
    inspection: RiskInspection,
    hazards_found: int,
    hazards_rectified: int,
    measures_in_place: int,
    note: str,
    version: int | None = None,
) -> list[str]:
    """Later news of the hazards an inspection found: how many are now rectified or covered by measures."""
    _check_counts(hazards_found, hazards_rectified, measures_in_place)
    return update(
        inspection,
        acting_user=acting_user,
        action=AuditAction.FLOODPREP_INSPECTION_UPDATED,
        version=version,
        hazards_found=hazards_found,
        hazards_rectified=hazards_rectified,
        measures_in_place=measures_in_place,
        note=note,
    )


@transaction.atomic
def risk_inspection_link_hazard(*, acting_user: User, inspection: RiskInspection, hazard_id: int) -> Hazard:
    """Link a hazard recorded in the hazard ledger to the inspection that found it."""
    hazard = Hazard.objects.visible_to(acting_user).select_related("org_unit").filter(pk=hazard_id).first()
    # Another township's hazard is answered exactly like a missing one.
    if hazard is None or not hazard.org_unit.path.startswith(inspection_area(inspection).path):
        raise ValidationError({"hazard": _("No hazard with this number in this inspection's area.")})
    inspection.hazards.add(hazard)
    record_audit(
        actor=acting_user,
        action=AuditAction.INSPECTION_HAZARD_LINKED,
        target=inspection,
        org_unit=inspection.org_unit,
        data={"hazard": hazard.pk},
    )
    return hazard


# --- Supplies ------------------------------------------------------------------------------------------------------
@transaction.atomic
def warehouse_create(
    *,
    acting_user: User,
    org_unit: OrgUnit,
    name: str,
    level: str,
    kind: str = Warehouse.Kind.FIXED,
    address: str = "",
    keeper: str = "",
    keeper_mobile: str = "",
) -> Warehouse:
    check_scope(acting_user, org_unit)
    check_kind(org_unit, AREAS)
    return create(
        Warehouse,
        acting_user=acting_user,
        action=AuditAction.WAREHOUSE_CREATED,
        org_unit=org_unit,
        name=name,
        level=level,
        kind=kind,
        address=address,
        keeper=keeper,
        keeper_mobile=keeper_mobile,
    )


@transaction.atomic
def stock_set(
    *, acting_user: User, warehouse: Warehouse, item: SupplyItem, quantity: int, counted_on: dt.date | None = None
) -> Stock:
    """Record a stock count of one item in one warehouse (the count replaces the previous one)."""
    check_scope(acting_user, warehouse.org_unit)
    counted_on = counted_on or timezone.localdate()
    _not_future(counted_on, "counted_on")
    stock, created = Stock.objects.select_for_update().get_or_create(
        warehouse=warehouse, item=item, defaults={"quantity": quantity, "updated_on": counted_on}
    )
    before = None if created else stock.quantity
    if not created:
        stock.quantity, stock.updated_on = quantity, counted_on
        stock.save(update_fields=["quantity", "updated_on"])
    record_audit(
        actor=acting_user,
        action=AuditAction.STOCK_COUNTED,
        target=warehouse,
        org_unit=warehouse.org_unit,
        data={"item": item.name, "from": before, "to": quantity},
    )
    return stock


# --- Teams, shelters, drills, patrols ------------------------------------------------------------------------------
@transaction.atomic
def rescue_team_create(
    *,
    acting_user: User,
    org_unit: OrgUnit,
    name: str,
    kind: str,
    members: int,
    leader: str = "",
    leader_mobile: str = "",
    equipment: str = "",
) -> RescueTeam:
    check_scope(acting_user, org_unit)
    return create(
        RescueTeam,
        acting_user=acting_user,
        action=AuditAction.TEAM_CREATED,
        org_unit=org_unit,
        name=name,
        kind=kind,
        members=members,
        leader=leader,
        leader_mobile=leader_mobile,
        equipment=equipment,
    )


@transaction.atomic
def rescue_team_update(
    *,
    acting_user: User,
    team: RescueTeam,
    org_unit: OrgUnit,
    name: str,
    kind: str,
    members: int,
    leader: str = "",
    leader_mobile: str = "",
    equipment: str = "",
    is_active: bool = True,
    version: int | None = None,
) -> list[str]:
    check_scope(acting_user, org_unit)
    return update(
        team,
        acting_user=acting_user,
        action=AuditAction.TEAM_UPDATED,
        version=version,
        org_unit=org_unit,
        name=name,
        kind=kind,
        members=members,
        leader=leader,
        leader_mobile=leader_mobile,
        equipment=equipment,
        is_active=is_active,
    )


@transaction.atomic
def shelter_create(
    *,
    acting_user: User,
    org_unit: OrgUnit,
    name: str,
    capacity: int,
    area: Decimal,
    address: str = "",
    meets_standard: bool = False,
    checked_on: dt.date | None = None,
    manager: str = "",
    manager_mobile: str = "",
) -> Shelter:
    check_scope(acting_user, org_unit)
    check_kind(org_unit, PLACES)
    return create(
        Shelter,
        acting_user=acting_user,
        action=AuditAction.SHELTER_CREATED,
        org_unit=org_unit,
        name=name,
        capacity=capacity,
        area=area,
        address=address,
        meets_standard=meets_standard,
        checked_on=checked_on,
        manager=manager,
        manager_mobile=manager_mobile,
    )


@transaction.atomic
def shelter_update(
    *,
    acting_user: User,
    shelter: Shelter,
    org_unit: OrgUnit,
    name: str,
    capacity: int,
    area: Decimal,
    address: str = "",
    meets_standard: bool = False,
    checked_on: dt.date | None = None,
    manager: str = "",
    manager_mobile: str = "",
    is_active: bool = True,
    version: int | None = None,
) -> list[str]:
    check_scope(acting_user, org_unit)
    check_kind(org_unit, PLACES)
    return update(
        shelter,
        acting_user=acting_user,
        action=AuditAction.SHELTER_UPDATED,
        version=version,
        org_unit=org_unit,
        name=name,
        capacity=capacity,
        area=area,
        address=address,
        meets_standard=meets_standard,
        checked_on=checked_on,
        manager=manager,
        manager_mobile=manager_mobile,
        is_active=is_active,
    )


@transaction.atomic
def drill_create(
    *,
    acting_user: User,
    org_unit: OrgUnit,
    kind: str,
    held_on: dt.date,
    title: str,
    organiser: str,
    participants: int,
    scenario: str = "",
) -> Drill:
    check_scope(acting_user, org_unit)
    _not_future(held_on, "held_on")
    return create(
        Drill,
        acting_user=acting_user,
        action=AuditAction.DRILL_CREATED,
        org_unit=org_unit,
        kind=kind,
        held_on=held_on,
        title=title,
        organiser=organiser,
        participants=participants,
        scenario=scenario,
    )


@transaction.atomic
def forest_patrol_create(
    *,
    acting_user: User,
    org_unit: OrgUnit,
    patrolled_on: dt.date,
    route: str,
    staff_count: int,
    fire_sources_found: int = 0,
    note: str = "",
) -> ForestPatrol:
    check_scope(acting_user, org_unit)
    _not_future(patrolled_on, "patrolled_on")
    return create(
        ForestPatrol,
        acting_user=acting_user,
        action=AuditAction.PATROL_CREATED,
        org_unit=org_unit,
        patrolled_on=patrolled_on,
        route=route,
        staff_count=staff_count,
        fire_sources_found=fire_sources_found,
        note=note,
    )
