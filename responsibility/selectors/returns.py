"""Reads of department returns: the lists, a period's completeness and timeliness, and the accepted values the
half-year summary (reports/figures/returns.py) states, attributed to the unit that reported them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q, QuerySet, Sum

from org.models import OrgUnit, User
from org.periods import Period
from responsibility.models import Return, ReturnIndicator, ReturnPeriod, ReturnValue
from responsibility.models.ranking import ancestor_paths

if TYPE_CHECKING:
    from org.typing import Viewer


def indicator_list(*, user: User) -> QuerySet[ReturnIndicator]:
    return (
        ReturnIndicator.objects.visible_to(user).select_related("org_unit", "sector").prefetch_related("assigned_units")
    )


def indicator_codes() -> set[str]:
    """Every indicator's code, whoever defined it: wording placeholders are shared by every bureau."""
    return set(ReturnIndicator.objects.values_list("code", flat=True))


def _asked_of(unit: OrgUnit) -> Q:
    """Indicators asked of ``unit``: reported by its kind (departments, townships; nothing of other units) and
    assigned to nobody in particular, or to it by name."""
    kinds: dict[str, Q] = {
        OrgUnit.Kind.DEPARTMENT: Q(from_departments=True),
        OrgUnit.Kind.TOWNSHIP: Q(from_townships=True),
    }
    assigned = ReturnIndicator.assigned_units.through.objects.filter(returnindicator_id=OuterRef("pk"))
    return kinds.get(unit.kind, Q(pk__in=[])) & (Q(~Exists(assigned)) | Q(Exists(assigned.filter(orgunit_id=unit.pk))))


def indicators_asked(period: ReturnPeriod, unit: OrgUnit) -> QuerySet[ReturnIndicator]:
    """The indicators ``unit`` reports in ``period``: its bureau's, of the period's frequency, asked of it."""
    return ReturnIndicator.objects.filter(
        _asked_of(unit), org_unit_id=period.org_unit_id, frequency=period.frequency, is_active=True
    )


def periods_addressed_to(user: User) -> QuerySet[ReturnPeriod]:
    """Periods called for by a unit above the user's in which something is asked of the user's unit."""
    paths = ancestor_paths(user)[:-1]
    if user.org_unit is None or not paths:
        return ReturnPeriod.objects.none()
    asked = ReturnIndicator.objects.filter(
        _asked_of(user.org_unit), org_unit_id=OuterRef("org_unit_id"), frequency=OuterRef("frequency"), is_active=True
    )
    return ReturnPeriod.objects.filter(Exists(asked), org_unit__path__in=paths).select_related("org_unit")


def period_list(*, user: User) -> QuerySet[ReturnPeriod]:
    return ReturnPeriod.objects.visible_to(user).select_related("org_unit")


def return_list(*, user: User, period: ReturnPeriod | None = None) -> QuerySet[Return]:
    """The user's own unit's returns, or, for a bureau, every return under it."""
    qs = Return.objects.visible_to(user).select_related("period", "period__org_unit", "org_unit")
    return qs.filter(period=period) if period is not None else qs


def return_values(ret: Return) -> list[ReturnValue]:
    return list(ret.values.select_related("indicator"))


# --- Completeness and timeliness -----------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitStatus:
    """One expected unit of a period: its return (None: not started), whether it is late, and how many of the
    period's indicators are asked of it."""

    unit: OrgUnit
    ret: Return | None
    late: bool  # asked, nothing submitted and the due date has passed; or first submitted after it
    due: int = 0  # indicators asked of the unit; 0: it returned without being asked

    @property
    def status(self) -> str:
        return self.ret.status if self.ret is not None else ""

    @property
    def submitted(self) -> bool:
        return self.ret is not None and self.ret.first_submitted_on is not None


@dataclass(frozen=True)
class PeriodCompleteness:
    period: ReturnPeriod
    rows: tuple[UnitStatus, ...]

    @property
    def expected(self) -> int:
        return sum(1 for r in self.rows if r.due)

    @property
    def submitted(self) -> int:
        return sum(1 for r in self.rows if r.due and r.submitted)

    @property
    def accepted(self) -> int:
        return sum(1 for r in self.rows if r.due and r.status == Return.Status.ACCEPTED)

    @property
    def late(self) -> int:
        return sum(1 for r in self.rows if r.late)


@dataclass(frozen=True)
class Asked:
    """Who a period's indicators are asked of: kinds (indicators assigned to nobody in particular) and units."""

    open_kinds: dict[str, int]  # kind → indicators asked of every unit of that kind
    by_unit: dict[int, int]  # unit pk → indicators assigned to it by name

    def due(self, unit: OrgUnit) -> int:
        return self.open_kinds.get(unit.kind, 0) + self.by_unit.get(unit.pk, 0)


def asked_in(period: ReturnPeriod) -> Asked:
    """One query: the period's indicators with the units each is assigned to (none: every unit of its kinds)."""
    rows = ReturnIndicator.objects.filter(
        org_unit_id=period.org_unit_id, frequency=period.frequency, is_active=True
    ).values_list("pk", "from_departments", "from_townships", "assigned_units")
    open_kinds: dict[str, int] = {}
    by_unit: dict[int, int] = {}
    for _pk, departments, townships, unit_id in rows:
        if unit_id is not None:
            by_unit[unit_id] = by_unit.get(unit_id, 0) + 1
            continue
        for kind, on in ((OrgUnit.Kind.DEPARTMENT, departments), (OrgUnit.Kind.TOWNSHIP, townships)):
            if on:
                open_kinds[kind] = open_kinds.get(kind, 0) + 1
    return Asked(open_kinds, by_unit)


def period_completeness(*, user: User, period: ReturnPeriod, today: dt.date) -> PeriodCompleteness:
    """Every unit under the bureau asked for this period, with its return; three queries, whatever the units.

    A unit is expected (and can be late) when one of the bureau's indicators of the period's frequency is asked of
    it: of its kind and assigned to nobody in particular, or assigned to it by name. A unit that is not asked but
    returned anyway is listed too, never as late nor among the expected.
    """
    asked = asked_in(period)
    bureau_path = period.org_unit.path
    returns = {r.org_unit_id: r for r in return_list(user=user, period=period)}
    units = (
        OrgUnit.objects.visible_to(user)
        .filter(Q(kind__in=list(asked.open_kinds)) | Q(pk__in=[*asked.by_unit, *returns]), path__startswith=bureau_path)
        .exclude(pk=period.org_unit_id)
        .order_by("kind", "path")
    )
    rows = []
    for unit in units:
        ret = returns.get(unit.pk)
        if ret is not None:
            ret.org_unit = unit
        due = asked.due(unit)
        submitted_on = ret.first_submitted_on if ret is not None else None
        late = bool(due) and (submitted_on > period.due_on if submitted_on else today > period.due_on)
        rows.append(UnitStatus(unit, ret, late, due))
    return PeriodCompleteness(period, tuple(rows))


# --- Accepted values, for the summary ------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitValue:
    unit: str  # the reporting unit's name, as the summary attributes: "区消防救援大队"
    unit_kind: str
    values: tuple[tuple[ReturnIndicator, Decimal], ...]  # in the indicators' order
    path: str = ""  # the unit's place in the org tree: (path, indicator pk) names one value


@dataclass(frozen=True)
class SectorValue:
    """An accepted value of an indicator said in a sector's sentence (ReturnIndicator.measure)."""

    sector_id: int
    measure: str
    unit: str  # the reporting unit's name
    path: str
    indicator_id: int
    value: Decimal


def sector_values(*, user: Viewer, period: Period) -> list[SectorValue]:
    """Accepted values in the user's scope, within ``period``, of indicators with a sector and a measure; one
    query, in the org tree's order."""
    rows = (
        ReturnValue.objects.filter(
            ret__in=Return.objects.visible_to(user).accepted().within(period), indicator__sector__isnull=False
        )
        .exclude(indicator__measure="")
        .values(
            "indicator__sector_id", "indicator__measure", "ret__org_unit__name", "ret__org_unit__path", "indicator_id"
        )
        .annotate(total=Sum("value"))
        .order_by("ret__org_unit__path", "indicator__sort_order", "indicator_id")
    )
    return [
        SectorValue(
            r["indicator__sector_id"],
            r["indicator__measure"],
            r["ret__org_unit__name"],
            r["ret__org_unit__path"],
            r["indicator_id"],
            r["total"],
        )
        for r in rows
    ]


@dataclass(frozen=True)
class IndicatorFigures:
    indicators: tuple[ReturnIndicator, ...]  # every indicator defined, whoever defined it
    totals: dict[str, Decimal]  # code → sum of accepted returns; an indicator without one is absent
    by_unit: tuple[UnitValue, ...]  # units with accepted values, in the org tree's order


def indicator_figures(*, user: Viewer, period: Period) -> IndicatorFigures:
    """Accepted returns in the user's scope whose period lies within ``period``: two queries.

    Drafts, submitted and sent-back returns count nowhere.
    """
    indicators = {i.pk: i for i in ReturnIndicator.objects.order_by("sort_order", "pk")}
    rows = (
        ReturnValue.objects.filter(ret__in=Return.objects.visible_to(user).accepted().within(period))
        .values("indicator_id", "ret__org_unit__name", "ret__org_unit__kind", "ret__org_unit__path")
        .annotate(total=Sum("value"))
        .order_by("ret__org_unit__path")
    )
    totals: dict[str, Decimal] = {}
    units: dict[str, tuple[str, str, dict[int, Decimal]]] = {}
    for row in rows:
        indicator = indicators[row["indicator_id"]]
        totals[indicator.code] = totals.get(indicator.code, Decimal(0)) + row["total"]
        _name, _kind, values = units.setdefault(
            row["ret__org_unit__path"], (row["ret__org_unit__name"], row["ret__org_unit__kind"], {})
        )
        values[indicator.pk] = values.get(indicator.pk, Decimal(0)) + row["total"]
    order = list(indicators)
    by_unit = tuple(
        UnitValue(
            name,
            kind,
            tuple((indicators[pk], v) for pk, v in sorted(values.items(), key=lambda kv: order.index(kv[0]))),
            path,
        )
        for path, (name, kind, values) in sorted(units.items())
    )
    return IndicatorFigures(tuple(indicators.values()), totals, by_unit)
