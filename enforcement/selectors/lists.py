"""Reads for the screens: lists with their filters, detail querysets and the officer's open work."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from enforcement.filters import CaseFilter, InspectionFilter, officers_visible_to
from enforcement.models import (
    Case,
    Finding,
    Inspection,
    IssuedDocument,
    JointAction,
    RectificationOrder,
)
from hazards.models import Campaign
from org.filters import FilterRequest
from org.models import OrgUnit, User

OFFICERS = Prefetch("officers", queryset=User.objects.select_related("enforcement_certificate").order_by("pk"))
# How far back the entry forms offer campaigns: records are often entered weeks after the visit.
CAMPAIGN_LOOKBACK_DAYS = 400


def inspection_filter(*, user: User, data: Any) -> InspectionFilter:
    base = (
        Inspection.objects.visible_to(user)
        .select_related("org_unit", "sector", "joint_action", "order")
        .prefetch_related(OFFICERS)
        .annotate(finding_count=Count("findings", distinct=True))
        # Explicit: Meta.ordering is not applied to a query with GROUP BY.
        .order_by("-inspected_on", "-pk")
    )
    return InspectionFilter(data, queryset=base, request=FilterRequest(user))


def inspection_list(*, user: User, filters: dict[str, Any] | None = None) -> QuerySet[Inspection]:
    return inspection_filter(user=user, data=filters or {}).qs


def inspection_detail_queryset(*, user: User) -> QuerySet[Inspection]:
    return (
        Inspection.objects.visible_to(user)
        .select_related("org_unit", "issuer", "sector", "joint_action", "campaign", "order", "recorded_by")
        .prefetch_related(
            OFFICERS,
            Prefetch("findings", queryset=Finding.objects.select_related("hazard").order_by("pk")),
            Prefetch("order__reinspected_by", queryset=User.objects.select_related("enforcement_certificate")),
            Prefetch("documents", queryset=IssuedDocument.objects.select_related("issued_by")),
            Prefetch("cases", queryset=Case.objects.only("pk", "number", "stage", "inspection_id")),
        )
    )


def case_filter(*, user: User, data: Any) -> CaseFilter:
    base = Case.objects.visible_to(user).select_related("org_unit", "sector").prefetch_related(OFFICERS)
    return CaseFilter(data, queryset=base, request=FilterRequest(user))


def case_list(*, user: User, filters: dict[str, Any] | None = None) -> QuerySet[Case]:
    return case_filter(user=user, data=filters or {}).qs


def case_detail_queryset(*, user: User) -> QuerySet[Case]:
    return (
        Case.objects.visible_to(user)
        .select_related(
            "org_unit",
            "issuer",
            "sector",
            "inspection",
            "campaign",
            "filed_by",
            "investigated_by",
            "notified_by",
            "hearing_by",
            "decided_by",
            "executed_by",
            "closed_by",
        )
        .prefetch_related(OFFICERS, Prefetch("documents", queryset=IssuedDocument.objects.select_related("issued_by")))
    )


def document_queryset(*, user: User) -> QuerySet[IssuedDocument]:
    return IssuedDocument.objects.visible_to(user).select_related("case", "inspection")


def campaign_choices(*, current: int | None = None, today: dt.date | None = None) -> QuerySet[Campaign]:
    """Campaigns that ran in about the last year, newest first; ``current`` (a record's own) is kept."""
    today = today or timezone.localdate()
    recent = Q(end__gte=today - dt.timedelta(days=CAMPAIGN_LOOKBACK_DAYS), start__lte=today)
    return Campaign.objects.filter(recent | Q(pk=current) if current else recent).order_by("-start", "name")


def officer_choices(*, user: User) -> QuerySet[User]:
    return officers_visible_to(user)


def issuer_choices(*, user: User) -> QuerySet[OrgUnit]:
    """The enforcement authorities documents may be issued in the name of (应急管理局 of the user's area)."""
    return OrgUnit.objects.visible_to(user).filter(kind=OrgUnit.Kind.DEPARTMENT, name__contains="应急管理局")


def joint_action_list() -> QuerySet[JointAction]:
    return (
        JointAction.objects.select_related("lead")
        .prefetch_related("departments")
        .annotate(inspection_count=Count("inspections"))
    )


@dataclass(frozen=True)
class OpenWork:
    """What an officer still has to do, soonest deadline first."""

    orders: list[RectificationOrder]
    cases: list[Case]


def my_open_work(*, user: User, today: dt.date | None = None) -> OpenWork:
    """Orders awaiting re-inspection on the officer's inspections, and the officer's open cases."""
    today = today or timezone.localdate()
    orders = (
        RectificationOrder.objects.visible_to(user)
        .awaiting()
        .filter(inspection__officers=user)
        .select_related("inspection__org_unit")
        .order_by("deadline", "pk")
    )
    cases = (
        Case.objects.visible_to(user).open().filter(officers=user).select_related("org_unit").order_by("filed_on", "pk")
    )
    return OpenWork(orders=list(orders), cases=list(cases))
