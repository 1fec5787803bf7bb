"""Reads of department returns: the lists, a period's completeness and timeliness, and the accepted values the
half-year summary (reports/figures/returns.py) states, attributed to the unit that reported them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum

from org.models import OrgUnit, User
from org.periods import Period
from responsibility.models import Return, ReturnIndicator, ReturnPeriod, ReturnValue
from responsibility.models.ranking import ancestor_paths


def indicator_list(*, user: User) -> QuerySet[ReturnIndicator]:
    return ReturnIndicator.objects.visible_to(user).select_related("org_unit", "sector")


def indicator_codes() -> set[str]:
    """Every indicator's code, whoever defined it: wording placeholders are shared by every bureau."""
    return set(ReturnIndicator.objects.values_list("code", flat=True))


def indicators_asked(period: ReturnPeriod, unit: OrgUnit) -> QuerySet[ReturnIndicator]:
    """The indicators ``unit`` reports in ``period``: its bureau's, of the period's frequency, for its kind."""
    kinds = Q(from_departments=True) if unit.kind == OrgUnit.Kind.DEPARTMENT else Q(from_townships=True)
    return ReturnIndicator.objects.filter(kinds, org_unit_id=period.org_unit_id, frequency=period.frequency,
                                          is_active=True)


def periods_addressed_to(user: User) -> QuerySet[ReturnPeriod]:
    """Periods called for by a unit above the user's: the ones the user's unit may report in."""
    paths = ancestor_paths(user)[:-1]
    return ReturnPeriod.objects.filter(org_unit__path__in=paths).select_related("org_unit")


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
    """One expected unit of a period: its return (None: not started) and whether it is late."""

    unit: OrgUnit
    ret: Return | None
    late: bool  # nothing submitted and the due date has passed, or first submitted after it

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
        return len(self.rows)

    @property
    def submitted(self) -> int:
        return sum(1 for r in self.rows if r.submitted)

    @property
    def accepted(self) -> int:
        return sum(1 for r in self.rows if r.status == Return.Status.ACCEPTED)

    @property
    def late(self) -> int:
        return sum(1 for r in self.rows if r.late)


def expected_kinds(period: ReturnPeriod) -> set[str]:
    kinds = set()
    for from_departments, from_townships in ReturnIndicator.objects.filter(
            org_unit_id=period.org_unit_id, frequency=period.frequency, is_active=True).values_list(
            "from_departments", "from_townships").distinct():
        if from_departments:
            kinds.add(OrgUnit.Kind.DEPARTMENT)
        if from_townships:
            kinds.add(OrgUnit.Kind.TOWNSHIP)
    return kinds


def period_completeness(*, user: User, period: ReturnPeriod, today: dt.date) -> PeriodCompleteness:
    """Every unit under the bureau asked for this period, with its return; three queries, whatever the units.

    A unit is expected when one of the bureau's indicators of the period's frequency is reported by its kind.
    A unit that is not expected but returned anyway is listed too.
    """
    kinds = expected_kinds(period)
    bureau_path = period.org_unit.path
    returns = {r.org_unit_id: r for r in return_list(user=user, period=period)}
    units = (OrgUnit.objects.visible_to(user)
             .filter(Q(kind__in=kinds) | Q(pk__in=list(returns)), path__startswith=bureau_path)
             .exclude(pk=period.org_unit_id).order_by("kind", "path"))
    rows = []
    for unit in units:
        ret = returns.get(unit.pk)
        if ret is not None:
            ret.org_unit = unit
        submitted_on = ret.first_submitted_on if ret is not None else None
        late = submitted_on > period.due_on if submitted_on else today > period.due_on
        rows.append(UnitStatus(unit, ret, late))
    return PeriodCompleteness(period, tuple(rows))


# --- Accepted values, for the summary ------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitValue:
    unit: str  # the reporting unit's name, as the summary attributes: "区消防救援大队"
    unit_kind: str
    values: tuple[tuple[ReturnIndicator, Decimal], ...]  # in the indicators' order


@dataclass(frozen=True)
class IndicatorFigures:
    indicators: tuple[ReturnIndicator, ...]  # every indicator defined, whoever defined it
    totals: dict[str, Decimal]  # code → sum of accepted returns; an indicator without one is absent
    by_unit: tuple[UnitValue, ...]  # units with accepted values, in the org tree's order


def indicator_figures(*, user: User, period: Period) -> IndicatorFigures:
    """Accepted returns in the user's scope whose period lies within ``period``: two queries.

    Drafts, submitted and sent-back returns count nowhere.
    """
    indicators = {i.pk: i for i in ReturnIndicator.objects.order_by("sort_order", "pk")}
    rows = (ReturnValue.objects
            .filter(ret__in=Return.objects.visible_to(user).accepted().within(period))
            .values("indicator_id", "ret__org_unit__name", "ret__org_unit__kind", "ret__org_unit__path")
            .annotate(total=Sum("value")).order_by("ret__org_unit__path"))
    totals: dict[str, Decimal] = {}
    units: dict[str, tuple[str, str, dict[int, Decimal]]] = {}
    for row in rows:
        indicator = indicators[row["indicator_id"]]
        totals[indicator.code] = totals.get(indicator.code, Decimal(0)) + row["total"]
        _name, _kind, values = units.setdefault(
            row["ret__org_unit__path"], (row["ret__org_unit__name"], row["ret__org_unit__kind"], {}))
        values[indicator.pk] = values.get(indicator.pk, Decimal(0)) + row["total"]
    order = list(indicators)
    by_unit = tuple(
        UnitValue(name, kind, tuple((indicators[pk], v) for pk, v in sorted(values.items(),
                                                                           key=lambda kv: order.index(kv[0]))))
        for _path, (name, kind, values) in sorted(units.items())
    )
    return IndicatorFigures(tuple(indicators.values()), totals, by_unit)
