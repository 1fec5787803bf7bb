"""Writes to inspections (现场检查): the record, its findings, the order to rectify (责令限期整改)
and the re-inspection (整改复查)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enforcement.models import Finding, Inspection, IssuedDocument, JointAction, RectificationOrder
from enforcement.services.common import (
    TransitionError,
    check_campaign,
    check_officers,
    check_scope,
    check_stated_date,
    check_writer,
)
from enterprises.linking import link as link_enterprise
from hazards.models import Campaign, Hazard, Sector
from hazards.services import hazard_create
from org.audit import AuditAction, record_audit
from org.models import OrgUnit, User
from org.versioning import bump, check_version

EDITABLE = (
    "org_unit",
    "issuer",
    "kind",
    "joint_action",
    "unit_name",
    "credit_code",
    "address",
    "unit_contact",
    "contact_phone",
    "sector",
    "inspected_on",
    "summary",
    "campaign",
)


def _check_inspection(
    inspection: Inspection, user: User, *, reason: str = "", was: dt.date | None = None, dated: bool = True
) -> dict[str, str]:
    """The checks of one inspection; returns what the audit entry keeps of its date.

    ``dated`` False (an edit that leaves the date alone): the approved periods are not asked about.
    """
    check_scope(user, inspection.org_unit)
    check_scope(user, inspection.issuer, "issuer")
    if inspection.org_unit.kind != OrgUnit.Kind.TOWNSHIP:
        raise ValidationError({"org_unit": _("Choose the township where the unit is.")})
    stated = check_stated_date(
        field="inspected_on",
        on=inspection.inspected_on,
        reason=reason,
        was=was,
        org_unit=inspection.org_unit if dated else None,
    )
    action = inspection.joint_action
    if inspection.kind == Inspection.Kind.JOINT and action is None:
        raise ValidationError({"joint_action": _("A joint enforcement inspection belongs to a joint action.")})
    if action is not None and not action.start <= inspection.inspected_on <= action.end:
        raise ValidationError({"joint_action": _("The inspection date is outside the joint action's period.")})
    check_campaign(inspection.campaign, on=inspection.inspected_on)
    return stated


@transaction.atomic
def inspection_create(
    *,
    acting_user: User,
    org_unit: OrgUnit,
    issuer: OrgUnit,
    unit_name: str,
    sector: Sector,
    inspected_on: dt.date,
    officers: Iterable[User],
    kind: str = Inspection.Kind.ROUTINE,
    joint_action: JointAction | None = None,
    credit_code: str = "",
    address: str = "",
    unit_contact: str = "",
    contact_phone: str = "",
    summary: str = "",
    campaign: Campaign | None = None,
    reason: str = "",
) -> Inspection:
    """现场检查, dated the day it took place; ``reason`` only for a day inside an approved period."""
    check_writer(acting_user)
    people = check_officers(officers)
    inspection = Inspection(
        org_unit=org_unit,
        issuer=issuer,
        kind=kind,
        joint_action=joint_action,
        campaign=campaign,
        unit_name=unit_name,
        credit_code=credit_code,
        address=address,
        unit_contact=unit_contact,
        contact_phone=contact_phone,
        sector=sector,
        inspected_on=inspected_on,
        summary=summary,
        recorded_by=acting_user,
    )
    stated = _check_inspection(inspection, acting_user, reason=reason)
    link_enterprise(inspection, user=acting_user)
    inspection.full_clean(exclude=["import_key"])
    inspection.save()
    inspection.officers.set(people)
    record_audit(
        actor=acting_user,
        action=AuditAction.ENFORCEMENT_INSPECTION_CREATED,
        target=inspection,
        org_unit=org_unit,
        data={
            "unit": unit_name,
            "officers": [u.pk for u in people],
            "kind": kind,
            "campaign": campaign.pk if campaign else None,
            **stated,
        },
    )
    return inspection


def _lock(inspection: Inspection) -> Inspection:
    return Inspection.objects.select_for_update().select_related("org_unit", "issuer").get(pk=inspection.pk)


def _check_not_recorded(inspection: Inspection) -> None:
    # Once the 现场检查记录 has been handed over and signed, the record must match it.
    if IssuedDocument.objects.filter(inspection=inspection, kind=IssuedDocument.Kind.INSPECTION_RECORD).exists():
        raise TransitionError(_("The on-site inspection record has been issued; this inspection is locked."))


@transaction.atomic
def inspection_update(
    *,
    acting_user: User,
    inspection: Inspection,
    officers: Iterable[User] | None = None,
    reason: str = "",
    version: int | None = None,
    **fields: Any,
) -> Inspection:
    """``version``: the one the edit form was opened at; an inspection saved since is refused (org/versioning.py)."""
    check_writer(acting_user)
    inspection = _lock(inspection)
    check_version(inspection, version)
    _check_not_recorded(inspection)
    was = inspection.inspected_on
    changed: dict[str, Any] = {}
    for name, value in fields.items():
        if name not in EDITABLE:
            raise TypeError(name)
        if getattr(inspection, name) != value:
            changed[name] = str(value)
            setattr(inspection, name, value)
    if {"unit_name", "credit_code", "org_unit"} & set(changed) and link_enterprise(inspection, user=acting_user):
        changed["enterprise"] = str(inspection.enterprise or "")
    redated = inspection.inspected_on != was
    stated = _check_inspection(inspection, acting_user, reason=reason, was=was, dated=redated)
    inspection.full_clean(exclude=["import_key"])
    if changed:
        inspection.save(update_fields=list(changed))
    if officers is not None:
        people = check_officers(officers)
        if {u.pk for u in people} != set(inspection.officers.values_list("pk", flat=True)):
            inspection.officers.set(people)
            changed["officers"] = str([u.pk for u in people])
    if changed:
        inspection.save(update_fields=bump(inspection))
        record_audit(
            actor=acting_user,
            action=AuditAction.ENFORCEMENT_INSPECTION_UPDATED,
            target=inspection,
            org_unit=inspection.org_unit,
            data={"changed": changed, **(stated if redated else {}), "version": inspection.version},
        )
    return inspection


@transaction.atomic
def finding_add(
    *,
    acting_user: User,
    inspection: Inspection,
    description: str,
    legal_basis: str = "",
    is_major: bool = False,
    handling: str = Finding.Handling.ORDER,
    hazard_deadline: dt.date | None = None,
) -> Finding:
    """Record a problem found; handed to the hazard loop at once when that is its handling."""
    check_writer(acting_user)
    inspection = _lock(inspection)
    _check_not_recorded(inspection)
    if not description.strip():
        raise ValidationError({"description": _("Describe the problem found.")})
    if handling == Finding.Handling.ORDER and RectificationOrder.objects.filter(inspection=inspection).exists():
        raise ValidationError(
            {"handling": _("The order to rectify has already been issued; it cannot take further problems.")}
        )
    finding = Finding.objects.create(
        inspection=inspection,
        description=description,
        legal_basis=legal_basis,
        is_major=is_major,
        handling=handling,
    )
    record_audit(
        actor=acting_user,
        action=AuditAction.FINDING_ADDED,
        target=inspection,
        org_unit=inspection.org_unit,
        data={"finding": finding.pk, "handling": handling, "major": is_major},
    )
    if handling == Finding.Handling.HAZARD:
        finding_to_hazard(acting_user=acting_user, finding=finding, deadline=hazard_deadline)
    return finding


@transaction.atomic
def finding_to_hazard(*, acting_user: User, finding: Finding, deadline: dt.date | None = None) -> Hazard:
    """Hand a finding to the township's hazard loop (隐患闭环); the finding keeps the hazard."""
    check_writer(acting_user)
    finding = (
        Finding.objects.select_for_update()
        .select_related("inspection__org_unit", "inspection__sector")
        .get(pk=finding.pk)
    )
    if finding.hazard_id is not None:
        raise TransitionError(_("This problem has already been handed over as a hazard."))
    inspection = finding.inspection
    if deadline is not None and deadline < inspection.inspected_on:
        raise ValidationError({"hazard_deadline": _("The deadline cannot be before the inspection.")})
    hazard = hazard_create(
        acting_user=acting_user,
        org_unit=inspection.org_unit,
        place_name=inspection.unit_name,
        sector=inspection.sector,
        description=finding.description,
        found_on=inspection.inspected_on,
        source=Hazard.Source.DEPARTMENT,
        level=Hazard.Level.MAJOR if finding.is_major else Hazard.Level.GENERAL,
        credit_code=inspection.credit_code,
        address=inspection.address,
        responsible_unit=inspection.unit_name if deadline else "",
        responsible_person=inspection.unit_contact if deadline else "",
        deadline=deadline,
    )
    finding.hazard = hazard
    if finding.handling != Finding.Handling.ORDER or not hasattr(inspection, "order"):
        finding.handling = Finding.Handling.HAZARD
    finding.save(update_fields=["hazard", "handling"])
    record_audit(
        actor=acting_user,
        action=AuditAction.FINDING_HANDED_OVER,
        target=inspection,
        org_unit=inspection.org_unit,
        data={"finding": finding.pk, "hazard": hazard.pk},
    )
    return hazard


@transaction.atomic
def order_issue(
    *,
    acting_user: User,
    inspection: Inspection,
    deadline: dt.date,
    requirements: str = "",
    issued_on: dt.date | None = None,
) -> RectificationOrder:
    """责令限期整改: the problems marked for an order, to be put right by the deadline."""
    check_writer(acting_user)
    inspection = _lock(inspection)
    issued_on = issued_on or timezone.localdate()
    if RectificationOrder.objects.filter(inspection=inspection).exists():
        raise TransitionError(_("An order to rectify has already been issued for this inspection."))
    if not inspection.findings.filter(handling=Finding.Handling.ORDER).exists():
        raise ValidationError(_("Record at least one problem to be rectified under the order first."))
    # Orders and re-inspections count in no approved figure: no period is closed to them (org_unit None).
    check_stated_date(
        field="issued_on", on=issued_on, org_unit=None, after=inspection.inspected_on, after_label=_("the inspection")
    )
    if deadline < issued_on:
        raise ValidationError({"deadline": _("The deadline cannot be before the order is issued.")})
    order = RectificationOrder.objects.create(
        inspection=inspection, issued_on=issued_on, deadline=deadline, requirements=requirements
    )
    record_audit(
        actor=acting_user,
        action=AuditAction.ORDER_ISSUED,
        target=inspection,
        org_unit=inspection.org_unit,
        data={"deadline": deadline.isoformat(), "issued_on": issued_on.isoformat()},
    )
    return order


@transaction.atomic
def order_reinspect(
    *,
    acting_user: User,
    order: RectificationOrder,
    passed: bool,
    reinspected_on: dt.date,
    officers: Iterable[User],
    note: str = "",
) -> RectificationOrder:
    """整改复查: two officers check that the order was carried out."""
    check_writer(acting_user)
    order = RectificationOrder.objects.select_for_update().select_related("inspection__org_unit").get(pk=order.pk)
    if order.status != RectificationOrder.Status.AWAITING:
        raise TransitionError(_("This order has already been re-inspected."))
    people = check_officers(officers)
    check_stated_date(
        field="reinspected_on", on=reinspected_on, org_unit=None, after=order.issued_on, after_label=_("the order")
    )
    if not passed and not note.strip():
        raise ValidationError({"note": _("Say what has not been rectified.")})
    order.status = RectificationOrder.Status.PASSED if passed else RectificationOrder.Status.FAILED
    order.reinspected_on, order.reinspection_note = reinspected_on, note
    order.save(update_fields=["status", "reinspected_on", "reinspection_note"])
    order.reinspected_by.set(people)
    record_audit(
        actor=acting_user,
        action=AuditAction.ORDER_REINSPECTED,
        target=order.inspection,
        org_unit=order.inspection.org_unit,
        data={"to": order.status, "on": reinspected_on.isoformat(), "reason": note, "officers": [u.pk for u in people]},
    )
    return order
