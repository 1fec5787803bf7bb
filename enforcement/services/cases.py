"""Every write to a penalty case, and the one table of its legal moves.

立案 filed → 调查取证 investigation → 告知 party notified (→ 听证 hearing, when the party asks)
→ 决定 decided → 执行 executed → 结案归档 closed. Each stage keeps its date and officer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from enforcement.models import Case, Inspection
from enforcement.services.common import (
    TransitionError,
    check_campaign,
    check_officers,
    check_scope,
    check_stated_date,
    check_writer,
)
from enforcement.services.numbering import CASE_CODE, number_claim, number_take
from enterprises.linking import link as link_enterprise
from hazards.models import Campaign, Sector
from org.audit import AuditAction, record_audit
from org.models import OrgUnit, User
from org.permissions import may
from org.state_machine import StateMachine, Transition
from org.versioning import bump, check_version

S = Case.Stage
A = AuditAction
W = "enforcement.write"

# The decision's measures; proposed at 告知 and confirmed (or changed) at 决定.
MEASURE_FIELDS = (
    "warning",
    "fine_yuan",
    "confiscated_yuan",
    "suspension",
    "closure",
    "seal",
    "three_stops",
    "detained_people",
    "judicial_transfer",
    "credit_penalty",
    "exposure",
    "decision_note",
)


TRANSITIONS: dict[str, Transition] = {
    "investigate": Transition(
        (S.FILED,), S.INVESTIGATING, W, A.CASE_INVESTIGATE, _lazy("Investigation starts after the case is filed.")
    ),
    "notify": Transition(
        (S.INVESTIGATING,),
        S.NOTIFIED,
        W,
        A.CASE_NOTIFY,
        _lazy("The party is notified once the investigation has been recorded."),
    ),
    # 行政处罚法 第六十二条: no decision until the party has been told the facts, grounds and proposed penalty.
    "decide": Transition(
        (S.NOTIFIED, S.HEARING),
        S.DECIDED,
        W,
        A.CASE_DECIDE,
        _lazy("No decision before the party has been notified of the proposed penalty (告知)."),
    ),
    # Listed after "decide", which is the usual next step: a hearing only when the party asks for one.
    "hearing": Transition(
        (S.NOTIFIED,), S.HEARING, W, A.CASE_HEARING, _lazy("A hearing follows the notice of the proposed penalty.")
    ),
    "execute": Transition((S.DECIDED,), S.EXECUTED, W, A.CASE_EXECUTE, _lazy("Execution follows the decision.")),
    "close": Transition(
        (S.EXECUTED,), S.CLOSED, W, A.CASE_CLOSE, _lazy("A case is closed and archived once the decision is executed.")
    ),
}
# Every move says in its own words why it is refused.
MACHINE = StateMachine(TRANSITIONS, label=lambda stage: str(S(stage).label))


def allowed_actions(*, case: Case, user: User) -> list[str]:
    if not may(user, "enforcement.write"):
        return []
    return MACHINE.available(case.stage)


# The stages the figures count (立案 and 决定, enforcement.selectors.figures): only their dates can fall into
# an approved summary's period in a way that changes it, so only they need a reason there.
COUNTED = (S.FILED, S.DECIDED)


def _previous_stage(case: Case) -> tuple[dt.date, str]:
    """The latest stage dated so far, and its name for the refusal: a later stage cannot be dated before it."""
    dated = [(getattr(case, f"{prefix}_on"), stage) for stage, prefix in Case.STAGE_FIELDS.items()]
    on, stage = max(((d, s) for d, s in dated if d is not None), key=lambda pair: pair[0])
    return on, _("the date of %(stage)s") % {"stage": S(stage).label}


def _check_stage(case: Case, action: str, user: User) -> None:
    check_writer(user)
    MACHINE.check(action, case.stage)


def _move(
    case: Case,
    action: str,
    user: User,
    *,
    on: dt.date,
    fields: dict[str, Any] | None = None,
    data: dict[str, Any] | None = None,
    reason: str = "",
) -> Case:
    """Move the case on to the stage dated ``on``; ``reason`` only for a counted date in an approved period."""
    _check_stage(case, action, user)
    transition = TRANSITIONS[action]
    after, after_label = _previous_stage(case)
    stated = check_stated_date(
        field="on",
        on=on,
        after=after,
        after_label=after_label,
        reason=reason,
        org_unit=case.org_unit if transition.target in COUNTED else None,
    )
    stated.pop("on")  # kept as "on" below, as before
    prefix = Case.STAGE_FIELDS[Case.Stage(transition.target)]
    old = case.stage
    changes = {"stage": transition.target, f"{prefix}_on": on, f"{prefix}_by": user, **(fields or {})}
    for name, value in changes.items():
        setattr(case, name, value)
    # A step makes an edit form opened before it stale, as any save does (org/versioning.py).
    case.save(update_fields=bump(case, [*changes, "updated_at"]))
    record_audit(
        actor=user,
        action=transition.audit,
        target=case,
        org_unit=case.org_unit,
        data={"from": old, "to": case.stage, "on": on.isoformat(), **(data or {}), **stated, "version": case.version},
    )
    return case


def _lock(case: Case) -> Case:
    # Two officers acting on one case at once: the second sees the first's stage.
    return Case.objects.select_for_update().select_related("org_unit").get(pk=case.pk)


def _clean_measures(measures: dict[str, Any]) -> dict[str, Any]:
    unknown = set(measures) - set(MEASURE_FIELDS)
    if unknown:
        raise TypeError(", ".join(sorted(unknown)))
    clean: dict[str, Any] = {name: measures.get(name) for name in MEASURE_FIELDS}
    for name in ("fine_yuan", "confiscated_yuan"):
        clean[name] = Decimal(clean[name] or 0)
        if clean[name] < 0:
            raise ValidationError({name: _("An amount cannot be negative.")})
    clean["detained_people"] = int(clean["detained_people"] or 0)
    clean["decision_note"] = clean["decision_note"] or ""
    for name in MEASURE_FIELDS:
        if clean[name] is None:
            clean[name] = False
    if not any(clean[name] for name in MEASURE_FIELDS if name != "decision_note"):
        raise ValidationError(_("Choose at least one penalty or measure."))
    return clean


def _measure_data(values: dict[str, Any]) -> dict[str, Any]:
    return {k: str(v) if isinstance(v, Decimal) else v for k, v in values.items() if v and k != "decision_note"}


@transaction.atomic
def case_file(
    *,
    acting_user: User,
    issuer: OrgUnit,
    org_unit: OrgUnit,
    sector: Sector,
    cause: str,
    party_name: str,
    facts: str,
    legal_basis: str,
    officers: Iterable[User],
    filed_on: dt.date,
    party_kind: str = Case.PartyKind.UNIT,
    credit_code: str = "",
    legal_representative: str = "",
    party_address: str = "",
    penalty_basis: str = "",
    source: str = Case.Source.INSPECTION,
    inspection: Inspection | None = None,
    number: str = "",
    campaign: Campaign | None = None,
    reason: str = "",
) -> Case:
    """立案. The number is taken here, once; a number typed in (a paper case entered later) must be free.

    A case filed from an inspection counts under the inspection's campaign unless another is given.
    ``reason`` is needed only for a filing date inside an approved summary's period.
    """
    check_writer(acting_user)
    people = check_officers(officers)
    check_scope(acting_user, org_unit)
    check_scope(acting_user, issuer, "issuer")
    if org_unit.kind != OrgUnit.Kind.TOWNSHIP:
        raise ValidationError({"org_unit": _("Choose the township where the party is.")})
    stated = check_stated_date(
        field="filed_on",
        on=filed_on,
        org_unit=org_unit,
        reason=reason,
        after=inspection.inspected_on if inspection else None,
        after_label=_("the inspection"),
    )
    stated.pop("filed_on")  # kept as "on" below
    if campaign is None and inspection is not None:
        campaign = inspection.campaign
    _check_case_campaign(campaign, filed_on, inspection)
    if number.strip():
        number = number.strip()
        if Case.objects.filter(number=number).exists():
            raise ValidationError({"number": _("Case number %(number)s is already in use.") % {"number": number}})
        year, seq = number_claim(issuer=issuer, code=CASE_CODE, number=number)
        if year != filed_on.year:
            raise ValidationError({"number": _("The year in the number must be the year the case is filed.")})
    else:
        seq, number = number_take(issuer=issuer, code=CASE_CODE, year=filed_on.year)
        year = filed_on.year
    case = Case(
        number=number,
        issuer=issuer,
        year=year,
        seq=seq,
        org_unit=org_unit,
        inspection=inspection,
        campaign=campaign,
        source=source,
        sector=sector,
        cause=cause,
        party_kind=party_kind,
        party_name=party_name,
        credit_code=credit_code,
        legal_representative=legal_representative,
        party_address=party_address,
        facts=facts,
        legal_basis=legal_basis,
        penalty_basis=penalty_basis,
        filed_on=filed_on,
        filed_by=acting_user,
    )
    link_enterprise(case, user=acting_user)
    case.full_clean(exclude=["import_key", "number", "seq"])
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError:
        # Same number in a concurrent request: the unique constraint is the last word.
        raise ValidationError({"number": _("Case number %(number)s is already in use.") % {"number": number}})
    case.officers.set(people)
    record_audit(
        actor=acting_user,
        action=AuditAction.CASE_FILED,
        target=case,
        org_unit=org_unit,
        data={
            "to": case.stage,
            "number": number,
            "on": filed_on.isoformat(),
            "officers": [u.pk for u in people],
            "campaign": campaign.pk if campaign else None,
            **stated,
        },
    )
    return case


def _check_case_campaign(campaign: Campaign | None, filed_on: dt.date, inspection: Inspection | None) -> None:
    # A case found in a campaign's inspection is that campaign's result even when it is filed a few days
    # after the campaign ended: the inspection date is what must fall within the campaign then.
    if inspection is not None and campaign is not None and campaign.start <= inspection.inspected_on <= campaign.end:
        return
    check_campaign(campaign, on=filed_on)


EDITABLE = (
    "org_unit",
    "sector",
    "source",
    "cause",
    "party_kind",
    "party_name",
    "credit_code",
    "legal_representative",
    "party_address",
    "facts",
    "legal_basis",
    "penalty_basis",
    "campaign",
)


@transaction.atomic
def case_update(
    *, acting_user: User, case: Case, officers: Iterable[User] | None = None, version: int | None = None, **fields: Any
) -> Case:
    """Correct the record until the party is notified; after that the notice has gone out as written.

    ``version``: the one the edit form was opened at; a case saved since is refused (org/versioning.py).
    """
    check_writer(acting_user)
    case = _lock(case)
    check_version(case, version)
    if case.stage not in (S.FILED, S.INVESTIGATING):
        raise TransitionError(_("The party has been notified; the case can no longer be edited."))
    changed = {}
    for name, value in fields.items():
        if name not in EDITABLE:
            raise TypeError(name)
        if getattr(case, name) != value:
            changed[name] = str(value)
            setattr(case, name, value)
    check_scope(acting_user, case.org_unit)
    if case.org_unit.kind != OrgUnit.Kind.TOWNSHIP:
        raise ValidationError({"org_unit": _("Choose the township where the party is.")})
    if "campaign" in changed:
        _check_case_campaign(case.campaign, case.filed_on, case.inspection)
    if {"party_name", "credit_code", "org_unit"} & set(changed) and link_enterprise(case, user=acting_user):
        changed["enterprise"] = str(case.enterprise or "")
    case.full_clean(exclude=["import_key", "number", "seq"])
    if changed:
        case.save(update_fields=[*changed, "updated_at"])
    if officers is not None:
        people = check_officers(officers)
        if {u.pk for u in people} != set(case.officers.values_list("pk", flat=True)):
            case.officers.set(people)
            changed["officers"] = str([u.pk for u in people])
    if changed:
        case.save(update_fields=bump(case))
        record_audit(
            actor=acting_user,
            action=AuditAction.CASE_UPDATED,
            target=case,
            org_unit=case.org_unit,
            data={"changed": changed, "version": case.version},
        )
    return case


@transaction.atomic
def case_investigate(*, acting_user: User, case: Case, on: dt.date, note: str = "", reason: str = "") -> Case:
    """调查取证 begins."""
    return _move(_lock(case), "investigate", acting_user, on=on, data={"reason": note}, reason=reason)


@transaction.atomic
def case_notify(
    *, acting_user: User, case: Case, on: dt.date, measures: dict[str, Any], penalty_basis: str, reason: str = ""
) -> Case:
    """告知: the party is told the facts, the grounds and the proposed penalty, and may ask for a hearing."""
    case = _lock(case)
    _check_stage(case, "notify", acting_user)
    if not penalty_basis.strip():
        raise ValidationError({"penalty_basis": _("State the grounds for the penalty.")})
    proposed = _clean_measures(measures)
    return _move(
        case,
        "notify",
        acting_user,
        on=on,
        fields={**proposed, "penalty_basis": penalty_basis},
        data={"measures": _measure_data(proposed)},
        reason=reason,
    )


@transaction.atomic
def case_hold_hearing(*, acting_user: User, case: Case, on: dt.date, note: str, reason: str = "") -> Case:
    """听证, held because the party asked for it after the notice."""
    case = _lock(case)
    _check_stage(case, "hearing", acting_user)
    if not note.strip():
        raise ValidationError({"note": _("Summarise the hearing.")})
    return _move(
        case, "hearing", acting_user, on=on, fields={"hearing_note": note}, data={"reason": note}, reason=reason
    )


@transaction.atomic
def case_decide(
    *, acting_user: User, case: Case, on: dt.date, measures: dict[str, Any], statement: str = "", reason: str = ""
) -> Case:
    """决定: the measures as decided, after the party's statement (and hearing) were heard."""
    case = _lock(case)
    _check_stage(case, "decide", acting_user)
    decided = _clean_measures(measures)
    proposed = {name: getattr(case, name) for name in MEASURE_FIELDS}
    return _move(
        case,
        "decide",
        acting_user,
        on=on,
        fields={**decided, "statement": statement},
        data={
            "measures": _measure_data(decided),
            "proposed": _measure_data(proposed),
            "fine_yuan": str(decided["fine_yuan"]),
        },
        reason=reason,
    )


@transaction.atomic
def case_execute(
    *,
    acting_user: User,
    case: Case,
    on: dt.date,
    paid_yuan: Decimal | None = None,
    note: str = "",
    reason: str = "",
) -> Case:
    """执行: the fine paid (or enforcement applied for) and the measures carried out."""
    case = _lock(case)
    _check_stage(case, "execute", acting_user)
    if case.fine_yuan and paid_yuan is None:
        raise ValidationError({"paid_yuan": _("Record the amount of the fine paid.")})
    if paid_yuan is not None and paid_yuan < 0:
        raise ValidationError({"paid_yuan": _("An amount cannot be negative.")})
    if paid_yuan is not None and paid_yuan < case.fine_yuan and not note.strip():
        raise ValidationError({"note": _("The fine is not paid in full: say how it will be executed.")})
    return _move(
        case,
        "execute",
        acting_user,
        on=on,
        fields={"paid_yuan": paid_yuan, "execution_note": note},
        data={"paid_yuan": str(paid_yuan) if paid_yuan is not None else None, "reason": note},
        reason=reason,
    )


@transaction.atomic
def case_close(*, acting_user: User, case: Case, on: dt.date, note: str, reason: str = "") -> Case:
    """结案归档."""
    case = _lock(case)
    _check_stage(case, "close", acting_user)
    if not note.strip():
        raise ValidationError({"note": _("Give the closing opinion.")})
    return _move(case, "close", acting_user, on=on, fields={"closing_note": note}, data={"reason": note}, reason=reason)
