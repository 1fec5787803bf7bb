"""Reads of hazards. Dashboards, the half-year summary and the Excel annex all
call these, so the numbers they print can never disagree."""

from __future__ import annotations

import datetime as dt
import operator
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import reduce
from typing import TYPE_CHECKING, Any, overload

from django.db import models
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from hazards.filters import HazardFilter
from hazards.models import Criterion, Hazard, HazardMonth, HazardQuerySet, HazardSectorMonth, Sector
from org.filters import FilterRequest
from org.models import OrgUnit
from org.periods import Period, rate
from org.scoping import OrgScopedQuerySet, visible_records

if TYPE_CHECKING:
    from org.typing import Viewer

__all__ = ["Period", "FoundCounts", "HazardFigures", "hazard_figures", "hazard_found_counts", "hazard_list"]


@dataclass(frozen=True)
class HazardFigures:
    found: int
    rectified: int
    major_found: int
    major_rectified: int
    listed: int
    overdue: int
    open: int
    by_status: tuple[tuple[str, int], ...] = ()  # the hazards found, by their state now

    @property
    def rate(self) -> Decimal | None:
        """整改完成率 = rectified ÷ found, one decimal place."""
        return rate(self.rectified, self.found)

    @property
    def major_rate(self) -> Decimal | None:
        return rate(self.major_rectified, self.major_found)


def _state_aggregates(today: dt.date) -> dict[str, Any]:
    """Over open hazards (``_state``): overdue, under listed supervision, and how many."""
    return {
        "listed": Count("pk", filter=Q(level=Hazard.Level.MAJOR, delisted_on__isnull=True) & ~Q(supervision_level="")),
        "overdue": Count("pk", filter=Q(deadline__lt=today)),
        "open": Count("pk"),
    }


@overload
def _scoped(user: Viewer, filters: dict[str, Any] | None) -> HazardQuerySet: ...
@overload
def _scoped(user: Viewer, filters: dict[str, Any] | None, model: type[models.Model]) -> OrgScopedQuerySet: ...
def _scoped(user: Viewer, filters: dict[str, Any] | None, model: type[models.Model] = Hazard) -> OrgScopedQuerySet:
    qs = visible_records(model, user)
    filters = filters or {}
    if filters.get("sector"):
        qs = qs.filter(sector=filters["sector"])
    if filters.get("campaign"):
        qs = qs.filter(campaign=filters["campaign"])
    if filters.get("org_unit"):
        qs = qs.filter(org_unit__path__startswith=filters["org_unit"].path)
    return qs


def hazard_filter(*, user: Viewer, data: Any) -> HazardFilter:
    """The ledger's filter set over the user's visible hazards (query-string values)."""
    # Only what a ledger row shows: PostgreSQL plans a join of every relation in milliseconds, more than
    # it takes to run the query (bench/README.md).
    base = Hazard.objects.visible_to(user).select_related("org_unit", "village", "sector")
    return HazardFilter(data, queryset=base, request=FilterRequest(user))


# The columns a ledger row and a dashboard's overdue list show (hazards/_hazard_row.html,
# reports/_dash_overdue.html): 18 columns a row with the township, village and sector names, not 57.
ROW_FIELDS = (
    "found_on",
    "place_name",
    "description",
    "level",
    "supervision_level",
    "delisted_on",
    "status",
    "deadline",
    "closure_flags",
    "org_unit__name",
    "village__name",
    "sector__name",
)


def hazard_list(*, user: Viewer, filters: dict[str, Any] | None = None) -> QuerySet[Hazard]:
    """The ledger rows; invalid filter values are ignored, as django-filter does."""
    return hazard_filter(user=user, data=filters or {}).qs


# --- Hazards found in a period: whole months from the rollup, the rest live -------------------------------
#
# hazards.rollup keeps, per township, month found (and sector), how many hazards there are and what
# they are now; triggers keep it exact. A period's whole months are summed from it; read live are only
# the days of a partly covered month at either end, and, for a period that has ended, the hazards found
# in it but closed after its end (they count as found, not as rectified). Campaign filters read live.

STATUS_KEYS = tuple(status.value for status in Hazard.Status)


@dataclass(frozen=True)
class FoundCounts:
    """Hazards found in a period: rectified means closed by the period's end; by_status is their state now."""

    found: int = 0
    rectified: int = 0
    major_found: int = 0
    major_rectified: int = 0
    by_status: tuple[tuple[str, int], ...] = ()


def _reads_live(user: Viewer, filters: dict[str, Any] | None) -> bool:
    """Whether to count the hazards themselves instead of reading the rollup.

    Campaigns are not in the rollup. A township's hazards (a few hundred a year) are one cheap query,
    where the rollup takes three or four; the answer is the same either way (tests/hazards/test_rollup.py).
    """
    filters = filters or {}
    if filters.get("campaign"):
        return True
    unit = filters.get("org_unit") or getattr(user, "org_unit", None)
    return unit is not None and unit.kind in (OrgUnit.Kind.TOWNSHIP, OrgUnit.Kind.VILLAGE)


def _split(period: Period) -> tuple[tuple[dt.date, dt.date] | None, list[tuple[dt.date, dt.date]]]:
    """The period's whole months (first day of the first, last day of the last) and the days outside them."""
    first = period.start.replace(day=1)
    if first < period.start:
        first = (first + dt.timedelta(days=32)).replace(day=1)
    last = (period.end + dt.timedelta(days=1)).replace(day=1) - dt.timedelta(days=1)
    if last < first:
        return None, [(period.start, period.end)]
    edges = []
    if period.start < first:
        edges.append((period.start, first - dt.timedelta(days=1)))
    if last < period.end:
        edges.append((last + dt.timedelta(days=1), period.end))
    return (first, last), edges


def _grouped(qs: QuerySet, group: str | None, aggregates: dict[str, Any]) -> dict[Any, dict[str, int]]:
    if group is None:
        return {None: qs.aggregate(**aggregates)}
    return {row.pop(group): row for row in qs.values(group).annotate(**aggregates).order_by()}


def hazard_found_counts(
    *, user: Viewer, period: Period, filters: dict[str, Any] | None = None, group: str | None = None
) -> dict[Any, FoundCounts]:
    """Hazards found in the period, in total (group None) or per org unit, sector pk or month.

    One query for the whole months, one for the hazards closed after the period, one per cut month.
    Only groups with something found appear (a month's key is its first day).
    """
    filters = filters or {}
    if _reads_live(user, filters):
        return _live_found_counts(user, period, filters, group)
    whole, edges = _split(period)
    totals: dict[Any, Counter] = defaultdict(Counter)
    if whole is not None:
        table = HazardSectorMonth if (filters.get("sector") or group == "sector") else HazardMonth
        sums = {name: Sum(name) for name in HazardMonth.COUNTERS}
        for key, row in _grouped(_scoped(user, filters, table).filter(month__range=whole), group, sums).items():
            totals[key].update(
                {
                    "found": row["found"] or 0,
                    "major_found": row["major_found"] or 0,
                    "rectified": row["closed"] or 0,
                    "major_rectified": row["major_closed"] or 0,
                    **{s: row[s] or 0 for s in STATUS_KEYS},
                }
            )
    # Read live, each from an index of its own: the days of partly covered months, and the whole months'
    # hazards closed only after the period ended (found in it, so counted, but not rectified in it).
    closed, major = Q(status=Hazard.Status.CLOSED), Q(level=Hazard.Level.MAJOR)
    # A query each: an OR of two ranges would scan every township's hazards.
    live: list[tuple[Q, dict[str, Any]]] = [(Q(found_on__range=days), _found_aggregates(period)) for days in edges]
    if whole is not None:
        late = closed & Q(closed_on__gt=period.end, found_on__range=whole)
        live.append((late, {"rectified": -Count("pk"), "major_rectified": -Count("pk", filter=major)}))
    for condition, aggregates in live:
        qs = _scoped(user, filters).filter(condition)
        if group == "month":
            qs = qs.annotate(month=TruncMonth("found_on"))
        for key, row in _grouped(qs, group, aggregates).items():
            totals[key].update({name: value or 0 for name, value in row.items()})
    return {key: _counts(values) for key, values in totals.items() if values["found"]}


def _counts(values: Counter | dict[str, int]) -> FoundCounts:
    return FoundCounts(
        values.get("found", 0),
        values.get("rectified", 0),
        values.get("major_found", 0),
        values.get("major_rectified", 0),
        tuple((s, values.get(s, 0)) for s in STATUS_KEYS),
    )


def _found_aggregates(period: Period) -> dict[str, Count]:
    """Over hazards found in the period: how many, rectified (closed by its end), majors, by status now."""
    rectified = Q(status=Hazard.Status.CLOSED, closed_on__lte=period.end)
    major = Q(level=Hazard.Level.MAJOR)
    return {
        "found": Count("pk"),
        "major_found": Count("pk", filter=major),
        "rectified": Count("pk", filter=rectified),
        "major_rectified": Count("pk", filter=rectified & major),
        **{s: Count("pk", filter=Q(status=s)) for s in STATUS_KEYS},
    }


def _live_found_counts(
    user: Viewer, period: Period, filters: dict[str, Any], group: str | None
) -> dict[Any, FoundCounts]:
    qs = _scoped(user, filters).filter(found_on__range=(period.start, period.end))
    if group == "month":
        qs = qs.annotate(month=TruncMonth("found_on"))
    rows = _grouped(qs, group, _found_aggregates(period))
    return {key: _counts(row) for key, row in rows.items() if row.get("found")}


def _state(
    user: Viewer, filters: dict[str, Any] | None, group: str | None, today: dt.date
) -> dict[Any, dict[str, int]]:
    """Open, overdue and listed now: read from the open hazards only (a partial index)."""
    return _grouped(_scoped(user, filters).open(), group, _state_aggregates(today))


def _figures(found: FoundCounts | None, state: dict[str, int] | None) -> HazardFigures:
    found = found or FoundCounts()
    state = state or {}
    return HazardFigures(
        found.found,
        found.rectified,
        found.major_found,
        found.major_rectified,
        state.get("listed") or 0,
        state.get("overdue") or 0,
        state.get("open") or 0,
        found.by_status or tuple((s, 0) for s in STATUS_KEYS),
    )


def _live_figures(
    user: Viewer, period: Period, filters: dict[str, Any] | None, group: str | None, today: dt.date
) -> dict[Any, HazardFigures]:
    """Every figure counted from the hazards in one query (a township's, or a campaign's)."""
    # The found figures over the period's hazards and the state over the open ones, in one pass.
    found, is_open = Q(found_on__range=(period.start, period.end)), ~Q(status=Hazard.Status.CLOSED)
    aggregates = {
        **{name: Count("pk", filter=found & (a.filter or Q())) for name, a in _found_aggregates(period).items()},
        **{name: Count("pk", filter=is_open & (a.filter or Q())) for name, a in _state_aggregates(today).items()},
    }
    rows = _grouped(_scoped(user, filters), group, aggregates)
    return {key: _figures(_counts(row), row) for key, row in rows.items()}


def hazard_figures(
    *, user: Viewer, period: Period, filters: dict[str, Any] | None = None, today: dt.date | None = None
) -> HazardFigures:
    """Headline figures for a period: a few queries, none of which reads every hazard of a city."""
    today = today or timezone.localdate()
    if _reads_live(user, filters):
        return _live_figures(user, period, filters, None, today)[None]
    found = hazard_found_counts(user=user, period=period, filters=filters)
    state = _state(user, filters, None, today)
    return _figures(found.get(None), state.get(None))


def _figures_by_unit(
    user: Viewer, period: Period, filters: dict[str, Any] | None, today: dt.date
) -> dict[int, HazardFigures]:
    """Per org unit holding hazards (townships, and any other unit hazards are filed under)."""
    if _reads_live(user, filters):
        return _live_figures(user, period, filters, "org_unit", today)
    found = hazard_found_counts(user=user, period=period, filters=filters, group="org_unit")
    state = _state(user, filters, "org_unit", today)
    return {pk: _figures(found.get(pk), state.get(pk)) for pk in found.keys() | state.keys()}


def _total(figures: Iterable[HazardFigures]) -> HazardFigures:
    figures = list(figures)
    status: Counter[str] = Counter()
    for f in figures:
        status.update(dict(f.by_status))
    sums: dict[str, Any] = {name: sum(getattr(f, name) for f in figures) for name in NUMBERS}
    return HazardFigures(**sums, by_status=tuple((s, status[s]) for s in STATUS_KEYS))


NUMBERS = ("found", "rectified", "major_found", "major_rectified", "listed", "overdue", "open")


def hazard_figures_by_township(
    *, user: Viewer, period: Period, filters: dict[str, Any] | None = None, today: dt.date | None = None
) -> list[tuple[OrgUnit, HazardFigures]]:
    """Every visible township, including those with no hazards (they still rank)."""
    return hazard_figures_with_townships(user=user, period=period, filters=filters, today=today)[1]


def hazard_figures_with_townships(
    *, user: Viewer, period: Period, filters: dict[str, Any] | None = None, today: dt.date | None = None
) -> tuple[HazardFigures, list[tuple[OrgUnit, HazardFigures]]]:
    """The headline and every visible township's figures from one set of queries.

    The headline is the sum over every unit's hazards, so it equals hazard_figures (tested).
    """
    figures = _figures_by_unit(user, period, filters, today or timezone.localdate())
    empty = _figures(None, None)
    townships = [(unit, figures.get(unit.pk, empty)) for unit in OrgUnit.objects.visible_to(user).townships()]
    return _total(figures.values()), townships


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
    *, user: Viewer, period: Period, filters: dict[str, Any] | None = None, today: dt.date | None = None
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


def hazard_doubtful_closures_by_township(*, user: Viewer, period: Period) -> dict[int, int]:
    """存疑销号 per visible township: hazards closed in the period with a genuine-closure flag (every township)."""
    rows = dict(
        Hazard.objects.visible_to(user)
        .closure_flagged()
        .filter(closed_on__range=(period.start, period.end))
        .values("org_unit")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("org_unit", "n")
    )
    return {unit.pk: rows.get(unit.pk, 0) for unit in OrgUnit.objects.visible_to(user).townships()}


def hazard_figures_by_sector(
    *, user: Viewer, period: Period, filters: dict[str, Any] | None = None, today: dt.date | None = None
) -> list[tuple[str, HazardFigures]]:
    """Sectors with hazards found in the period, in the sector list's order."""
    figures = hazard_figures_by_sector_pk(user=user, period=period, filters=filters, today=today)
    sectors = Sector.objects.filter(pk__in=list(figures)).order_by("sort_order", "name")
    return [(sector.name, figures[sector.pk]) for sector in sectors]


def hazard_found_by_month(*, user: Viewer, period: Period, filters: dict[str, Any] | None = None) -> list[dict]:
    """Found and rectified per calendar month of the period (months with hazards found)."""
    # Rectified as in hazard_figures (closed by the period's end), so the months add up to the headline.
    found = hazard_found_counts(user=user, period=period, filters=filters, group="month")
    return [
        {"month": month, "found": counts.found, "rectified": counts.rectified}
        for month, counts in sorted(found.items())
    ]


def hazard_found_per_month(
    *, user: Viewer, periods: list[Period], filters: dict[str, Any] | None = None
) -> dict[dt.date, int]:
    """Hazards found per calendar month (key: its first day) over several periods that do not overlap.

    One query for the whole months of all of them, one per stretch of days in a month cut short.
    The dashboard's trend chart (this year against last); the same counts as hazard_found_by_month's.
    """
    filters = filters or {}
    if _reads_live(user, filters):
        in_periods = reduce(operator.or_, (Q(found_on__range=(p.start, p.end)) for p in periods))
        return dict(
            _scoped(user, filters)
            .filter(in_periods)
            .annotate(month=TruncMonth("found_on"))
            .values("month")
            .annotate(n=Count("pk"))
            .order_by()
            .values_list("month", "n")
        )
    splits = [_split(period) for period in periods]
    wholes = [whole for whole, _edges in splits if whole is not None]
    edges = [days for _whole, period_edges in splits for days in period_edges]
    found: Counter = Counter()
    if wholes:
        table = HazardSectorMonth if filters.get("sector") else HazardMonth
        months = reduce(operator.or_, (Q(month__range=whole) for whole in wholes))
        found.update(
            dict(
                _scoped(user, filters, table)
                .filter(months)
                .values("month")
                .annotate(n=Sum("found"))
                .order_by()
                .values_list("month", "n")
            )
        )
    # One query per stretch of days: a range per township is an index range; an OR of two is a full scan.
    for days in edges:
        found.update(
            dict(
                _scoped(user, filters)
                .filter(found_on__range=days)
                .annotate(month=TruncMonth("found_on"))
                .values("month")
                .annotate(n=Count("pk"))
                .order_by()
                .values_list("month", "n")
            )
        )
    return {month: n for month, n in found.items() if n}


def hazard_overdue_list(*, user: Viewer, today: dt.date | None = None) -> QuerySet[Hazard]:
    """Open hazards past their deadline, oldest deadline first: the ledger filtered "overdue", sorted by
    deadline, without building the ledger's filter form (a township dashboard shows the first few)."""
    return (
        Hazard.objects.visible_to(user)
        .overdue(today or timezone.localdate())
        .select_related("org_unit", "village", "sector")
        .only(*ROW_FIELDS)
        .order_by("deadline", "pk")
    )


def hazard_detail_queryset(*, user: Viewer) -> QuerySet[Hazard]:
    # Joined: what every hazard has. Fetched by primary key, only when set: the campaign, the criterion
    # and the finder. Six joins took PostgreSQL 4–6 ms to plan; three take 0.7 ms, a lookup by key 0.05 ms.
    return (
        Hazard.objects.visible_to(user)
        .select_related("org_unit", "village", "sector")
        .prefetch_related("campaign", "criterion", "finder")
    )


def criterion_search(*, query: str, limit: int = 20) -> QuerySet[Criterion]:
    qs = Criterion.objects.select_related("sector")
    for word in query.split():
        qs = qs.filter(
            Q(text__icontains=word)
            | Q(clause__icontains=word)
            | Q(standard__icontains=word)
            | Q(sector__name__icontains=word)
        )
    return qs[:limit]


def form_enterprise_industry(*, user: Viewer, credit_code: str) -> str:
    """The GB/T 4754 division of the register's enterprise the form names by its credit code ("" if none)."""
    from enterprises.selectors import enterprise_by_code

    code = credit_code.strip().upper()
    enterprise = enterprise_by_code(user=user, credit_code=code) if len(code) == 18 else None
    return enterprise.industry_code if enterprise else ""


def _criteria_rows() -> list[Criterion]:
    return list(Criterion.objects.only("standard", "part", "clause", "text").order_by("standard", "part", "pk"))


def criterion_options(*, industry_code: str, query: str = "", limit: int = 50) -> list[Criterion]:
    """The picker's clauses: those of the industry's standards (all, without one), narrowed by the words typed."""
    from hazards.criteria_library import applies_to

    words = query.split()
    found = [
        c
        for c in _criteria_rows()
        if applies_to(c, industry_code) and all(w in c.text or w in c.clause or w in c.standard for w in words)
    ]
    return found[:limit]


def criterion_suggestions(*, industry_code: str, description: str, limit: int = 3) -> list[Criterion]:
    """The clauses of the industry likeliest to match the description being typed (one query)."""
    from hazards.criteria_library import applies_to, suggest

    return suggest([c for c in _criteria_rows() if applies_to(c, industry_code)], description, limit=limit)


def hazard_figures_by_campaign(
    *, user: Viewer, period: Period, filters: dict[str, Any] | None = None
) -> dict[int, HazardFigures]:
    """Campaign pk → the found figures of the hazards it found in the period (one query, campaigns with some)."""
    qs = _scoped(user, filters).filter(campaign__isnull=False, found_on__range=(period.start, period.end))
    rows = _grouped(qs, "campaign", _found_aggregates(period))
    return {pk: _figures(_counts(row), None) for pk, row in rows.items() if row.get("found")}


def hazard_figures_by_sector_pk(
    *, user: Viewer, period: Period, filters: dict[str, Any] | None = None, today: dt.date | None = None
) -> dict[int, HazardFigures]:
    """Sector pk → figures, for the sectors with hazards found in the period (hazard_figures_by_sector's rows)."""
    today = today or timezone.localdate()
    if _reads_live(user, filters):
        return {pk: f for pk, f in _live_figures(user, period, filters, "sector", today).items() if f.found}
    found = hazard_found_counts(user=user, period=period, filters=filters, group="sector")
    state = _state(user, filters, "sector", today)
    return {pk: _figures(counts, state.get(pk)) for pk, counts in found.items()}


@dataclass(frozen=True)
class SupervisionFigures:
    """Major hazards put under listed supervision (挂牌) and taken off it (摘牌) in a period."""

    listed: int
    delisted: int


def hazard_supervision_figures(*, user: Viewer, period: Period) -> SupervisionFigures:
    span = (period.start, period.end)
    row = (
        _scoped(user, None)
        .filter(level=Hazard.Level.MAJOR)
        .exclude(supervision_level="")
        .aggregate(
            listed=Count("pk", filter=Q(listed_on__range=span)),
            delisted=Count("pk", filter=Q(delisted_on__range=span)),
        )
    )
    return SupervisionFigures(row["listed"] or 0, row["delisted"] or 0)
