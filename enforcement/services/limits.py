"""Inspections within limits: the caps table, the warnings an inspection form shows, annual plans and their
双随机 draws (国办发〔2024〕54号 on 涉企行政检查)."""

from __future__ import annotations

import datetime as dt
import random
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from enforcement.models import Inspection, InspectionCap, InspectionPlan, PlanDraw
from enterprises.linking import match_enterprise
from enterprises.models import Enterprise
from org.audit import AuditAction, record_audit
from org.ids import is_digits
from org.models import OrgUnit, Role, User
from org.permissions import may, roles_for
from org.versioning import bump, check_version, lock

# Who keeps and who reads the caps and plans: org.permissions (the views still read these names).
KEEPERS = roles_for("enforcement.limits_keep")
READERS = roles_for("enforcement.limits_read")

# Used when no InspectionCap row matches an enterprise. These are a bureau setting, chosen here as a starting
# point (more visits where the risk is higher), not numbers set by law: 国办发〔2024〕54号 only asks bureaus to
# set and keep to such limits. A bureau overrides them by adding rows on the caps page.
DEFAULT_CAPS: dict[str, int] = {
    Enterprise.Risk.RED: 4,
    Enterprise.Risk.ORANGE: 3,
    Enterprise.Risk.YELLOW: 2,
    Enterprise.Risk.BLUE: 1,
    "": 2,  # risk not yet graded
}


def joint_visit_days() -> int:
    """Another department's visit this many days back suggests a joint visit (a bureau setting)."""
    return int(getattr(settings, "INSPECTION_JOINT_VISIT_DAYS", 30))


def check_keeper(user: User) -> None:
    if not may(user, "enforcement.limits_keep"):
        raise ValidationError(_("Only bureau leaders and administrators keep inspection limits and plans."))


# --- caps ------------------------------------------------------------------------------------------------


def caps_in_force(year: int, caps: list[InspectionCap] | None = None) -> list[InspectionCap]:
    """Per class (risk, standardization), the row with the latest ``from_year`` not after ``year``."""
    rows = caps if caps is not None else list(InspectionCap.objects.filter(from_year__lte=year))
    latest: dict[tuple[str, str], InspectionCap] = {}
    for cap in rows:
        if cap.from_year > year:
            continue
        key = (cap.risk, cap.standardization)
        if key not in latest or cap.from_year > latest[key].from_year:
            latest[key] = cap
    return list(latest.values())


def cap_for(enterprise: Enterprise, year: int, caps: list[InspectionCap] | None = None) -> int:
    """The strictest cap in force that matches the enterprise's class, else the default by its risk grade."""
    matching = [
        c.max_per_year
        for c in caps_in_force(year, caps)
        if c.risk in ("", enterprise.risk) and c.standardization in ("", enterprise.standardization)
    ]
    return min(matching) if matching else DEFAULT_CAPS.get(enterprise.risk, DEFAULT_CAPS[""])


def _cap_fields(*, from_year: int, risk: str, standardization: str, max_per_year: int, note: str) -> dict:
    return {
        "from_year": from_year,
        "risk": risk or "",
        "standardization": standardization or "",
        "max_per_year": max_per_year,
        "note": note or "",
    }


def _check_unique(cap: InspectionCap) -> None:
    clash = InspectionCap.objects.filter(
        from_year=cap.from_year, risk=cap.risk, standardization=cap.standardization
    ).exclude(pk=cap.pk)
    if clash.exists():
        raise ValidationError({"from_year": _("A cap for this class from this year already exists: edit it.")})


@transaction.atomic
def inspection_cap_create(
    *, acting_user: User, from_year: int, risk: str = "", standardization: str = "", max_per_year: int, note: str = ""
) -> InspectionCap:
    check_keeper(acting_user)
    cap = InspectionCap(
        **_cap_fields(
            from_year=from_year, risk=risk, standardization=standardization, max_per_year=max_per_year, note=note
        )
    )
    cap.full_clean(validate_constraints=False)
    _check_unique(cap)
    cap.save()
    record_audit(
        actor=acting_user,
        action=AuditAction.INSPECTION_CAP_CREATED,
        target=cap,
        data={
            **_cap_fields(
                **{k: getattr(cap, k) for k in ("from_year", "risk", "standardization", "max_per_year", "note")}
            ),
            "version": 1,
        },
    )
    return cap


@transaction.atomic
def inspection_cap_update(
    *,
    acting_user: User,
    cap: InspectionCap,
    version: int | None,
    from_year: int,
    risk: str = "",
    standardization: str = "",
    max_per_year: int,
    note: str = "",
) -> InspectionCap:
    check_keeper(acting_user)
    cap = lock(cap)
    check_version(cap, version)
    fields = _cap_fields(
        from_year=from_year, risk=risk, standardization=standardization, max_per_year=max_per_year, note=note
    )
    changed = {k: v for k, v in fields.items() if getattr(cap, k) != v}
    for key, value in fields.items():
        setattr(cap, key, value)
    cap.full_clean(validate_constraints=False)
    _check_unique(cap)
    cap.save(update_fields=bump(cap, fields))
    record_audit(
        actor=acting_user,
        action=AuditAction.INSPECTION_CAP_UPDATED,
        target=cap,
        data={"changed": changed, "version": cap.version},
    )
    return cap


# --- the warnings on an inspection form -----------------------------------------------------------------


@dataclass(frozen=True)
class VisitWarning:
    text: str
    link: str = ""
    link_text: str = ""


def visit_warnings(
    *,
    enterprise: Enterprise | None,
    issuer: OrgUnit | None,
    on: dt.date | None = None,
    exclude: Inspection | None = None,
) -> list[VisitWarning]:
    """What to tell the officer before (or right after) recording a visit: never a refusal.

    Counts every department's inspections of the enterprise in the visit's year, and the other departments'
    visits of the last ``joint_visit_days()`` days. Not scoped: the cap is about the enterprise, whoever came.
    """
    if enterprise is None:
        return []
    on = on or timezone.localdate()
    visits = Inspection.objects.filter(enterprise=enterprise)
    if exclude is not None and exclude.pk:
        visits = visits.exclude(pk=exclude.pk)
    warnings = []
    done = visits.filter(inspected_on__year=on.year).count()
    cap = cap_for(enterprise, on.year)
    if done + 1 > cap:
        warnings.append(
            VisitWarning(
                _(
                    "This visit would pass the cap: %(name)s has had %(done)s inspections in %(year)s "
                    "(every department counted) and its class allows %(cap)s a year."
                )
                % {"name": enterprise.name, "done": done, "year": on.year, "cap": cap}
            )
        )
    days = joint_visit_days()
    recent = visits.filter(inspected_on__range=(on - dt.timedelta(days=days), on)).select_related("issuer")
    if issuer is not None:
        recent = recent.exclude(issuer=issuer)
    others = sorted({(i.issuer.name, i.inspected_on) for i in recent}, key=lambda x: x[1], reverse=True)
    if others:
        who = "、".join(f"{name}（{when:%Y-%m-%d}）" for name, when in others[:5])
        warnings.append(
            VisitWarning(
                _(
                    "Another department inspected %(name)s in the last %(days)s days: %(who)s. Consider a joint visit "
                    "(联合检查) instead of a separate one."
                )
                % {"name": enterprise.name, "days": days, "who": who},
                link=reverse("enforcement:joint_action_list"),
                link_text=_("Joint actions"),
            )
        )
    return warnings


# --- plans and draws --------------------------------------------------------------------------------------


def _check_issuer(issuer: OrgUnit) -> None:
    if issuer.kind != OrgUnit.Kind.DEPARTMENT:
        raise ValidationError({"issuer": _("A plan belongs to a department or the bureau.")})


@transaction.atomic
def inspection_plan_create(
    *, acting_user: User, year: int, issuer: OrgUnit, planned_count: int, random_share: int, note: str = ""
) -> InspectionPlan:
    check_keeper(acting_user)
    _check_issuer(issuer)
    if InspectionPlan.objects.filter(year=year, issuer=issuer).exists():
        raise ValidationError({"year": _("This authority already has a plan for this year.")})
    plan = InspectionPlan(
        year=year,
        issuer=issuer,
        planned_count=planned_count,
        random_share=random_share,
        note=note,
        created_by=acting_user,
    )
    plan.full_clean(validate_constraints=False)
    plan.save()
    record_audit(
        actor=acting_user,
        action=AuditAction.INSPECTION_PLAN_CREATED,
        target=plan,
        data={
            "year": year,
            "issuer": issuer.pk,
            "planned_count": planned_count,
            "random_share": random_share,
            "version": 1,
        },
    )
    return plan


@transaction.atomic
def inspection_plan_update(
    *,
    acting_user: User,
    plan: InspectionPlan,
    version: int | None,
    planned_count: int,
    random_share: int,
    note: str = "",
) -> InspectionPlan:
    check_keeper(acting_user)
    plan = lock(plan)
    check_version(plan, version)
    fields = {"planned_count": planned_count, "random_share": random_share, "note": note}
    changed = {k: v for k, v in fields.items() if getattr(plan, k) != v}
    for key, value in fields.items():
        setattr(plan, key, value)
    plan.full_clean(validate_constraints=False)
    plan.save(update_fields=bump(plan, fields))
    record_audit(
        actor=acting_user,
        action=AuditAction.INSPECTION_PLAN_UPDATED,
        target=plan,
        data={"changed": changed, "version": plan.version},
    )
    return plan


def draw_pool(*, township: OrgUnit | None = None, risk: str = "", key_only: bool = False) -> list[Enterprise]:
    """The enterprises a draw picks from, in primary-key order (the order the seed is applied to)."""
    pool = Enterprise.objects.all()
    if township is not None:
        pool = pool.filter(org_unit=township)
    if risk:
        pool = pool.filter(risk=risk)
    if key_only:
        pool = pool.exclude(key_kinds=[])
    return list(pool.order_by("pk"))


def issuer_officers(issuer: OrgUnit) -> list[User]:
    """The officers of the issuer; where none is registered there, those of the unit above it (a city bureau's
    officers are registered at the city). In primary-key order, for the seed."""
    officers = User.objects.filter(role=Role.OFFICER, is_active=True).order_by("pk")
    own = list(officers.filter(org_unit=issuer))
    return own or (list(officers.filter(org_unit=issuer.parent_id)) if issuer.parent_id else [])


def draw_sample(pool: list, count: int, seed: int) -> list:
    return random.Random(seed).sample(pool, min(count, len(pool)))


# 执法检查 by at least two officers (see services/common.MIN_OFFICERS).
OFFICERS_DRAWN = 2


@transaction.atomic
def plan_draw(
    *,
    acting_user: User,
    plan: InspectionPlan,
    count: int,
    township: OrgUnit | None = None,
    risk: str = "",
    key_only: bool = False,
    seed: int | None = None,
) -> PlanDraw:
    """摇号: ``count`` enterprises of the filtered pool and two officers of the issuer, from a recorded seed."""
    check_keeper(acting_user)
    if count < 1:
        raise ValidationError({"count": _("Draw at least one enterprise.")})
    if township is not None and township.kind != OrgUnit.Kind.TOWNSHIP:
        raise ValidationError({"township": _("Pick a township or street.")})
    pool = draw_pool(township=township, risk=risk, key_only=key_only)
    if not pool:
        raise ValidationError({"count": _("No enterprise in the register matches these filters.")})
    officers = issuer_officers(plan.issuer)
    if len(officers) < OFFICERS_DRAWN:
        raise ValidationError({"count": _("The authority has fewer than two officers to draw from.")})
    seed = secrets.randbelow(2**62) if seed is None else seed
    drawn = draw_sample(pool, count, seed)
    # The officers from the same seed, offset so they do not repeat the enterprises' sequence.
    team = draw_sample(officers, OFFICERS_DRAWN, seed + 1)
    draw = PlanDraw.objects.create(
        plan=plan,
        seed=seed,
        township=township,
        risk=risk or "",
        key_only=key_only,
        count=len(drawn),
        pool_size=len(pool),
        drawn_order=[e.pk for e in drawn],
        drawn_by=acting_user,
    )
    draw.enterprises.set(drawn)
    draw.officers.set(team)
    record_audit(
        actor=acting_user,
        action=AuditAction.PLAN_DRAW_DRAWN,
        target=plan,
        data={
            "draw": draw.pk,
            "seed": seed,
            "pool_size": len(pool),
            "township": getattr(township, "pk", None),
            "risk": risk,
            "key_only": key_only,
            "enterprises": draw.drawn_order,
            "officers": [u.pk for u in team],
        },
    )
    return draw


def redraw(draw: PlanDraw) -> list[int]:
    """The enterprises the draw's seed gives over its pool as it is now: equal to ``drawn_order`` when the pool
    has not changed (a check anyone can make)."""
    pool = draw_pool(township=draw.township, risk=draw.risk, key_only=draw.key_only)
    return [e.pk for e in draw_sample(pool, draw.count, draw.seed)]


def warnings_for_new(
    *, user: User, enterprise_pk: object, issuer_pk: object, issuers: QuerySet[OrgUnit]
) -> list[VisitWarning]:
    """The warnings of a new inspection's form opened for an enterprise of the user's area (?enterprise=<pk>).

    The issuer is the one the form shows: the one chosen, else the first of its choices (it has no empty one).
    """
    if not is_digits(str(enterprise_pk or "")):
        return []
    enterprise = Enterprise.objects.visible_to(user).filter(pk=int(str(enterprise_pk))).first()
    issuer = issuers.filter(pk=int(str(issuer_pk))).first() if is_digits(str(issuer_pk or "")) else issuers.first()
    return visit_warnings(enterprise=enterprise, issuer=issuer)


def warnings_for_form(
    *, user: User, data: Any, issuers: QuerySet[OrgUnit], editing: Inspection | None = None
) -> list[VisitWarning]:
    """The warnings of the inspection form as it is being filled in (htmx, on every change): the enterprise
    the typed name or code means in the chosen township, the chosen issuer and date; an edited inspection
    is not counted against itself."""
    unit_pk = str(data.get("org_unit") or "")
    unit = OrgUnit.objects.visible_to(user).filter(pk=int(unit_pk)).first() if is_digits(unit_pk) else None
    enterprise = match_enterprise(
        user=user, org_unit=unit, name=str(data.get("unit_name") or ""), credit_code=str(data.get("credit_code") or "")
    )
    issuer_pk = str(data.get("issuer") or "")
    issuer = issuers.filter(pk=int(issuer_pk)).first() if is_digits(issuer_pk) else issuers.first()
    try:
        on = dt.date.fromisoformat(str(data.get("inspected_on") or ""))
    except ValueError:
        on = None
    return visit_warnings(enterprise=enterprise, issuer=issuer, on=on, exclude=editing)
