"""Writes to the flood roster: persons, their risk points, check-ins and the bulk import."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from floodprep.models import LEVEL_UNIT_KIND, CheckIn, PersonLevel, ResponsiblePerson, RiskPoint
from floodprep.services._common import create, update
from org.audit import AuditAction, record_audit
from org.models import AuditEntry, OrgUnit, User
from org.scoping import check_scope
from org.versioning import bump


def check_level(level: str, unit: OrgUnit) -> None:
    """县级 persons sit on a district, 乡级 on a township, 村级 and 网格 on a village."""
    if LEVEL_UNIT_KIND.get(level) != unit.kind:
        kind = OrgUnit.Kind(LEVEL_UNIT_KIND[level]).label if level in LEVEL_UNIT_KIND else "—"
        raise ValidationError(
            {
                "org_unit": _("A %(level)s person belongs to a unit of kind %(kind)s.")
                % {"level": PersonLevel(level).label if level in PersonLevel.values else level, "kind": kind}
            }
        )


def _check_points(person_unit: OrgUnit, points: Iterable[RiskPoint]) -> None:
    # A person looks after points of their own area; a village person may also watch a township point.
    township = person_unit.parent if person_unit.kind == OrgUnit.Kind.VILLAGE and person_unit.parent else person_unit
    for point in points:
        if not point.org_unit.path.startswith(township.path):
            raise ValidationError({"risk_points": _("%(point)s is outside this person's area.") % {"point": point}})


@transaction.atomic
def responsible_person_create(
    *,
    acting_user: User,
    org_unit: OrgUnit,
    level: str,
    post: str,
    name: str,
    mobile: str,
    note: str = "",
    risk_points: Sequence[RiskPoint] = (),
) -> ResponsiblePerson:
    check_scope(acting_user, org_unit)
    check_level(level, org_unit)
    _check_points(org_unit, risk_points)
    person = create(
        ResponsiblePerson,
        acting_user=acting_user,
        action=AuditAction.PERSON_CREATED,
        org_unit=org_unit,
        level=level,
        post=post.strip(),
        name=name.strip(),
        mobile=mobile.strip(),
        note=note,
    )
    person.risk_points.set(risk_points)
    return person


@transaction.atomic
def responsible_person_update(
    *,
    acting_user: User,
    person: ResponsiblePerson,
    org_unit: OrgUnit,
    level: str,
    post: str,
    name: str,
    mobile: str,
    note: str = "",
    is_active: bool = True,
    risk_points: Sequence[RiskPoint] | None = None,
    version: int | None = None,
) -> list[str]:
    check_scope(acting_user, org_unit)
    check_level(level, org_unit)
    changed = update(
        person,
        acting_user=acting_user,
        action=AuditAction.PERSON_UPDATED,
        version=version,
        org_unit=org_unit,
        level=level,
        post=post.strip(),
        name=name.strip(),
        mobile=mobile.strip(),
        note=note,
        is_active=is_active,
    )
    if risk_points is not None and {p.pk for p in risk_points} != set(person.risk_points.values_list("pk", flat=True)):
        _check_points(org_unit, risk_points)
        person.risk_points.set(risk_points)
        person.save(update_fields=bump(person))
        record_audit(
            actor=acting_user,
            action=AuditAction.PERSON_RISK_POINTS,
            target=person,
            org_unit=org_unit,
            data={
                "risk_points": sorted(p.pk for p in risk_points),
                "changed": ["risk_points"],
                "version": person.version,
            },
        )
        changed.append("risk_points")
    return changed


@transaction.atomic
def checkin_record(
    *, acting_user: User, person: ResponsiblePerson, checked_on: dt.date | None = None, note: str = ""
) -> tuple[CheckIn, bool]:
    """Record that the person was at their post (进岗履职) on a day; a second record for the day is a no-op."""
    checked_on = checked_on or timezone.localdate()
    if checked_on > timezone.localdate():
        raise ValidationError({"checked_on": _("A check-in cannot be in the future.")})
    if not person.is_active:
        raise ValidationError(_("This person is no longer on the roster."))
    checkin, created = CheckIn.objects.get_or_create(
        person=person, checked_on=checked_on, defaults={"note": note, "recorded_by": acting_user}
    )
    if created:
        record_audit(
            actor=acting_user,
            action=AuditAction.PERSON_CHECKED_IN,
            target=person,
            org_unit=person.org_unit,
            data={"date": checked_on.isoformat()},
        )
    return checkin, created


# ------------------------------------------------------------------------------
# Bulk import (the parsing and the dry run live in floodprep/importers.py)
# ------------------------------------------------------------------------------
@dataclass
class RosterRow:
    """One checked row of a roster file; ``risk_points`` None means "leave as they are"."""

    row: int
    org_unit: OrgUnit
    level: str
    post: str
    name: str
    mobile: str
    note: str = ""
    risk_points: list[RiskPoint] | None = None
    existing: ResponsiblePerson | None = None
    changes: list[str] = field(default_factory=list)

    @property
    def level_label(self) -> str:
        return str(PersonLevel(self.level).label)

    @property
    def saved(self) -> ResponsiblePerson:
        """The person this row is written to: ``existing``, which the import sets for new rows too."""
        assert self.existing is not None, "the row is not written yet"
        return self.existing

    @property
    def key(self) -> tuple[int, str, str]:
        return (self.org_unit.pk, self.name, self.mobile)


def roster_match(rows: list[RosterRow]) -> None:
    """Find each row's person already on the roster and what the row would change."""
    units = {row.org_unit.pk for row in rows}
    existing = {
        (p.org_unit_id, p.name, p.mobile): p
        for p in ResponsiblePerson.objects.filter(org_unit__in=units, name__in={r.name for r in rows}).prefetch_related(
            "risk_points"
        )
    }
    for row in rows:
        person = row.existing = existing.get(row.key)
        if person is None:
            row.changes = []
            continue
        row.changes = [
            name
            for name in ("level", "post", "note", "is_active")
            if getattr(person, name) != (True if name == "is_active" else getattr(row, name))
        ]
        if row.risk_points is not None and {p.pk for p in row.risk_points} != {p.pk for p in person.risk_points.all()}:
            row.changes.append("risk_points")


@dataclass(frozen=True)
class RosterImportCounts:
    created: int
    updated: int
    unchanged: int


@transaction.atomic
def responsible_persons_import(*, acting_user: User, rows: list[RosterRow], filename: str) -> RosterImportCounts:
    """Write a checked roster file whole: new persons in bulk, changed ones updated, one audit entry each.

    Rows are matched again here, since someone may have edited the roster after the dry run.
    """
    for unit in {row.org_unit.pk: row.org_unit for row in rows}.values():
        check_scope(acting_user, unit)
    roster_match(rows)
    new = [row for row in rows if row.existing is None]
    changed = [row for row in rows if row.existing is not None and row.changes]
    persons = ResponsiblePerson.objects.bulk_create(
        [
            ResponsiblePerson(
                org_unit=row.org_unit, level=row.level, post=row.post, name=row.name, mobile=row.mobile, note=row.note
            )
            for row in new
        ],
        batch_size=1000,
    )
    # bulk_create returns primary keys on PostgreSQL and on SQLite ≥ 3.35; look them up for safety.
    if persons and persons[0].pk is None:
        saved = {
            (p.org_unit_id, p.name, p.mobile): p
            for p in ResponsiblePerson.objects.filter(
                org_unit__in={r.org_unit.pk for r in new}, name__in={r.name for r in new}
            )
        }
        persons = [saved[row.key] for row in new]
    for row, person in zip(new, persons, strict=True):
        row.existing = person
    for row in changed:
        person = row.saved
        fields = [name for name in row.changes if name != "risk_points"]
        for name in fields:
            setattr(person, name, True if name == "is_active" else getattr(row, name))
        # A roster line changed by the file makes an edit form opened before it stale (org/versioning.py).
        person.version += 1
        person.save(update_fields=[*fields, "updated_at", "version"])
    links = ResponsiblePerson.risk_points.through
    replaced = [row for row in changed if "risk_points" in row.changes] + [row for row in new if row.risk_points]
    if replaced:
        links.objects.filter(responsibleperson__in=[row.saved.pk for row in replaced]).delete()
        links.objects.bulk_create(
            [
                links(responsibleperson_id=row.saved.pk, riskpoint_id=point.pk)
                for row in replaced
                for point in row.risk_points or []
            ],
            batch_size=2000,
        )
    _audit_import(acting_user, new, changed, filename)
    return RosterImportCounts(created=len(new), updated=len(changed), unchanged=len(rows) - len(new) - len(changed))


def _audit_import(acting_user: User, new: list[RosterRow], changed: list[RosterRow], filename: str) -> None:
    content_type = ContentType.objects.get_for_model(ResponsiblePerson)
    now = timezone.now()
    entries = [
        AuditEntry(
            actor=acting_user,
            action=AuditAction.PERSON_CREATED,
            org_unit=row.org_unit,
            target_type=content_type,
            target_id=row.saved.pk,
            created_at=now,
            data={"name": str(row.saved), "import": filename},
        )
        for row in new
    ] + [
        AuditEntry(
            actor=acting_user,
            action=AuditAction.PERSON_UPDATED,
            org_unit=row.org_unit,
            target_type=content_type,
            target_id=row.saved.pk,
            created_at=now,
            data={"changed": row.changes, "import": filename, "version": row.saved.version},
        )
        for row in changed
    ]
    AuditEntry.objects.bulk_create(entries, batch_size=2000)
