"""Every write to the responsibility system's records: committees, letters, meetings,
leader-led inspections, interviews, accidents and publicity events.

Each create service checks the role and that every org unit named lies in the acting
user's area, validates the row, saves it and writes its audit entry in one transaction.

Meetings, leader-led inspections, interviews, accidents and publicity events carry the day they
happened, which may be long before the day they are entered (org.stated_dates): not in the future, and
inside an approved summary's period only with ``closed_period_reason`` (not ``reason``: an interview
has a reason of its own), which the audit entry keeps with the date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, TypeAlias

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils.translation import gettext as _

from enterprises.linking import link as link_enterprise
from hazards.models import Hazard
from org.audit import AuditAction, record_audit
from org.models import OrgUnit, Role, User
from org.scoping import check_scope, user_has_role
from org.stated_dates import REASON_FIELD, check_stated_date
from org.versioning import bump, check_version, lock
from responsibility.models import (
    Accident,
    Committee,
    Complaint,
    Incident,
    Interview,
    LeaderInspection,
    Meeting,
    PublicityEvent,
    ResponsibilityLetter,
    SafetyInvestment,
)

# The records written here and in services/ledgers.py: each belongs to an org unit and carries a version.
Record: TypeAlias = (
    Committee
    | ResponsibilityLetter
    | Meeting
    | LeaderInspection
    | Interview
    | Accident
    | PublicityEvent
    | Complaint
    | Incident
    | SafetyInvestment
)

# 安委办 work: committees, letters and rankings are kept by the office and its leaders.
OFFICE = (Role.CLERK, Role.LEADER, Role.ADMIN)
# Meetings, inspections, interviews, accidents and events are also recorded by townships and officers.
RECORDERS = (*OFFICE, Role.TOWNSHIP_STAFF, Role.OFFICER)


def check_role(user: User, roles: tuple[str, ...]) -> None:
    if not user_has_role(user, roles):
        raise PermissionDenied(_("Your role may not do this."))


# The records that say when something happened, and the field that says it; the summary counts by it.
DATE_FIELDS: dict[type[models.Model], str] = {
    Meeting: "held_on",
    LeaderInspection: "held_on",
    Interview: "held_on",
    Accident: "occurred_on",
    PublicityEvent: "held_on",
}


def _stated(record: Record, *, reason: str, was: dt.date | None = None, dated: bool = True) -> dict[str, str]:
    """Check the record's own date; ``dated`` False (an edit leaving it alone) asks no approved period."""
    field = DATE_FIELDS.get(type(record))
    if field is None or getattr(record, field) is None:
        return {}
    return check_stated_date(
        field=field, on=getattr(record, field), reason=reason, was=was, org_unit=record.org_unit if dated else None
    )


def _save_new(
    record: Record,
    *,
    acting_user: User,
    action: AuditAction,
    data: dict[str, Any] | None = None,
    closed_period_reason: str = "",
) -> None:
    stated = _stated(record, reason=closed_period_reason)
    link_enterprise(record, user=acting_user)
    record.full_clean()
    record.save()
    record_audit(
        actor=acting_user, action=action, target=record, org_unit=record.org_unit, data={**(data or {}), **stated}
    )


@transaction.atomic
def committee_create(
    *,
    acting_user: User,
    org_unit: OrgUnit,
    year: int,
    kind: str,
    name: str,
    parent: Committee | None = None,
    lead_department: OrgUnit | None = None,
    leader_in_charge: str = "",
    member_units: Iterable[OrgUnit] = (),
    duties: str = "",
    sort_order: int = 0,
) -> Committee:
    check_role(acting_user, OFFICE)
    check_scope(acting_user, org_unit)
    if parent is not None and (parent.org_unit_id != org_unit.pk or parent.year != year):
        raise ValidationError({"parent": _("Choose the safety committee of the same unit and year.")})
    committee = Committee(
        org_unit=org_unit,
        year=year,
        kind=kind,
        name=name,
        parent=parent,
        lead_department=lead_department,
        leader_in_charge=leader_in_charge,
        duties=duties,
        sort_order=sort_order,
    )
    _save_new(
        committee, acting_user=acting_user, action=AuditAction.COMMITTEE_CREATED, data={"year": year, "kind": kind}
    )
    committee.member_units.set(member_units)
    return committee


@transaction.atomic
def letter_create(
    *,
    acting_user: User,
    year: int,
    kind: str,
    title: str,
    issuer: OrgUnit,
    org_unit: OrgUnit,
    enterprise: str = "",
    signed_on: dt.date | None = None,
    scan: UploadedFile | None = None,
    note: str = "",
) -> ResponsibilityLetter:
    check_role(acting_user, OFFICE + (Role.TOWNSHIP_STAFF,))
    check_scope(acting_user, issuer, "issuer")
    check_scope(acting_user, org_unit)
    # An uploaded file assigned to the field is written to storage only when the row is saved.
    letter = ResponsibilityLetter(
        year=year,
        kind=kind,
        title=title,
        issuer=issuer,
        org_unit=org_unit,
        enterprise=enterprise,
        signed_on=signed_on,
        note=note,
        scan=scan or "",
    )
    _save_new(
        letter,
        acting_user=acting_user,
        action=AuditAction.LETTER_CREATED,
        data={"year": year, "signed": signed_on is not None},
    )
    return letter


@transaction.atomic
def letter_sign(
    *,
    acting_user: User,
    letter: ResponsibilityLetter,
    signed_on: dt.date,
    scan: UploadedFile | None = None,
    version: int | None = None,
) -> ResponsibilityLetter:
    """Record the signing date and, when there is one, the scanned letter.

    ``version``: the one the form was opened at; a letter saved since is refused (org/versioning.py).
    """
    check_role(acting_user, OFFICE + (Role.TOWNSHIP_STAFF,))
    check_scope(acting_user, letter.org_unit)
    letter = lock(letter)
    check_version(letter, version)
    letter.signed_on = signed_on
    fields = ["signed_on"]
    if scan:
        letter.scan = scan
        fields.append("scan")
    letter.save(update_fields=bump(letter, fields))
    record_audit(
        actor=acting_user,
        action=AuditAction.LETTER_SIGNED,
        target=letter,
        org_unit=letter.org_unit,
        data={"signed_on": signed_on.isoformat(), "scan": bool(scan), "changed": fields, "version": letter.version},
    )
    return letter


@transaction.atomic
def meeting_create(
    *,
    acting_user: User,
    org_unit: OrgUnit,
    held_on: dt.date,
    kind: str,
    topic: str,
    committee: Committee | None = None,
    chaired_by: str = "",
    attendees: str = "",
    decisions: str = "",
    closed_period_reason: str = "",
) -> Meeting:
    check_role(acting_user, RECORDERS)
    check_scope(acting_user, org_unit)
    meeting = Meeting(
        org_unit=org_unit,
        held_on=held_on,
        kind=kind,
        topic=topic,
        committee=committee,
        chaired_by=chaired_by,
        attendees=attendees,
        decisions=decisions,
    )
    _save_new(
        meeting,
        acting_user=acting_user,
        action=AuditAction.MEETING_CREATED,
        data={"kind": kind},
        closed_period_reason=closed_period_reason,
    )
    return meeting


def _visible_hazards(user: User, hazards: Iterable[Hazard]) -> list[Hazard]:
    hazards = list(hazards)
    visible = set(Hazard.objects.visible_to(user).filter(pk__in=[h.pk for h in hazards]).values_list("pk", flat=True))
    if len(visible) != len({h.pk for h in hazards}):
        raise ValidationError({"hazards": _("A hazard outside your area was chosen.")})
    return hazards


@transaction.atomic
def leader_inspection_create(
    *,
    acting_user: User,
    org_unit: OrgUnit,
    held_on: dt.date,
    leader: str,
    places: str,
    hazards: Iterable[Hazard] = (),
    notes: str = "",
    principal_leader: bool = False,
    closed_period_reason: str = "",
) -> LeaderInspection:
    check_role(acting_user, RECORDERS)
    check_scope(acting_user, org_unit)
    handed_over = _visible_hazards(acting_user, hazards)
    inspection = LeaderInspection(
        org_unit=org_unit, held_on=held_on, leader=leader, places=places, notes=notes, principal_leader=principal_leader
    )
    _save_new(
        inspection,
        acting_user=acting_user,
        action=AuditAction.LEADER_INSPECTION_CREATED,
        data={"hazards": [h.pk for h in handed_over], "principal_leader": principal_leader},
        closed_period_reason=closed_period_reason,
    )
    inspection.hazards.set(handed_over)
    return inspection


@transaction.atomic
def interview_create(
    *,
    acting_user: User,
    org_unit: OrgUnit,
    held_on: dt.date,
    enterprise: str,
    reason: str,
    kind: str = Interview.Kind.ON_SITE,
    person: str = "",
    convened_by: str = "",
    outcome: str = "",
    closed_period_reason: str = "",
) -> Interview:
    check_role(acting_user, RECORDERS)
    check_scope(acting_user, org_unit)
    interview = Interview(
        org_unit=org_unit,
        held_on=held_on,
        kind=kind,
        enterprise=enterprise,
        person=person,
        convened_by=convened_by,
        reason=reason,
        outcome=outcome,
    )
    _save_new(
        interview,
        acting_user=acting_user,
        action=AuditAction.INTERVIEW_CREATED,
        closed_period_reason=closed_period_reason,
    )
    return interview


@transaction.atomic
def accident_create(
    *,
    acting_user: User,
    org_unit: OrgUnit,
    occurred_on: dt.date,
    place: str,
    kind: str,
    description: str,
    grade: str = Accident.Grade.ORDINARY,
    dead: int = 0,
    injured: int = 0,
    direct_loss_yuan: Decimal = Decimal(0),
    investigation: str = Accident.Investigation.REPORTED,
    closed_period_reason: str = "",
) -> Accident:
    check_role(acting_user, RECORDERS)
    check_scope(acting_user, org_unit)
    accident = Accident(
        org_unit=org_unit,
        occurred_on=occurred_on,
        place=place,
        kind=kind,
        grade=grade,
        dead=dead,
        injured=injured,
        direct_loss_yuan=direct_loss_yuan,
        description=description,
        investigation=investigation,
    )
    _save_new(
        accident,
        acting_user=acting_user,
        action=AuditAction.ACCIDENT_CREATED,
        data={"kind": kind, "grade": grade, "dead": dead},
        closed_period_reason=closed_period_reason,
    )
    return accident


@transaction.atomic
def publicity_event_create(
    *,
    acting_user: User,
    org_unit: OrgUnit,
    held_on: dt.date,
    kind: str,
    title: str,
    organiser: str = "",
    participants: int = 0,
    materials: int = 0,
    media_pieces: int = 0,
    notes: str = "",
    closed_period_reason: str = "",
) -> PublicityEvent:
    check_role(acting_user, RECORDERS)
    check_scope(acting_user, org_unit)
    event = PublicityEvent(
        org_unit=org_unit,
        held_on=held_on,
        kind=kind,
        title=title,
        organiser=organiser,
        participants=participants,
        materials=materials,
        media_pieces=media_pieces,
        notes=notes,
    )
    _save_new(
        event,
        acting_user=acting_user,
        action=AuditAction.PUBLICITY_EVENT_CREATED,
        data={"kind": kind},
        closed_period_reason=closed_period_reason,
    )
    return event


# Each kind of record: its name in audit actions, and the roles that may edit it (as the create services say).
# Each record's edit: its audit action and who may make it.
EDITORS: dict[type[models.Model], tuple[AuditAction, tuple[str, ...]]] = {
    Committee: (AuditAction.COMMITTEE_UPDATED, OFFICE),
    ResponsibilityLetter: (AuditAction.LETTER_UPDATED, OFFICE + (Role.TOWNSHIP_STAFF,)),
    Meeting: (AuditAction.MEETING_UPDATED, RECORDERS),
    LeaderInspection: (AuditAction.LEADER_INSPECTION_UPDATED, RECORDERS),
    Interview: (AuditAction.INTERVIEW_UPDATED, RECORDERS),
    Accident: (AuditAction.ACCIDENT_UPDATED, RECORDERS),
    PublicityEvent: (AuditAction.PUBLICITY_EVENT_UPDATED, RECORDERS),
}


@transaction.atomic
def record_update(
    *,
    acting_user: User,
    record: Record,
    changes: dict[str, Any],
    closed_period_reason: str = "",
    version: int | None = None,
) -> Record:
    """Edit any of the records above: one service, so every edit is checked and audited the same way.

    Many-to-many values (member units, hazards handed over) are set after the row is saved. The reason
    for a date moved into (or out of) an approved period may come inside ``changes``, as the form posts it.
    ``version``: the one the edit form was opened at; a record saved since is refused (org/versioning.py).
    """
    changes = dict(changes)
    closed_period_reason = changes.pop(REASON_FIELD, None) or closed_period_reason
    updated, roles = EDITORS[type(record)]
    check_role(acting_user, roles)
    check_scope(acting_user, record.org_unit)
    record = lock(record)
    check_version(record, version)
    date_field = DATE_FIELDS.get(type(record))
    was = getattr(record, date_field) if date_field else None
    for name in ("org_unit", "issuer"):
        if name in changes:
            check_scope(acting_user, changes[name], name)
    if "hazards" in changes:
        changes["hazards"] = _visible_hazards(acting_user, changes["hazards"])
    many = {f.name for f in record._meta.many_to_many}
    changed = []
    for name, value in changes.items():
        if name in many or (name == "scan" and not value):  # no new upload keeps the old scan
            continue
        if name == "scan" or getattr(record, name) != value:
            setattr(record, name, value)
            changed.append(name)
    redated = date_field in changed
    stated = _stated(record, reason=closed_period_reason, was=was, dated=redated)
    if link_enterprise(record, user=acting_user):
        changed.append("enterprise_record" if isinstance(record, Interview) else "enterprise")
    record.full_clean()
    record.save(update_fields=bump(record, changed))
    for name in many & set(changes):
        getattr(record, name).set(changes[name])
    record_audit(
        actor=acting_user,
        action=updated,
        target=record,
        org_unit=record.org_unit,
        data={
            "fields": sorted(changed + list(many & set(changes))),
            **(stated if redated else {}),
            "version": record.version,
        },
    )
    return record
