"""Reads of hazards. Dashboards, the half-year summary and the Excel annex all
call these, so the numbers they print can never disagree."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from hazards.filters import HazardFilter
from hazards.models import Criterion, Hazard
from org.filters import FilterRequest
from org.models import OrgUnit, User
from org.periods import Period, rate

__all__ = ["Period", "HazardFigures", "hazard_figures", "hazard_list"]


@dataclass(frozen=True)
class HazardFigures:
    found: int
    rectified: int
    major_found: int
    major_rectified: int
    listed: int
    overdue: int
    open: int

    @property
    def rate(self) -> Decimal | None:
        """整改完成率 = rectified ÷ found, one decimal place."""
        return rate(self.rectified, self.found)

    @property
    def major_rate(self) -> Decimal | None:
        return rate(self.major_rectified, self.major_found)


def _figure_aggregates(period: Period, today: dt.date) -> dict[str, Any]:
    found = Q(found_on__range=(period.start, period.end))
    # Rectified: found in the period and closed by its end (seed: 518 of 526).
    rectified = found & Q(status=Hazard.Status.CLOSED, closed_on__lte=period.end)
    major = Q(level=Hazard.Level.MAJOR)
    is_open = ~Q(status=Hazard.Status.CLOSED)
    return {
        "found": Count("pk", filter=found),
        "rectified": Count("pk", filter=rectified),
        "major_found": Count("pk", filter=found & major),
        "major_rectified": Count("pk", filter=rectified & major),
        "listed": Count("pk", filter=major & ~Q(supervision_level="") & Q(delisted_on__isnull=True) & is_open),
        "overdue": Count("pk", filter=is_open & Q(deadline__lt=today)),
        "open": Count("pk", filter=is_open),
    }


def _scoped(user: User, filters: dict[str, Any] | None) -> QuerySet[Hazard]:
    qs = Hazard.objects.visible_to(user)
    filters = filters or {}
    if filters.get("sector"):
        qs = qs.filter(sector=filters["sector"])
    if filters.get("campaign"):
        qs = qs.filter(campaign=filters["campaign"])
    if filters.get("org_unit"):
        qs = qs.filter(org_unit__path__startswith=filters["org_unit"].path)
    return qs


def hazard_filter(*, user: User, data: Any) -> HazardFilter:
    """The ledger's filter set over the user's visible hazards (query-string values)."""
    base = Hazard.objects.visible_to(user).select_related("org_unit", "village", "sector", "campaign")
    return HazardFilter(data, queryset=base, request=FilterRequest(user))


def hazard_list(*, user: User, filters: dict[str, Any] | None = None) -> QuerySet[Hazard]:
    """The ledger rows; invalid filter values are ignored, as django-filter does."""
    return hazard_filter(user=user, data=filters or {}).qs




def hazard_figures(
    *, user: User, period: Period, filters: dict[str, Any] | None = None, today: dt.date | None = None
) -> HazardFigures:
    """Headline figures for a period: one aggregate query."""
    row = _scoped(user, filters).aggregate(**_figure_aggregates(period, today or timezone.localdate()))
    return HazardFigures(**row)


def hazard_figures_by_township(
    *, user: User, period: Period, filters: dict[str, Any] | None = None, today: dt.date | None = None
) -> list[tuple[OrgUnit, HazardFigures]]:
    """Every visible township, including those with no hazards (they still rank)."""
    rows = {
        r.pop("org_unit"): HazardFigures(**r)
        for r in _scoped(user, filters)
        .values("org_unit")
        .annotate(**_figure_aggregates(period, today or timezone.localdate()))
        .order_by()
    }
    empty = HazardFigures(0, 0, 0, 0, 0, 0, 0)
    return [(unit, rows.get(unit.pk, empty)) for unit in OrgUnit.objects.visible_to(user).townships()]


@dataclass(frozen=True)
class RectificationTimeliness:
    """按期整改: of the hazards found in a period that fell due by its end, how many were closed in time."""

    due: int
    on_time: int
    major_overdue: int

    @property
    def on_time_rate(self) -> Decimal | None:
        return rate(self.on_time, self.due)


def _timeliness_aggregates(period: Period, today: dt.date) -> dict[str, Any]:
    # A deadline still ahead is not due yet, so it neither helps nor hurts the rate.
    due = Q(found_on__range=(period.start, period.end), deadline__lte=min(period.end, today))
    is_open = ~Q(status=Hazard.Status.CLOSED)
    return {
        "due": Count("pk", filter=due),
        "on_time": Count("pk", filter=due & Q(status=Hazard.Status.CLOSED, closed_on__lte=F("deadline"))),
        "major_overdue": Count("pk", filter=is_open & Q(level=Hazard.Level.MAJOR, deadline__lt=today)),
    }


def hazard_timeliness_by_township(
    *, user: User, period: Period, filters: dict[str, Any] | None = None, today: dt.date | None = None
) -> list[tuple[OrgUnit, RectificationTimeliness]]:
    """On-time rectification per visible township (every township, as in hazard_figures_by_township)."""
    rows = {
        r.pop("org_unit"): RectificationTimeliness(**r)
        for r in _scoped(user, filters)
        .values("org_unit")
        .annotate(**_timeliness_aggregates(period, today or timezone.localdate()))
        .order_by()
    }
    empty = RectificationTimeliness(0, 0, 0)
    return [(unit, rows.get(unit.pk, empty)) for unit in OrgUnit.objects.visible_to(user).townships()]


def hazard_figures_by_sector(
    *, user: User, period: Period, filters: dict[str, Any] | None = None, today: dt.date | None = None
) -> list[tuple[str, HazardFigures]]:
    rows = (
        _scoped(user, filters)
        .values("sector__name", "sector__sort_order")
        .annotate(**_figure_aggregates(period, today or timezone.localdate()))
        .filter(found__gt=0)
        .order_by("sector__sort_order")
    )
    result = []
    for r in rows:
        name = r.pop("sector__name")
        r.pop("sector__sort_order")
        result.append((name, HazardFigures(**r)))
    return result


def hazard_found_by_month(*, user: User, period: Period, filters: dict[str, Any] | None = None) -> list[dict]:
    """Found and rectified per calendar month of the period."""
    return list(
        _scoped(user, filters)
        .found_in(period.start, period.end)
        .annotate(month=TruncMonth("found_on"))
        .values("month")
        # Rectified as in hazard_figures (closed by the period's end), so the months add up to the headline.
        .annotate(
            found=Count("pk"),
            rectified=Count("pk", filter=Q(status=Hazard.Status.CLOSED, closed_on__lte=period.end)),
        )
        .order_by("month")
    )


def hazard_detail_queryset(*, user: User) -> QuerySet[Hazard]:
    return Hazard.objects.visible_to(user).select_related(
        "org_unit", "village", "sector", "campaign", "criterion", "finder"
    )


def criterion_search(*, query: str, limit: int = 20) -> QuerySet[Criterion]:
    qs = Criterion.objects.select_related("sector")
    for word in query.split():
        qs = qs.filter(Q(text__icontains=word) | Q(clause__icontains=word) | Q(standard__icontains=word)
                       | Q(sector__name__icontains=word))
    return qs[:limit]
