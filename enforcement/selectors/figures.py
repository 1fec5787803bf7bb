"""Enforcement figures for a period and a scope (检查家次, 立案, 罚款 …).

The responsibility ranking, the half-year summary, its Excel annex and the dashboards
all call these, so the numbers they print can never disagree.

Two aggregate queries per call, not one: inspections and cases are separate tables
with separate dates (an inspection counts on the day it took place; a case counts as
filed on its filing date, and its fine and measures on its decision date).

Both read covering indexes (see the models' Meta), so a city of 200 townships is counted
from the indexes alone, without touching the tables.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, NullIf, TruncMonth

from enforcement.models import Case, Finding, Inspection, JointAction
from hazards.models import Sector
from org.models import OrgUnit
from org.periods import Period, yuan_to_wan

__all__ = [
    "CARD_KEYS",
    "CaseSourceFigures",
    "EnforcementFigures",
    "Period",
    "case_source_figures",
    "enforcement_figures",
    "enforcement_figures_by_campaign",
    "enforcement_figures_by_joint_action",
    "enforcement_figures_by_month",
    "enforcement_figures_by_sector",
    "enforcement_figures_by_township",
    "enforcement_figures_with_townships",
    "joint_action_totals",
]

CENT = Decimal("0.01")
AMOUNT = DecimalField(max_digits=14, decimal_places=2)


@dataclass(frozen=True)
class EnforcementFigures:
    inspections: int  # 检查 … 家次: inspections held
    units_inspected: int  # distinct units (by credit code, else by name)
    inspection_hazards: int  # problems found by those inspections (发现隐患 … 处)
    orders: int  # 责令限期整改指令书 issued in those inspections
    cases: int  # 立案 … 起: cases filed
    suspensions: int  # the measures below count decisions taken in the period
    closures: int
    seals: int
    three_stops: int
    detained_people: int
    judicial_transfers: int
    exposures: int
    joint_actions: int  # joint actions with at least one inspection in scope and period
    fines_yuan: Decimal

    @property
    def fines_wan(self) -> str:
        """罚款 … 万元, up to two decimals: 265800 → "26.58"."""
        return yuan_to_wan(self.fines_yuan)

    @classmethod
    def zero(cls) -> EnforcementFigures:
        return cls(**{f.name: 0 for f in fields(cls) if f.name != "fines_yuan"}, fines_yuan=Decimal("0.00"))


INSPECTION_KEYS = ("inspections", "units_inspected", "inspection_hazards", "orders", "joint_actions")
CASE_KEYS = (
    "cases",
    "suspensions",
    "closures",
    "seals",
    "three_stops",
    "detained_people",
    "judicial_transfers",
    "exposures",
    "fines_yuan",
)
ALL_KEYS = frozenset(INSPECTION_KEYS + CASE_KEYS)
# What the dashboards' enforcement cards and township table show (reports.dashboard.base.enforcement_kpis):
# inspections and the units inspected, cases, suspensions and fines. The findings probe per inspection and
# the orders join are for the summary; without them a city's per-township count takes 3–5 ms, not 18.
CARD_KEYS = frozenset({"inspections", "units_inspected", "cases", "suspensions", "fines_yuan"})


def _inspection_aggregates(only: frozenset[str] = ALL_KEYS) -> dict[str, Any]:
    """Over inspections already narrowed to the period (``_inspections``), one row each; ``only`` those figures.

    Findings are many per inspection, so they are counted by a subquery per inspection:
    joining them would multiply the rows and force DISTINCT on every other count. The
    order is one-to-one and joins without multiplying anything.
    """
    # COUNT(*), not COUNT(id): the finding's inspection index answers it without reading the table.
    findings = Finding.objects.filter(inspection=OuterRef("pk")).order_by().values("inspection").annotate(n=Count("*"))
    aggregates = {
        "inspections": Count("pk"),
        "units_inspected": Count(Coalesce(NullIf("credit_code", Value("")), "unit_name"), distinct=True),
        "inspection_hazards": Coalesce(Sum(Subquery(findings.values("n"))), 0),
        "orders": Count("order"),
        "joint_actions": Count("joint_action", distinct=True),
    }
    return {key: value for key, value in aggregates.items() if key in only}


def _case_aggregates(
    period: Period, *, filed: bool = True, decided: bool = True, only: frozenset[str] = ALL_KEYS
) -> dict[str, Any]:
    in_period = Q(decided_on__range=(period.start, period.end))
    aggregates: dict[str, Any] = {}
    if filed:
        aggregates["cases"] = Count("pk", filter=Q(filed_on__range=(period.start, period.end)))
    if decided:
        aggregates.update(
            suspensions=Count("pk", filter=in_period & Q(suspension=True)),
            closures=Count("pk", filter=in_period & Q(closure=True)),
            seals=Count("pk", filter=in_period & Q(seal=True)),
            three_stops=Count("pk", filter=in_period & Q(three_stops=True)),
            detained_people=Coalesce(Sum("detained_people", filter=in_period), 0),
            judicial_transfers=Count("pk", filter=in_period & Q(judicial_transfer=True)),
            exposures=Count("pk", filter=in_period & Q(exposure=True)),
            fines_yuan=Coalesce(Sum("fine_yuan", filter=in_period), Value(Decimal("0")), output_field=AMOUNT),
        )
    return {key: value for key, value in aggregates.items() if key in only}


def _inspections(user: Any, period: Period, filters: dict[str, Any] | None) -> QuerySet[Inspection]:
    qs = Inspection.objects.visible_to(user).in_period(period.start, period.end)
    filters = filters or {}
    if filters.get("sector"):
        qs = qs.filter(sector=filters["sector"])
    if filters.get("org_unit"):
        qs = qs.filter(org_unit__path__startswith=filters["org_unit"].path)
    if filters.get("joint_action"):
        qs = qs.filter(joint_action=filters["joint_action"])
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("campaign"):
        qs = qs.filter(campaign=filters["campaign"])
    return qs


def _cases(user: Any, period: Period, filters: dict[str, Any] | None) -> QuerySet[Case]:
    qs = Case.objects.visible_to(user).filter(
        Q(filed_on__range=(period.start, period.end)) | Q(decided_on__range=(period.start, period.end))
    )
    filters = filters or {}
    if filters.get("sector"):
        qs = qs.filter(sector=filters["sector"])
    if filters.get("org_unit"):
        qs = qs.filter(org_unit__path__startswith=filters["org_unit"].path)
    if filters.get("joint_action"):
        qs = qs.filter(inspection__joint_action=filters["joint_action"])
    if filters.get("kind"):
        qs = qs.filter(inspection__kind=filters["kind"])
    if filters.get("campaign"):
        qs = qs.filter(campaign=filters["campaign"])
    return qs


def _build(inspection_row: dict[str, Any] | None, case_row: dict[str, Any] | None) -> EnforcementFigures:
    values: dict[str, Any] = {key: 0 for key in INSPECTION_KEYS + CASE_KEYS}
    values["fines_yuan"] = Decimal("0")
    for row in (inspection_row, case_row):
        if row:
            values.update({key: row[key] for key in INSPECTION_KEYS + CASE_KEYS if key in row})
    values["fines_yuan"] = Decimal(values["fines_yuan"] or 0).quantize(CENT)
    return EnforcementFigures(**values)


def _grouped(qs: QuerySet, key: str, aggregates: dict[str, Any]) -> dict[Any, dict[str, Any]]:
    return {row.pop(key): row for row in qs.values(key).annotate(**aggregates).order_by()}


def enforcement_figures(
    *, user: Any, period: Period, filters: dict[str, Any] | None = None, only: frozenset[str] = ALL_KEYS
) -> EnforcementFigures:
    """Headline figures of a period within the user's scope.

    ``only``: the figures to count (CARD_KEYS for a dashboard's cards); the others stay at zero.
    """
    inspection_row = _inspections(user, period, filters).aggregate(**_inspection_aggregates(only))
    case_row = _cases(user, period, filters).aggregate(**_case_aggregates(period, only=only))
    return _build(inspection_row, case_row)


def enforcement_figures_by_township(
    *, user: Any, period: Period, filters: dict[str, Any] | None = None
) -> list[tuple[OrgUnit, EnforcementFigures]]:
    """Every visible township, those with nothing recorded included (they still rank)."""
    return _township_rows(user, *_by_unit(user, period, filters))


def _by_unit(
    user: Any, period: Period, filters: dict[str, Any] | None, only: frozenset[str] = ALL_KEYS
) -> tuple[dict[Any, dict[str, Any]], dict[Any, dict[str, Any]]]:
    return (
        _grouped(_inspections(user, period, filters), "org_unit", _inspection_aggregates(only)),
        _grouped(_cases(user, period, filters), "org_unit", _case_aggregates(period, only=only)),
    )


def _township_rows(
    user: Any,
    inspections: dict[Any, dict[str, Any]],
    cases: dict[Any, dict[str, Any]],
    townships: list[OrgUnit] | None = None,
) -> list[tuple[OrgUnit, EnforcementFigures]]:
    if townships is None:
        townships = list(OrgUnit.objects.visible_to(user).townships().order_by("path"))
    return [(unit, _build(inspections.get(unit.pk), cases.get(unit.pk))) for unit in townships]


# Counted once per scope, not added up from the townships: a unit or a joint action can span two of them.
DISTINCT_KEYS = frozenset({"units_inspected", "joint_actions"})


def enforcement_figures_with_townships(
    *,
    user: Any,
    period: Period,
    filters: dict[str, Any] | None = None,
    townships: list[OrgUnit] | None = None,
    only: frozenset[str] = ALL_KEYS,
) -> tuple[EnforcementFigures, list[tuple[OrgUnit, EnforcementFigures]]]:
    """The headline and every visible township's figures (the dashboard's table) in four queries.

    The headline adds up the grouped rows (per org unit: every record in scope is in one), except
    the two distinct counts, which one light query over the inspections alone counts for the scope;
    so it equals enforcement_figures (tested). ``townships``: the visible townships in tree order,
    when the caller has them already; read here otherwise. ``only`` as in enforcement_figures, for the
    headline and the rows alike.
    """
    inspections, cases = _by_unit(user, period, filters, only)
    distinct = _inspections(user, period, filters).aggregate(**_inspection_aggregates(only & DISTINCT_KEYS))
    inspection_total = {
        key: sum(row[key] or 0 for row in inspections.values()) for key in INSPECTION_KEYS if key in only
    }
    case_total = {key: sum(row[key] or 0 for row in cases.values()) for key in CASE_KEYS if key in only}
    headline = _build({**inspection_total, **distinct}, case_total)
    return headline, _township_rows(user, inspections, cases, townships)


def enforcement_figures_by_sector(
    *, user: Any, period: Period, filters: dict[str, Any] | None = None
) -> list[tuple[str, EnforcementFigures]]:
    """Sectors with anything recorded in the period, in the sector list's order."""
    inspections = _grouped(_inspections(user, period, filters), "sector", _inspection_aggregates())
    cases = _grouped(_cases(user, period, filters), "sector", _case_aggregates(period))
    sectors = Sector.objects.filter(pk__in=set(inspections) | set(cases)).order_by("sort_order", "name")
    return [(s.name, _build(inspections.get(s.pk), cases.get(s.pk))) for s in sectors]


def _months(period: Period) -> Iterable[dt.date]:
    month = period.start.replace(day=1)
    while month <= period.end:
        yield month
        month = (month + dt.timedelta(days=32)).replace(day=1)


def _month_key(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def enforcement_figures_by_month(
    *, user: Any, period: Period, filters: dict[str, Any] | None = None
) -> list[tuple[dt.date, EnforcementFigures]]:
    """Every calendar month of the period (first day of the month), empty months included.

    Three queries: cases count in the month they were filed, fines and measures in the
    month they were decided, so the months add up to the headline figures.
    """
    inspections = {
        _month_key(k): v
        for k, v in _grouped(
            _inspections(user, period, filters).annotate(month=TruncMonth("inspected_on")),
            "month",
            _inspection_aggregates(),
        ).items()
    }
    base = _cases(user, period, filters)
    filed = {
        _month_key(k): v
        for k, v in _grouped(
            base.filter(filed_on__range=(period.start, period.end)).annotate(month=TruncMonth("filed_on")),
            "month",
            _case_aggregates(period, decided=False),
        ).items()
    }
    decided = {
        _month_key(k): v
        for k, v in _grouped(
            base.filter(decided_on__range=(period.start, period.end)).annotate(month=TruncMonth("decided_on")),
            "month",
            _case_aggregates(period, filed=False),
        ).items()
    }
    return [
        (month, _build(inspections.get(month), {**decided.get(month, {}), **filed.get(month, {})}))
        for month in _months(period)
    ]


def enforcement_figures_by_joint_action(
    *, user: Any, period: Period, filters: dict[str, Any] | None = None
) -> list[tuple[JointAction, EnforcementFigures]]:
    """Joint actions that overlap the period, each with what was done under it in scope.

    Cases count under a joint action when they came from one of its inspections.
    """
    inspections = _grouped(_inspections(user, period, filters), "joint_action", _inspection_aggregates())
    cases = _grouped(
        _cases(user, period, filters).filter(inspection__joint_action__isnull=False),
        "inspection__joint_action",
        _case_aggregates(period),
    )
    actions = JointAction.objects.filter(start__lte=period.end, end__gte=period.start).order_by("start", "pk")
    return [(a, _build(inspections.get(a.pk), cases.get(a.pk))) for a in actions]


def enforcement_figures_by_campaign(
    *, user: Any, period: Period, filters: dict[str, Any] | None = None
) -> dict[int, EnforcementFigures]:
    """Each campaign (专项行动) with anything recorded under it in scope and period, by campaign pk.

    Two queries: the campaign is on the inspection and on the case itself (a case filed from an
    inspection inherits it), so neither needs a join and both are still read from the covering indexes.
    Keyed by pk: the caller lists the campaigns (with their hazards) and looks each one up here.
    """
    inspections = _grouped(
        _inspections(user, period, filters).filter(campaign__isnull=False), "campaign", _inspection_aggregates()
    )
    cases = _grouped(_cases(user, period, filters).filter(campaign__isnull=False), "campaign", _case_aggregates(period))
    return {pk: _build(inspections.get(pk), cases.get(pk)) for pk in sorted(set(inspections) | set(cases))}


@dataclass(frozen=True)
class CaseSourceFigures:
    """Cases by where they came from, and credit penalties (信用惩戒), for the summary's case sentence."""

    accident_cases: int  # filed in the period from an accident investigation
    non_accident_cases: int  # 非事故类行政处罚 (seed 001), filed in the period
    non_accident_fines_yuan: Decimal  # their fines, decided in the period
    credit_penalties: int  # decisions in the period with a credit penalty


def case_source_figures(*, user: Any, period: Period) -> CaseSourceFigures:
    """One query over the cases of the period (filed or decided in it)."""
    filed, decided = Q(filed_on__range=(period.start, period.end)), Q(decided_on__range=(period.start, period.end))
    accident = Q(source=Case.Source.ACCIDENT)
    row = _cases(user, period, None).aggregate(
        accident_cases=Count("pk", filter=filed & accident),
        non_accident_cases=Count("pk", filter=filed & ~accident),
        non_accident_fines_yuan=Coalesce(
            Sum("fine_yuan", filter=decided & ~accident), Value(Decimal("0")), output_field=AMOUNT
        ),
        credit_penalties=Count("pk", filter=decided & Q(credit_penalty=True)),
    )
    row["non_accident_fines_yuan"] = Decimal(row["non_accident_fines_yuan"] or 0).quantize(CENT)
    return CaseSourceFigures(**row)


def joint_action_totals(*, user: Any, period: Period) -> EnforcementFigures:
    """What every joint action of the period did together (seed 001: "共检查各类生产经营单位18962家次…").

    Two queries: the inspections held under a joint action and the cases filed from them.
    """
    inspections = _inspections(user, period, None).filter(joint_action__isnull=False)
    cases = _cases(user, period, None).filter(inspection__joint_action__isnull=False)
    return _build(inspections.aggregate(**_inspection_aggregates()), cases.aggregate(**_case_aggregates(period)))
