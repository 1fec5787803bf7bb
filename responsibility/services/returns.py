"""Writes of department returns (部门报表) and their indicators (报表指标).

Indicators are defined by the bureau's leaders and administrators; return periods are called for by the
office (clerk, leader, administrator). A return is filled and submitted by a user of the reporting unit
itself, and accepted or sent back with a reason by the office of a unit above it; once accepted it is
locked. Every write checks the role and the scope, compares the version the form was opened at, saves
with ``update_fields``, bumps the version and writes its audit entry, in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hazards.models import Sector
from org.audit import AuditAction, record_audit
from org.models import OrgUnit, Role, User
from org.scoping import check_scope
from org.versioning import check_version
from responsibility.models import Return, ReturnIndicator, ReturnPeriod, ReturnValue
from responsibility.selectors.returns import indicators_asked
from responsibility.services.ledgers import _audit_value
from responsibility.services.records import OFFICE, check_role

# Indicators are the bureau's definitions: its leaders and administrators keep them.
INDICATOR_KEEPERS = (Role.LEADER, Role.ADMIN)
# The office calls for returns and reviews them.
REVIEWERS = OFFICE


def _check_version(record: Any, version: int) -> None:
    # The portal's one refusal, saying who changed what (org/versioning.py).
    check_version(record, version)


def _bump(record: Any, fields: list[str]) -> None:
    record.version += 1
    record.save(update_fields=[*fields, "version"])


# --- Indicators ----------------------------------------------------------------------------------------------

ASSIGNABLE: dict[str, str] = {OrgUnit.Kind.DEPARTMENT: "from_departments", OrgUnit.Kind.TOWNSHIP: "from_townships"}


def _check_assigned(acting_user: User, indicator: ReturnIndicator, units: Iterable[OrgUnit]) -> list[OrgUnit]:
    """The units an indicator is asked of: departments or townships under its bureau, of a kind it is reported by,
    within the acting user's area. Refused at the field, with the unit's name."""
    units = sorted(set(units), key=lambda u: u.path)
    for unit in units:
        check_scope(acting_user, unit)
        if unit.kind not in ASSIGNABLE or not indicator.org_unit.contains(unit) or unit.pk == indicator.org_unit_id:
            raise ValidationError(
                {
                    "assigned_units": _("“%(unit)s” is not a department or township under %(bureau)s.")
                    % {"unit": unit.name, "bureau": indicator.org_unit.name}
                }
            )
        if not getattr(indicator, ASSIGNABLE[unit.kind]):
            raise ValidationError(
                {
                    "assigned_units": _(
                        "“%(unit)s” is of the kind %(kind)s, which does not report "
                        "this indicator: tick that kind above or leave the unit out."
                    )
                    % {"unit": unit.name, "kind": unit.get_kind_display()}
                }
            )
    return units


@transaction.atomic
def indicator_create(
    *,
    acting_user: User,
    org_unit: OrgUnit,
    code: str,
    label: str,
    unit: str,
    frequency: str,
    from_departments: bool = True,
    from_townships: bool = False,
    sector: Sector | None = None,
    measure: str = "",
    assigned_units: Iterable[OrgUnit] = (),
    is_active: bool = True,
    sort_order: int = 0,
) -> ReturnIndicator:
    check_role(acting_user, INDICATOR_KEEPERS)
    check_scope(acting_user, org_unit)
    indicator = ReturnIndicator(
        org_unit=org_unit,
        code=code,
        label=label,
        unit=unit,
        frequency=frequency,
        from_departments=from_departments,
        from_townships=from_townships,
        sector=sector,
        measure=measure,
        is_active=is_active,
        sort_order=sort_order,
    )
    indicator.full_clean()
    units = _check_assigned(acting_user, indicator, assigned_units)
    indicator.save()
    indicator.assigned_units.set(units)
    record_audit(
        actor=acting_user,
        action=AuditAction.RETURN_INDICATOR_CREATED,
        target=indicator,
        org_unit=org_unit,
        data={
            "code": code,
            "label": label,
            "unit": unit,
            "frequency": frequency,
            "measure": measure,
            "assigned_units": [u.name for u in units],
        },
    )
    return indicator


# The code is not among them: wording written with "{code}" would lose its figure.
INDICATOR_FIELDS = (
    "label",
    "unit",
    "frequency",
    "from_departments",
    "from_townships",
    "sector",
    "measure",
    "assigned_units",
    "is_active",
    "sort_order",
)


@transaction.atomic
def indicator_update(*, acting_user: User, indicator: ReturnIndicator, version: int, **changes: Any) -> ReturnIndicator:
    check_role(acting_user, INDICATOR_KEEPERS)
    indicator = ReturnIndicator.objects.select_for_update().get(pk=indicator.pk)
    check_scope(acting_user, indicator.org_unit)
    _check_version(indicator, version)
    changed = {}
    units = changes.pop("assigned_units", None)
    for name, value in changes.items():
        if name not in INDICATOR_FIELDS:
            raise ValidationError(_("This field cannot be changed."))
        if getattr(indicator, name) != value:
            setattr(indicator, name, value)
            changed[name] = _audit_value(value)
    current = list(indicator.assigned_units.order_by("path"))
    if units is not None:
        units = _check_assigned(acting_user, indicator, units)
        if {u.pk for u in units} != {u.pk for u in current}:
            changed["assigned_units"] = [u.name for u in units]
    else:
        # A change of the kinds reported by must still fit the units it is asked of.
        _check_assigned(acting_user, indicator, current)
    if not changed:
        return indicator
    indicator.full_clean()
    _bump(indicator, [name for name in changed if name != "assigned_units"])
    if "assigned_units" in changed:
        indicator.assigned_units.set(units)
    record_audit(
        actor=acting_user,
        action=AuditAction.RETURN_INDICATOR_UPDATED,
        target=indicator,
        org_unit=indicator.org_unit,
        data={"changed": changed, "version": indicator.version},
    )
    return indicator


# --- Return periods ------------------------------------------------------------------------------------------


@transaction.atomic
def return_period_create(
    *,
    acting_user: User,
    org_unit: OrgUnit,
    frequency: str,
    period_start: dt.date,
    period_end: dt.date,
    due_on: dt.date,
) -> ReturnPeriod:
    check_role(acting_user, REVIEWERS)
    check_scope(acting_user, org_unit)
    period = ReturnPeriod(
        org_unit=org_unit, frequency=frequency, period_start=period_start, period_end=period_end, due_on=due_on
    )
    period.full_clean()
    period.save()
    record_audit(
        actor=acting_user,
        action=AuditAction.RETURN_PERIOD_CREATED,
        target=period,
        org_unit=org_unit,
        data={
            "frequency": frequency,
            "period_start": str(period_start),
            "period_end": str(period_end),
            "due_on": str(due_on),
        },
    )
    return period


# --- Returns -------------------------------------------------------------------------------------------------


def _check_own_unit(user: User, unit: OrgUnit) -> None:
    """Only a user of the reporting unit itself fills and submits its return."""
    if not user.is_superuser and user.org_unit_id != unit.pk:
        raise PermissionDenied(_("Only the reporting unit itself fills in and submits its return."))


def _check_reviewer(user: User, ret: Return) -> None:
    """The office of a unit above the reporting unit reviews it, never the unit itself."""
    check_role(user, REVIEWERS)
    check_scope(user, ret.org_unit)
    if not user.is_superuser and user.org_unit_id == ret.org_unit_id:
        raise PermissionDenied(_("A unit cannot review its own return."))


def _write_values(ret: Return, values: Mapping[ReturnIndicator, Decimal | None]) -> dict[str, str | None]:
    """Replace the return's values with ``values`` (None or absent: not reported); returns code → value changed."""
    asked = {i.pk: i for i in indicators_asked(ret.period, ret.org_unit)}
    current = {v.indicator_id: v for v in ret.values.all()}
    changed: dict[str, str | None] = {}
    for indicator, value in values.items():
        if indicator.pk not in asked:
            raise ValidationError(
                _("“%(label)s” is not asked of this unit in this period.") % {"label": indicator.label}
            )
        if value is not None and value < 0:
            raise ValidationError(_("A value cannot be negative."))
        row = current.get(indicator.pk)
        if value is None:
            if row is not None:
                row.delete()
                changed[indicator.code] = None
        elif row is None:
            ReturnValue.objects.create(ret=ret, indicator=indicator, value=value)
            changed[indicator.code] = str(value)
        elif row.value != value:
            row.value = value
            row.save(update_fields=["value"])
            changed[indicator.code] = str(value)
    return changed


@transaction.atomic
def return_create(
    *,
    acting_user: User,
    period: ReturnPeriod,
    org_unit: OrgUnit,
    values: Mapping[ReturnIndicator, Decimal | None],
    notes: str = "",
) -> Return:
    """A draft return of ``org_unit`` for ``period``, by a user of that unit."""
    _check_own_unit(acting_user, org_unit)
    if not period.org_unit.contains(org_unit) or period.org_unit_id == org_unit.pk:
        raise ValidationError({"period": _("This period was not called for by a unit above yours.")})
    if not indicators_asked(period, org_unit).exists():
        raise ValidationError({"period": _("Nothing is asked of your unit in this period.")})
    if Return.objects.filter(period=period, org_unit=org_unit).exists():
        raise ValidationError({"period": _("Your unit already has a return for this period; edit it instead.")})
    ret = Return(period=period, org_unit=org_unit, notes=notes)
    ret.full_clean()
    ret.save()
    changed = _write_values(ret, values)
    record_audit(
        actor=acting_user,
        action=AuditAction.RETURN_CREATED,
        target=ret,
        org_unit=org_unit,
        data={"period": period.pk, "values": changed, "version": ret.version},
    )
    return ret


def _locked(ret: Return, version: int) -> Return:
    ret = Return.objects.select_for_update().select_related("period", "org_unit").get(pk=ret.pk)
    _check_version(ret, version)
    return ret


@transaction.atomic
def return_update(
    *,
    acting_user: User,
    ret: Return,
    version: int,
    values: Mapping[ReturnIndicator, Decimal | None],
    notes: str | None = None,
) -> Return:
    """Change a draft or a sent-back return; a submitted one waits for review, an accepted one is locked."""
    ret = _locked(ret, version)
    _check_own_unit(acting_user, ret.org_unit)
    if ret.is_locked:
        raise ValidationError(_("This return has been accepted and is locked; it can no longer be changed."))
    if not ret.is_editable:
        raise ValidationError(_("This return has been submitted and awaits review; it cannot be changed now."))
    changed: dict[str, Any] = {"values": _write_values(ret, values)}
    fields = []
    if notes is not None and notes != ret.notes:
        ret.notes, changed["notes"] = notes, notes
        fields.append("notes")
    if not changed["values"] and not fields:
        return ret
    _bump(ret, fields)
    record_audit(
        actor=acting_user,
        action=AuditAction.RETURN_UPDATED,
        target=ret,
        org_unit=ret.org_unit,
        data={**changed, "version": ret.version},
    )
    return ret


@transaction.atomic
def return_submit(*, acting_user: User, ret: Return, version: int, today: dt.date | None = None) -> Return:
    ret = _locked(ret, version)
    _check_own_unit(acting_user, ret.org_unit)
    if not ret.is_editable:
        raise ValidationError(_("Only a draft or a return sent back can be submitted."))
    if not ret.values.exists():
        raise ValidationError(_("Fill in at least one figure before submitting."))
    ret.status = Return.Status.SUBMITTED
    ret.submitted_at, ret.submitted_by = timezone.now(), acting_user
    fields = ["status", "submitted_at", "submitted_by"]
    if ret.first_submitted_on is None:
        ret.first_submitted_on = today or timezone.localdate()
        fields.append("first_submitted_on")
    _bump(ret, fields)
    record_audit(
        actor=acting_user,
        action=AuditAction.RETURN_SUBMITTED,
        target=ret,
        org_unit=ret.org_unit,
        data={"version": ret.version, "late": ret.was_late(ret.period.due_on)},
    )
    return ret


@transaction.atomic
def return_accept(*, acting_user: User, ret: Return, version: int) -> Return:
    """Accept a submitted return: its values count in the summary from now on, and it is locked."""
    ret = _locked(ret, version)
    _check_reviewer(acting_user, ret)
    if ret.status != Return.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted return can be accepted."))
    ret.status, ret.reviewed_at, ret.reviewed_by = Return.Status.ACCEPTED, timezone.now(), acting_user
    _bump(ret, ["status", "reviewed_at", "reviewed_by"])
    record_audit(
        actor=acting_user,
        action=AuditAction.RETURN_ACCEPTED,
        target=ret,
        org_unit=ret.org_unit,
        data={"version": ret.version},
    )
    return ret


@transaction.atomic
def return_send_back(*, acting_user: User, ret: Return, version: int, reason: str) -> Return:
    """Send a submitted return back to its unit with the reason; the unit corrects it and submits again."""
    ret = _locked(ret, version)
    _check_reviewer(acting_user, ret)
    if ret.status != Return.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted return can be sent back."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the return is sent back.")})
    ret.status, ret.sent_back_reason = Return.Status.SENT_BACK, reason
    ret.reviewed_at, ret.reviewed_by = timezone.now(), acting_user
    _bump(ret, ["status", "sent_back_reason", "reviewed_at", "reviewed_by"])
    record_audit(
        actor=acting_user,
        action=AuditAction.RETURN_SENT_BACK,
        target=ret,
        org_unit=ret.org_unit,
        data={"version": ret.version, "reason": reason},
    )
    return ret
