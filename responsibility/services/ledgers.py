"""Writes of the three records the summary states apart: complaints and tip-offs (投诉举报),
incidents that are not production-safety accidents (非生产安全事故事件) and safety investments (安全投入).

Each create and update checks the role and the scope of every org unit named, validates the row,
saves it and writes its audit entry in one transaction. An update carries the version its form was
opened at: a record saved by someone else since is refused, never silently overwritten.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import models, transaction

from hazards.models import Sector
from org.audit import AuditAction as A
from org.audit import record_audit
from org.models import OrgUnit, User
from org.scoping import check_scope
from org.versioning import StaleVersion, check_version
from responsibility.models import Complaint, Incident, SafetyInvestment
from responsibility.services.records import RECORDERS, Record, _save_new, check_role

# Complaints, incidents and investments are recorded like meetings and accidents: by the office,
# the townships and the enforcement officers.
LEDGER_WRITERS = RECORDERS


# The record was saved by someone else after the form was opened: the portal's one refusal (org/versioning.py).
StaleEdit = StaleVersion


def _audit_value(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dt.date | Decimal):
        return str(value)
    return value


def _update(record: Record, *, acting_user: User, version: int, changes: dict[str, Any], action: A) -> Any:
    check_role(acting_user, LEDGER_WRITERS)
    # The row is locked for the rest of the transaction, so two saves cannot both pass the version check.
    record = type(record).objects.select_for_update().get(pk=record.pk)
    check_scope(acting_user, record.org_unit)
    if "org_unit" in changes:
        check_scope(acting_user, changes["org_unit"])
    check_version(record, version)
    changed = {}
    for name, value in changes.items():
        if getattr(record, name) != value:
            setattr(record, name, value)
            changed[name] = _audit_value(value)
    if not changed:
        return record
    record.full_clean()
    record.version += 1
    record.save(update_fields=[*changed, "version"])
    record_audit(
        actor=acting_user,
        action=action,
        target=record,
        org_unit=record.org_unit,
        data={"changed": changed, "version": record.version},
    )
    return record


def _create(record: Record, *, acting_user: User, action: A, data: dict[str, Any]) -> None:
    check_role(acting_user, LEDGER_WRITERS)
    check_scope(acting_user, record.org_unit)
    _save_new(record, acting_user=acting_user, action=action, data=data)


# --- Complaints and tip-offs -------------------------------------------------------------------------------


@transaction.atomic
def complaint_create(
    *,
    acting_user: User,
    org_unit: OrgUnit,
    received_on: dt.date,
    channel: str,
    subject: str,
    reference: str = "",
    sector: Sector | None = None,
    items: int = 1,
    status: str = Complaint.Status.RECEIVED,
    closed_on: dt.date | None = None,
    verified: bool = False,
    rewards: int = 0,
    reward_yuan: Decimal = Decimal(0),
    notes: str = "",
) -> Complaint:
    complaint = Complaint(
        org_unit=org_unit,
        received_on=received_on,
        channel=channel,
        subject=subject,
        reference=reference,
        sector=sector,
        items=items,
        status=status,
        closed_on=closed_on,
        verified=verified,
        rewards=rewards,
        reward_yuan=reward_yuan,
        notes=notes,
    )
    _create(
        complaint,
        acting_user=acting_user,
        action=A.COMPLAINT_CREATED,
        data={"channel": channel, "items": items, "status": status},
    )
    return complaint


@transaction.atomic
def complaint_update(*, acting_user: User, complaint: Complaint, version: int, **changes: Any) -> Complaint:
    return _update(complaint, acting_user=acting_user, version=version, changes=changes, action=A.COMPLAINT_UPDATED)


# --- Incidents that are not production-safety accidents ----------------------------------------------------


@transaction.atomic
def incident_create(
    *,
    acting_user: User,
    org_unit: OrgUnit,
    occurred_on: dt.date,
    kind: str,
    place: str,
    description: str,
    dead: int = 0,
    injured: int = 0,
    loss_yuan: Decimal = Decimal(0),
) -> Incident:
    incident = Incident(
        org_unit=org_unit,
        occurred_on=occurred_on,
        kind=kind,
        place=place,
        description=description,
        dead=dead,
        injured=injured,
        loss_yuan=loss_yuan,
    )
    _create(incident, acting_user=acting_user, action=A.INCIDENT_CREATED, data={"kind": kind, "dead": dead})
    return incident


@transaction.atomic
def incident_update(*, acting_user: User, incident: Incident, version: int, **changes: Any) -> Incident:
    return _update(incident, acting_user=acting_user, version=version, changes=changes, action=A.INCIDENT_UPDATED)


# --- Safety investments ------------------------------------------------------------------------------------


@transaction.atomic
def investment_create(
    *,
    acting_user: User,
    org_unit: OrgUnit,
    project: str,
    invested_on: dt.date,
    amount_yuan: Decimal,
    sector: Sector | None = None,
    output: str = "",
    quantity: Decimal | None = None,
    quantity_unit: str = "",
    notes: str = "",
) -> SafetyInvestment:
    investment = SafetyInvestment(
        org_unit=org_unit,
        project=project,
        invested_on=invested_on,
        amount_yuan=amount_yuan,
        sector=sector,
        output=output,
        quantity=quantity,
        quantity_unit=quantity_unit,
        notes=notes,
    )
    _create(investment, acting_user=acting_user, action=A.INVESTMENT_CREATED, data={"amount_yuan": str(amount_yuan)})
    return investment


@transaction.atomic
def investment_update(
    *, acting_user: User, investment: SafetyInvestment, version: int, **changes: Any
) -> SafetyInvestment:
    return _update(investment, acting_user=acting_user, version=version, changes=changes, action=A.INVESTMENT_UPDATED)
