"""The enterprise level of the hazard loop (企业端): what an enterprise's safety manager sees and reports.

An enterprise user has no township scope (org.scoping): everything they read comes from here, keyed on
``User.enterprise``. They see their enterprise's hazards once assigned (交办) — never one still 待交办, which is
the township's business — report rectification on them (hazards.services.hazard_rectify), and self-report
hazards (企业自查自报) that township staff accept into the loop or send back with a reason.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hazards.models import Hazard, Sector, SelfReport
from hazards.services import TransitionError, hazard_assign, hazard_create
from org.audit import AuditAction, record_audit
from org.models import Role, User
from org.permissions import require

S = Hazard.Status
# Assigned and after: what the enterprise has been handed.
ENTERPRISE_STATUSES = (S.ASSIGNED, S.RECTIFYING, S.AWAITING_REVIEW, S.CLOSED)
TO_RECTIFY = (S.ASSIGNED, S.RECTIFYING)


def is_enterprise_user(user: User) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.role == Role.ENTERPRISE


def enterprise_hazards(*, user: User) -> QuerySet[Hazard]:
    """Exactly the user's enterprise's assigned hazards; nothing for anyone else."""
    if not is_enterprise_user(user) or user.enterprise_id is None:
        return Hazard.objects.none()
    return (
        Hazard.objects.filter(enterprise_id=user.enterprise_id, status__in=ENTERPRISE_STATUSES)
        .select_related("sector")
        .order_by("deadline", "-found_on", "-pk")
    )


def enterprise_self_reports(*, user: User) -> QuerySet[SelfReport]:
    if not is_enterprise_user(user) or user.enterprise_id is None:
        return SelfReport.objects.none()
    return SelfReport.objects.filter(enterprise_id=user.enterprise_id).select_related("sector", "hazard")


@dataclass(frozen=True)
class EnterpriseTodoLine:
    key: str
    label: str
    count: int
    url: str
    urgent: bool = False


def enterprise_todo_lines(*, user: User, today: dt.date) -> list[EnterpriseTodoLine]:
    """我的待办 of an enterprise user: hazards to rectify, overdue ones, self-reports sent back (two queries)."""
    counts = enterprise_hazards(user=user).aggregate(
        to_rectify=Count("pk", filter=Q(status__in=TO_RECTIFY)),
        overdue=Count("pk", filter=Q(status__in=TO_RECTIFY, deadline__lt=today)),
    )
    returned = enterprise_self_reports(user=user).filter(status=SelfReport.Status.RETURNED).count()
    home = reverse("hazards:enterprise_home")
    return [
        EnterpriseTodoLine(
            "ent_to_rectify", _("Hazards assigned to us to rectify"), counts["to_rectify"], f"{home}?show=to_rectify"
        ),
        EnterpriseTodoLine(
            "ent_overdue", _("Our hazards past their deadline"), counts["overdue"], f"{home}?show=overdue", urgent=True
        ),
        EnterpriseTodoLine("ent_returned", _("Self-reports sent back"), returned, f"{home}?show=returned#self-reports"),
    ]


def pending_self_reports(*, user: User) -> QuerySet[SelfReport]:
    """What township staff have to accept or send back, in their scope."""
    return (
        SelfReport.objects.visible_to(user)
        .filter(status=SelfReport.Status.PENDING)
        .select_related("enterprise", "sector", "org_unit", "reporter")
    )


@transaction.atomic
def self_report_create(
    *, acting_user: User, sector: Sector, description: str, found_on: dt.date, place_name: str = "", measures: str = ""
) -> SelfReport:
    enterprise = acting_user.enterprise if is_enterprise_user(acting_user) else None
    if enterprise is None:
        raise TransitionError(_("Your role may not do this."))
    if found_on > timezone.localdate():
        raise ValidationError({"found_on": _("The date found cannot be in the future.")})
    report = SelfReport(
        enterprise=enterprise,
        org_unit=enterprise.org_unit,
        sector=sector,
        place_name=place_name.strip() or enterprise.name,
        description=description,
        found_on=found_on,
        measures=measures,
        reporter=acting_user,
    )
    report.full_clean()
    report.save()
    record_audit(
        actor=acting_user,
        action=AuditAction.SELFREPORT_CREATED,
        target=report,
        org_unit=report.org_unit,
        data={"to": report.status, "version": report.version},
    )
    return report


def _lock_pending(report: SelfReport, user: User, version: int | None) -> SelfReport:
    # Who accepts or sends back a self-report: the township's hazard writers.
    require(user, "hazards.write")
    report = SelfReport.objects.visible_to(user).select_for_update().get(pk=report.pk)
    if version is not None and version != report.version:
        raise TransitionError(_("Someone else decided on this self-report after you opened it; reload the page."))
    if report.status != SelfReport.Status.PENDING:
        raise TransitionError(_("This self-report has already been decided."))
    return report


@transaction.atomic
def self_report_accept(
    *,
    acting_user: User,
    report: SelfReport,
    responsible_person: str = "",
    deadline: dt.date | None = None,
    version: int | None = None,
) -> Hazard:
    """Into the loop: a hazard with source 企业自查, found by the enterprise user, assigned to the enterprise
    when a deadline is given (the enterprise then rectifies it like any assigned hazard)."""
    report = _lock_pending(report, acting_user, version)
    if deadline is not None and deadline < report.found_on:
        raise ValidationError({"deadline": _("The deadline cannot be before the date the hazard was found.")})
    enterprise = report.enterprise
    hazard = hazard_create(
        acting_user=acting_user,
        org_unit=report.org_unit,
        village=enterprise.village,
        place_name=report.place_name,
        credit_code=enterprise.credit_code,
        sector=report.sector,
        description=report.description,
        found_on=report.found_on,
        source=Hazard.Source.SELF_CHECK,
        measures=report.measures,
    )
    if hazard.enterprise_id != enterprise.pk:
        # The credit code links it (enterprises.linking); say so for the enterprise's own record all the same.
        hazard.enterprise = enterprise
        hazard.save(update_fields=["enterprise"])
    if deadline is not None:
        hazard = hazard_assign(
            acting_user=acting_user,
            hazard=hazard,
            responsible_unit=enterprise.name,
            responsible_person=responsible_person,
            deadline=deadline,
            measures=report.measures,
        )
    report.status = SelfReport.Status.ACCEPTED
    report.hazard = hazard
    report.decided_by = acting_user
    report.decided_at = timezone.now()
    report.version += 1
    report.save(update_fields=["status", "hazard", "decided_by", "decided_at", "version"])
    record_audit(
        actor=acting_user,
        action=AuditAction.SELFREPORT_ACCEPTED,
        target=report,
        org_unit=report.org_unit,
        data={"from": SelfReport.Status.PENDING, "to": report.status, "hazard": hazard.pk, "version": report.version},
    )
    return hazard


@transaction.atomic
def self_report_return(*, acting_user: User, report: SelfReport, reason: str, version: int | None = None) -> SelfReport:
    """Sent back to the enterprise with a reason it sees; nothing is counted."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why it is sent back.")})
    report = _lock_pending(report, acting_user, version)
    report.status = SelfReport.Status.RETURNED
    report.return_reason = reason.strip()
    report.decided_by = acting_user
    report.decided_at = timezone.now()
    report.version += 1
    report.save(update_fields=["status", "return_reason", "decided_by", "decided_at", "version"])
    record_audit(
        actor=acting_user,
        action=AuditAction.SELFREPORT_RETURNED,
        target=report,
        org_unit=report.org_unit,
        data={
            "from": SelfReport.Status.PENDING,
            "to": report.status,
            "reason": report.return_reason,
            "version": report.version,
        },
    )
    return report
