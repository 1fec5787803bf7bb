"""Every write to a hazard, and the one table of its legal moves.

发现 reported → 交办 assigned → 整改中 rectifying → 待复查 awaiting re-inspection → 已销号 closed;
a failed re-inspection sends it back to rectifying, always with a reason.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import reduce
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Case, F, JSONField, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from enterprises.linking import link as link_enterprise
from hazards import duties
from hazards.closure_checks import closure_flags, photo_facts
from hazards.models import Campaign, Criterion, Hazard, HazardPhoto, Sector
from hazards.step_dates import CLOSE, RECTIFY, REINSPECT, closed_period_refusal, date_refusal
from org import permissions
from org.audit import AuditAction, action_label, audit_trail, record_audit, record_audit_each
from org.closed_periods import closed_period_for, closed_periods
from org.models import OrgUnit, Role, User
from org.scoping import check_scope
from org.services import notify_users
from org.state_machine import InvalidTransition, StateMachine, Transition
from org.uploads import check_photo
from org.versioning import StaleVersion, field_label

S = Hazard.Status
A = AuditAction

TRANSITIONS: dict[str, Transition] = {
    "assign": Transition((S.REPORTED,), S.ASSIGNED, "hazards.assign", A.HAZARD_ASSIGN),
    # The enterprise's safety manager reports the rectification of their own hazards (org.permissions).
    "start": Transition((S.ASSIGNED,), S.RECTIFYING, "hazards.start", A.HAZARD_START),
    "rectify": Transition((S.ASSIGNED, S.RECTIFYING), S.AWAITING_REVIEW, "hazards.rectify", A.HAZARD_RECTIFY),
    "reinspect_pass": Transition((S.AWAITING_REVIEW,), S.CLOSED, "hazards.reinspect_pass", A.HAZARD_REINSPECT_PASS),
    "reinspect_fail": Transition((S.AWAITING_REVIEW,), S.RECTIFYING, "hazards.reinspect_fail", A.HAZARD_REINSPECT_FAIL),
    "send_back": Transition((S.ASSIGNED, S.AWAITING_REVIEW), S.RECTIFYING, "hazards.send_back", A.HAZARD_SEND_BACK),
}
MACHINE = StateMachine(
    TRANSITIONS,
    label=lambda status: str(S(status).label),
    refusal=_lazy("A hazard that is “%(status)s” cannot be moved this way."),
)

# The exception every refused hazard step raises (org's, shared with the penalty case); kept under its old name.
TransitionError = InvalidTransition


class ClosedPeriodRefusal(ValidationError):
    """A step dated inside a period whose figures are approved, without a reason: the form then asks for one."""


def _stated(hazard: Hazard, *, step: str, field: str, on: dt.date | None, reason: str) -> tuple[dt.date, dict]:
    """The stated date of a step, checked, and what its audit entry keeps of it.

    Errors name ``field``, the form's date field, so the message shows next to it.
    """
    on = on or timezone.localdate()
    refusal = date_refusal(hazard, step=step, on=on, today=timezone.localdate())
    if refusal:
        raise ValidationError({field: refusal})
    data: dict[str, Any] = {field: on.isoformat()}
    period = closed_period_for(org_unit=hazard.org_unit, on=on)
    if period is not None:
        if not reason.strip():
            raise ClosedPeriodRefusal({field: closed_period_refusal(period, on)})
        data.update(closed_period=period.label, closed_period_reason=reason.strip())
    return on, data


def allowed_actions(*, hazard: Hazard, user: User) -> list[str]:
    """The moves the page offers: a re-inspection only to someone separation of duties lets do it."""
    names = [name for name in MACHINE.available(hazard.status) if permissions.may(user, TRANSITIONS[name].permission)]
    if "reinspect_pass" in names or "reinspect_fail" in names:
        rule = duties.rules_for([hazard.org_unit])[hazard.org_unit_id]
        for name, passing in (("reinspect_pass", True), ("reinspect_fail", False)):
            if name in names and duties.refusal(hazard=hazard, user=user, passing=passing, rule=rule)[1]:
                names.remove(name)
    return names


def reinspection_refusal(*, hazard: Hazard, user: User) -> str:
    """Why separation of duties keeps ``user`` from re-inspecting this hazard at all, for the page to say."""
    return duties.pass_refusal(user, hazard)


def _check_duties(hazard: Hazard, user: User, *, passing: bool, reinspector: str) -> None:
    rule = duties.rules_for([hazard.org_unit])[hazard.org_unit_id]
    field, message = duties.refusal(hazard=hazard, user=user, passing=passing, rule=rule, reinspector=reinspector)
    if message and field:
        raise ValidationError({field: message})
    if message:
        raise TransitionError(message)


def _check_enterprise(hazard: Hazard, user: User) -> None:
    """An enterprise user acts only on hazards of their own enterprise (their scope is not the township's)."""
    message = duties.own_hazard_refusal(user, hazard)
    if message:
        raise TransitionError(message)


def _move(hazard: Hazard, action: str, user: User, *, reason: str = "", data: dict | None = None) -> None:
    transition = TRANSITIONS[action]
    permissions.require(user, transition.permission)
    _check_enterprise(hazard, user)
    MACHINE.check(action, hazard.status)
    old = hazard.status
    hazard.status = transition.target
    _save(hazard, ["status", "updated_at"])
    record_audit(
        actor=user,
        action=transition.audit,
        target=hazard,
        org_unit=hazard.org_unit,
        data={"from": old, "to": hazard.status, "reason": reason, "version": hazard.version, **(data or {})},
    )


def _save(hazard: Hazard, fields: list[str]) -> None:
    """Every write bumps the version, so an edit form opened before it is refused (optimistic locking)."""
    hazard.version += 1
    hazard.save(update_fields=[*dict.fromkeys([*fields, "version", "updated_at"])])


def _lock(hazard: Hazard) -> Hazard:
    # Two people acting on one hazard at once: the second sees the first's state.
    return Hazard.objects.select_for_update().get(pk=hazard.pk)


def _save_photos(hazard: Hazard, photos: Iterable[File], kind: str, user: User) -> int:
    count = 0
    for photo in photos:
        photo.name = f"photo{check_photo(photo)}"  # the form checked already; a caller from elsewhere may not
        # EXIF the phone read before downscaling (HazardForm.clean_photo_meta, org.holding.HeldUpload.meta).
        meta = getattr(photo, "photo_meta", None) or {}
        # With the perceptual hash, and the EXIF read here when the phone sent none (hazards.closure_checks).
        HazardPhoto.objects.create(hazard=hazard, kind=kind, image=photo, uploaded_by=user, **photo_facts(photo, meta))
        count += 1
    return count


@transaction.atomic
def hazard_create(
    *,
    acting_user: User,
    org_unit: OrgUnit,
    village: OrgUnit | None = None,
    place_name: str,
    sector: Sector,
    description: str,
    found_on: dt.date,
    source: str = Hazard.Source.TOWNSHIP,
    level: str = Hazard.Level.GENERAL,
    criterion: Criterion | None = None,
    campaign: Campaign | None = None,
    credit_code: str = "",
    address: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    responsible_unit: str = "",
    responsible_person: str = "",
    measures: str = "",
    deadline: dt.date | None = None,
    five: dict[str, Any] | None = None,
    photos: Iterable[File] = (),
    import_key: str = "",
) -> Hazard:
    permissions.require(acting_user, "hazards.write")
    check_scope(acting_user, org_unit)
    check_scope(acting_user, village)
    if village is not None and village.parent_id != org_unit.pk:
        raise ValidationError({"village": _("This village does not belong to the chosen township.")})
    if criterion is not None:
        # Choosing a clause of the criteria is what makes a hazard major.
        level = Hazard.Level.MAJOR
    hazard = Hazard(
        org_unit=org_unit,
        village=village,
        place_name=place_name,
        sector=sector,
        description=description,
        found_on=found_on,
        source=source,
        level=level,
        criterion=criterion,
        campaign=campaign,
        credit_code=credit_code,
        address=address,
        latitude=latitude,
        longitude=longitude,
        responsible_unit=responsible_unit,
        responsible_person=responsible_person,
        measures=measures,
        deadline=deadline,
        finder=acting_user,
        import_key=import_key,
        **(five or {}),
    )
    link_enterprise(hazard, user=acting_user)
    hazard.full_clean(exclude=["import_key"])
    hazard.save()
    _save_photos(hazard, photos, HazardPhoto.Kind.BEFORE, acting_user)
    record_audit(
        actor=acting_user,
        action=AuditAction.HAZARD_CREATED,
        target=hazard,
        org_unit=org_unit,
        data={"to": hazard.status, "level": hazard.level, "imported": bool(import_key)},
    )
    if responsible_unit and deadline:
        hazard_assign(
            acting_user=acting_user,
            hazard=hazard,
            responsible_unit=responsible_unit,
            responsible_person=responsible_person,
            deadline=deadline,
            measures=measures,
        )
    return hazard


class EditConflict(StaleVersion):
    """Someone saved the hazard after the editor opened it; the message says who changed what."""


def _changes_since(hazard: Hazard, version: int) -> str:
    """Who changed what since ``version``, from the audit trail: 王局长 11-23 10:32：整改期限 → 2026-12-01."""
    entries = audit_trail(hazard).filter(data__version__gt=version).order_by("created_at", "pk")
    lines = []
    for entry in entries:
        changed = entry.data.get("changed") or {}
        what = [f"{field_label(Hazard, name)} → {value or '—'}" for name, value in changed.items()]
        if "to" in entry.data and entry.data["to"] in S.values:
            what.append(f"{Hazard._meta.get_field('status').verbose_name} → {S(entry.data['to']).label}")
        who = entry.actor or _("System")
        done = "、".join(what) or action_label(entry.action)  # a step without fields: its words, never its code
        lines.append(f"{who} {timezone.localtime(entry.created_at):%m-%d %H:%M}：{done}")
    return "；".join(lines)


def _check_version(hazard: Hazard, version: int | None) -> None:
    """Refuse a save from a form opened at ``version`` if the (locked) hazard was saved since."""
    if version is not None and version != hazard.version:
        conflict = EditConflict(
            _(
                "Someone else saved this hazard after you opened it: %(changes)s. Your changes were not saved; "
                "check them against the record and save again."
            )
            % {"changes": _changes_since(hazard, version)},
            code="conflict",
        )
        conflict.current_version = hazard.version
        raise conflict


@transaction.atomic
def hazard_update(*, acting_user: User, hazard: Hazard, version: int | None = None, **fields: Any) -> Hazard:
    """Edit the record's details; a closed hazard is locked.

    ``version`` is the one the edit form was opened at: if the hazard has been saved since,
    nothing is written and EditConflict lists the other changes (no silent overwrite).
    """
    hazard = _lock(hazard)
    _check_version(hazard, version)
    if hazard.status == S.CLOSED:
        raise TransitionError(_("A closed hazard can no longer be edited."))
    permissions.require(acting_user, "hazards.write")
    check_scope(acting_user, fields.get("org_unit"))
    if fields.get("criterion") is not None:
        fields["level"] = Hazard.Level.MAJOR
    changed = {}
    for name, value in fields.items():
        if getattr(hazard, name) != value:
            changed[name] = "" if value is None else str(value)  # an emptied field reads "—", not "None"
            setattr(hazard, name, value)
    if not changed:
        return hazard
    if {"place_name", "credit_code", "org_unit"} & set(changed) and link_enterprise(hazard, user=acting_user):
        changed["enterprise"] = str(hazard.enterprise or "")
    hazard.full_clean(exclude=["import_key"])
    _save(hazard, [*changed, "updated_at"])
    record_audit(
        actor=acting_user,
        action=AuditAction.HAZARD_UPDATED,
        target=hazard,
        org_unit=hazard.org_unit,
        data={"changed": changed, "version": hazard.version},
    )
    return hazard


@transaction.atomic
def hazard_assign(
    *,
    acting_user: User,
    hazard: Hazard,
    responsible_unit: str,
    deadline: dt.date,
    responsible_person: str = "",
    measures: str = "",
) -> Hazard:
    """交办: hand the hazard to a responsible unit with a deadline."""
    hazard = _lock(hazard)
    if not responsible_unit.strip():
        raise ValidationError({"responsible_unit": _("Name the responsible unit.")})
    if deadline < hazard.found_on:
        raise ValidationError({"deadline": _("The deadline cannot be before the date the hazard was found.")})
    hazard.responsible_unit = responsible_unit
    hazard.responsible_person = responsible_person or hazard.responsible_person
    hazard.measures = measures or hazard.measures
    hazard.deadline = deadline
    _save(hazard, ["responsible_unit", "responsible_person", "measures", "deadline"])
    _move(hazard, "assign", acting_user, data={"responsible_unit": responsible_unit, "deadline": deadline.isoformat()})
    return hazard


@transaction.atomic
def hazard_start_rectification(*, acting_user: User, hazard: Hazard) -> Hazard:
    hazard = _lock(hazard)
    _move(hazard, "start", acting_user)
    return hazard


@transaction.atomic
def hazard_rectify(
    *,
    acting_user: User,
    hazard: Hazard,
    note: str,
    photos: Iterable[File] = (),
    rectified_on: dt.date | None = None,
    reason: str = "",
    version: int | None = None,
) -> Hazard:
    """整改完成, submitted for re-inspection with after-photos and a note, dated when it was done (default today).

    ``reason`` is needed only for a date inside an approved period (org.closed_periods); ``version``, when
    given, is the one the form was opened at (EditConflict if the hazard was saved since).
    """
    hazard = _lock(hazard)
    _check_version(hazard, version)
    _check_enterprise(hazard, acting_user)
    if not note.strip():
        raise ValidationError({"note": _("Describe what was done.")})
    hazard.rectified_on, dated = _stated(hazard, step=RECTIFY, field="rectified_on", on=rectified_on, reason=reason)
    hazard.rectification_note = note
    hazard.rectified_by = acting_user
    _save(hazard, ["rectification_note", "rectified_on", "rectified_by"])
    count = _save_photos(hazard, photos, HazardPhoto.Kind.AFTER, acting_user)
    _move(hazard, "rectify", acting_user, reason=note, data={"photos": count, **dated})
    return hazard


@transaction.atomic
def hazard_reinspect(
    *,
    acting_user: User,
    hazard: Hazard,
    passed: bool,
    note: str = "",
    reinspected_on: dt.date | None = None,
    reinspector: str = "",
    reason: str = "",
) -> Hazard:
    """复查: pass closes the hazard (销号) on the re-inspection's date; fail sends it back with a reason."""
    hazard = _lock(hazard)
    if not passed:
        if not note.strip():
            raise ValidationError({"note": _("A failed re-inspection needs a reason.")})
        _check_duties(hazard, acting_user, passing=False, reinspector=reinspector)
        # A failed one keeps its date in the audit entry only: the hazard's reinspected_on is the one that passed.
        _on, dated = _stated(hazard, step=REINSPECT, field="reinspected_on", on=reinspected_on, reason=reason)
        _move(
            hazard,
            "reinspect_fail",
            acting_user,
            reason=note,
            data={**dated, "reinspector": reinspector or str(acting_user)},
        )
        return hazard
    return hazard_close(
        acting_user=acting_user,
        hazard=hazard,
        note=note,
        reinspected_on=reinspected_on,
        reinspector=reinspector,
        reason=reason,
    )


@transaction.atomic
def hazard_close(
    *,
    acting_user: User,
    hazard: Hazard,
    note: str = "",
    closed_on: dt.date | None = None,
    reinspected_on: dt.date | None = None,
    reinspector: str = "",
    reason: str = "",
) -> Hazard:
    """销号 after a passed re-inspection; closed_on defaults to the re-inspection's date, which defaults to today."""
    hazard = _lock(hazard)
    if hazard.status in TRANSITIONS["reinspect_pass"].sources:
        _check_duties(hazard, acting_user, passing=True, reinspector=reinspector)
    if hazard.is_major and hazard.missing_five:
        raise TransitionError(
            _("A major hazard cannot be closed until the five in place are complete; missing: %(items)s.")
            % {"items": "、".join(hazard.missing_five)}
        )
    hazard.reinspected_on, dated = _stated(
        hazard, step=REINSPECT, field="reinspected_on", on=reinspected_on, reason=reason
    )
    hazard.closed_on, closing = _stated(
        hazard, step=CLOSE, field="closed_on", on=closed_on or hazard.reinspected_on, reason=reason
    )
    hazard.reinspector = reinspector or str(acting_user)
    if hazard.is_listed:
        hazard.delisted_on = hazard.closed_on
    if hazard.status in TRANSITIONS["reinspect_pass"].sources:
        hazard.closure_flags = closure_flags([hazard], closed_on=hazard.closed_on)[hazard.pk]
    _save(hazard, ["closed_on", "reinspected_on", "reinspector", "delisted_on", "closure_flags"])
    # _move saves status; closed_on is already in place so the DB constraint holds.
    _move(
        hazard,
        "reinspect_pass",
        acting_user,
        reason=note,
        data={**dated, **closing, "reinspector": hazard.reinspector, "closure_flags": hazard.closure_flags},
    )
    return hazard


# --- Bulk re-inspection and closing ---------------------------------------------------------------------


@dataclass(frozen=True)
class Refusal:
    """A hazard a bulk step leaves alone, and why. ``hazard`` is None for an ID outside the user's area."""

    pk: int
    hazard: Hazard | None
    reason: str
    code: str  # scope, changed, state, duties, five, date, closed_period


@dataclass
class BulkCloseResult:
    closed: list[Hazard] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)

    @property
    def needs_reason(self) -> int:
        """How many would be closed if a reason for the approved period were given."""
        return sum(1 for r in self.refused if r.code == "closed_period")

    @property
    def versions(self) -> dict[int, int]:
        """The version of every hazard in the user's area that was looked at: what a confirmation carries."""
        rows = [*self.closed, *(r.hazard for r in self.refused if r.hazard is not None)]
        return {h.pk: h.version for h in sorted(rows, key=lambda h: h.pk)}


def _bulk_refusal(
    hazard: Hazard,
    *,
    on: dt.date,
    today: dt.date,
    versions: Mapping[int, int] | None,
    periods: list,
    reason: str,
    user: User,
    rule: str,
    reinspector: str,
) -> tuple[str, str] | None:
    """(code, message) of why this hazard may not be closed on ``on`` in the bulk step, or None."""
    if versions is not None and versions.get(hazard.pk, hazard.version) != hazard.version:
        return "changed", _("Changed by someone else since you checked the list; check it again.")
    if hazard.status not in TRANSITIONS["reinspect_pass"].sources:
        return "state", _("It is “%(status)s”; only a hazard awaiting re-inspection can be closed.") % {
            "status": hazard.get_status_display()
        }
    duty = duties.refusal(hazard=hazard, user=user, passing=True, rule=rule, reinspector=reinspector)[1]
    if duty:
        return "duties", duty
    if hazard.is_major and hazard.missing_five:
        return "five", _(
            "A major hazard cannot be closed until the five in place are complete; missing: %(items)s."
        ) % {"items": "、".join(hazard.missing_five)}
    refusal = date_refusal(hazard, step=CLOSE, on=on, today=today)
    if refusal:
        return "date", refusal
    period = next((p for p in periods if p.covers(hazard.org_unit, on)), None)
    if period is not None and not reason.strip():
        return "closed_period", closed_period_refusal(period, on)
    return None


@transaction.atomic
def hazard_bulk_close(
    *,
    acting_user: User,
    hazards: QuerySet[Hazard] | Iterable[int],
    closed_on: dt.date,
    reinspector: str,
    note: str = "",
    reason: str = "",
    versions: Mapping[int, int] | None = None,
    dry_run: bool = False,
) -> BulkCloseResult:
    """复查 and 销号 of many hazards at once, with one date, one re-inspector and one note.

    Closes every hazard that may be closed and lists the others with why (BulkCloseResult). Only the
    user's area is read: an ID outside it is refused like one that does not exist. ``versions``
    (pk → version, from the confirmation page) refuses a hazard saved by someone else since the user
    checked the list. ``dry_run`` answers what would happen and writes nothing: the confirmation page.
    A fixed number of queries for any number of hazards: one read, one per closed-period checker, one
    update and one insert of the audit entries (tests/hazards/test_bulk_close.py).
    """
    permissions.require(acting_user, "hazards.reinspect_pass")
    today = timezone.localdate()
    if closed_on > today:
        raise ValidationError({"closed_on": _("The date cannot be in the future.")})
    visible = Hazard.objects.visible_to(acting_user)
    if isinstance(hazards, QuerySet):
        asked, visible = None, visible.filter(pk__in=hazards.values_list("pk", flat=True))
    else:
        asked = set(hazards)
        visible = visible.filter(pk__in=asked)
    # Locked (PostgreSQL) so that nobody moves them between the checks and the update.
    rows = list(
        visible.select_related("org_unit", "rectified_by__org_unit").select_for_update(of=("self",)).order_by("pk")
    )
    result = BulkCloseResult()
    if asked is not None:
        result.refused.extend(
            Refusal(pk, None, _("Not found in your area."), "scope") for pk in sorted(asked - {h.pk for h in rows})
        )
    periods = closed_periods(org_units=[h.org_unit for h in rows], start=closed_on, end=closed_on) if rows else []
    rules = duties.rules_for(h.org_unit for h in rows) if rows else {}
    for hazard in rows:
        refusal = _bulk_refusal(
            hazard,
            on=closed_on,
            today=today,
            versions=versions,
            periods=periods,
            reason=reason,
            user=acting_user,
            rule=rules.get(hazard.org_unit_id, ""),
            reinspector=reinspector.strip() or str(acting_user),
        )
        if refusal:
            result.refused.append(Refusal(hazard.pk, hazard, refusal[1], refusal[0]))
        else:
            result.closed.append(hazard)
    if dry_run or not result.closed:
        return result
    reinspector = reinspector.strip() or str(acting_user)
    listed = ~Q(supervision_level="") & Q(delisted_on__isnull=True)
    flags = closure_flags(result.closed, closed_on=closed_on)
    by_flags: dict[tuple[str, ...], list[int]] = {}
    for pk, codes in flags.items():
        if codes:
            by_flags.setdefault(tuple(codes), []).append(pk)
    flagged = [When(pk__in=pks, then=Value(list(codes), output_field=JSONField())) for codes, pks in by_flags.items()]
    # One UPDATE for all; the rollup's triggers still move each row between its month's cells.
    Hazard.objects.filter(pk__in=[h.pk for h in result.closed]).update(
        status=S.CLOSED,
        closed_on=closed_on,
        reinspected_on=closed_on,
        reinspector=reinspector,
        delisted_on=Case(When(listed, then=Value(closed_on)), default=F("delisted_on")),
        closure_flags=Case(*flagged, default=Value([], output_field=JSONField()), output_field=JSONField()),
        version=F("version") + 1,
        updated_at=timezone.now(),
    )
    entries = []
    for hazard in result.closed:
        old = hazard.status
        if hazard.is_listed:
            hazard.delisted_on = closed_on
        hazard.status, hazard.closed_on, hazard.reinspected_on = S.CLOSED, closed_on, closed_on
        hazard.reinspector, hazard.version = reinspector, hazard.version + 1
        hazard.closure_flags = flags[hazard.pk]
        data = {
            "from": old,
            "to": S.CLOSED.value,
            "reason": note,
            "version": hazard.version,
            "bulk": True,
            "reinspected_on": closed_on.isoformat(),
            "closed_on": closed_on.isoformat(),
            "reinspector": reinspector,
            "closure_flags": hazard.closure_flags,
        }
        period = next((p for p in periods if p.covers(hazard.org_unit, closed_on)), None)
        if period is not None:
            data.update(closed_period=period.label, closed_period_reason=reason.strip())
        entries.append((hazard, data))
    record_audit_each(actor=acting_user, action=AuditAction.HAZARD_REINSPECT_PASS, entries=entries)
    return result


@transaction.atomic
def hazard_send_back(*, acting_user: User, hazard: Hazard, reason: str) -> Hazard:
    hazard = _lock(hazard)
    if not reason.strip():
        raise ValidationError({"reason": _("Sending back needs a reason.")})
    _move(hazard, "send_back", acting_user, reason=reason)
    return hazard


@transaction.atomic
def hazard_set_five(*, acting_user: User, hazard: Hazard, five: dict[str, Any], version: int | None = None) -> Hazard:
    """Record the 五落实 of a major hazard.

    ``version`` is the one the form was opened at; a stale one is refused with EditConflict, as in
    hazard_update, so two people filling the form at once cannot erase each other's text.
    """
    hazard = _lock(hazard)
    _check_version(hazard, version)
    if not hazard.is_major:
        raise TransitionError(_("Only a major hazard carries the five in place."))
    if hazard.status == S.CLOSED:
        raise TransitionError(_("A closed hazard can no longer be edited."))
    permissions.require(acting_user, "hazards.five_in_place")
    changed = {name: str(value) for name, value in five.items() if getattr(hazard, name) != value}
    for name, value in five.items():
        setattr(hazard, name, value)
    _save(hazard, [*five, "updated_at"])
    # "changed" is what a later refused save lists as who changed what (_changes_since).
    record_audit(
        actor=acting_user,
        action=AuditAction.HAZARD_FIVE_IN_PLACE,
        target=hazard,
        org_unit=hazard.org_unit,
        data={**{k: str(v) for k, v in five.items()}, "changed": changed, "version": hazard.version},
    )
    return hazard


@transaction.atomic
def hazard_list_supervision(*, acting_user: User, hazard: Hazard, level: str, listed_on: dt.date) -> Hazard:
    """挂牌督办."""
    hazard = _lock(hazard)
    permissions.require(acting_user, "hazards.supervise")
    if not hazard.is_major:
        raise TransitionError(_("Only a major hazard can be put under listed supervision."))
    if hazard.status == S.CLOSED:
        raise TransitionError(_("A closed hazard can no longer be edited."))
    hazard.supervision_level, hazard.listed_on, hazard.delisted_on = level, listed_on, None
    _save(hazard, ["supervision_level", "listed_on", "delisted_on", "updated_at"])
    record_audit(
        actor=acting_user,
        action=AuditAction.HAZARD_LISTED,
        target=hazard,
        org_unit=hazard.org_unit,
        data={"level": level, "listed_on": listed_on.isoformat(), "version": hazard.version},
    )
    return hazard


def hazards_mark_overdue(*, today: dt.date | None = None) -> int:
    """The daily job: stamp newly overdue hazards and tell their township's staff."""
    today = today or timezone.localdate()
    newly = list(
        Hazard.objects.overdue(today).filter(overdue_since__isnull=True).select_related("org_unit").order_by("pk")
    )
    if not newly:
        return 0
    with transaction.atomic():
        # A bulk update: each hazard still gets its own audit entry and a new version (an open edit form is stale).
        Hazard.objects.filter(pk__in=[h.pk for h in newly]).update(overdue_since=today, version=F("version") + 1)
        # Each entry carries the hazard's new version, so a form opened before the stamp is told who changed it.
        record_audit_each(
            actor=None,
            action=AuditAction.HAZARD_OVERDUE_MARKED,
            entries=[(h, {"overdue_since": today.isoformat(), "version": h.version + 1}) for h in newly],
        )
    by_unit: dict[int, list[Hazard]] = {}
    for hazard in newly:
        by_unit.setdefault(hazard.org_unit_id, []).append(hazard)
    # All the staff to tell, in one query rather than one per township.
    units = [hazards[0].org_unit for hazards in by_unit.values()]
    in_units = reduce(operator.or_, (Q(org_unit__path__startswith=unit.path) for unit in units))
    all_staff = list(User.objects.filter(in_units, role=Role.TOWNSHIP_STAFF, is_active=True).select_related("org_unit"))
    for unit, hazards in zip(units, by_unit.values(), strict=True):
        # One notice per township and day, linking to its overdue list, rather
        # than one per hazard: a township with 40 overdue items reads one line.
        staff = [user for user in all_staff if user.org_unit is not None and user.org_unit.path.startswith(unit.path)]
        places = "、".join(h.place_name for h in hazards[:3])
        notify_users(
            recipients=staff,
            message=_("%(count)s hazard(s) newly overdue in %(unit)s: %(places)s")
            % {"count": len(hazards), "unit": unit.name, "places": places + ("…" if len(hazards) > 3 else "")},
            url=f"{reverse('hazards:list')}?overdue=on&township={unit.pk}",
            dedupe_key=f"hazards-overdue-{unit.pk}-{today.isoformat()}",
        )
    return len(newly)
