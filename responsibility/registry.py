"""The figures a ranking may read, by key: "hazards.major_found", "enforcement.cases", …

Indicators and deduction rules name a key; this registry says which by-township
selector answers it and how to read the value from that selector's row. Each
source is loaded once per ranking whatever the number of townships, so computing
a ranking takes a fixed number of queries. A new figure is one line in FIGURES;
a new source is one loader in SOURCES.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Sum
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from enforcement.selectors import enforcement_figures_by_township
from hazards.selectors import (
    hazard_doubtful_closures_by_township,
    hazard_figures_by_township,
    hazard_timeliness_by_township,
)
from org.models import OrgUnit, User
from org.periods import Period, rate
from org.selectors import township_list
from responsibility.models import Accident

Value = int | Decimal | None
Rows = dict[int, Any]  # township id → that source's figures for it


@dataclass(frozen=True)
class FigureDef:
    key: str
    label: str | Promise
    source: str
    read: Callable[[Any], Value]
    is_rate: bool = False


@dataclass(frozen=True)
class TownshipAccidents:
    count: int
    deaths: int


def _hazards(user: User, period: Period, today: dt.date) -> Rows:
    return {unit.pk: f for unit, f in hazard_figures_by_township(user=user, period=period, today=today)}


def _timeliness(user: User, period: Period, today: dt.date) -> Rows:
    return {unit.pk: f for unit, f in hazard_timeliness_by_township(user=user, period=period, today=today)}


def _doubtful_closures(user: User, period: Period, today: dt.date) -> Rows:
    return hazard_doubtful_closures_by_township(user=user, period=period)


def _enforcement(user: User, period: Period, today: dt.date) -> Rows:
    return {unit.pk: f for unit, f in enforcement_figures_by_township(user=user, period=period)}


def _accidents(user: User, period: Period, today: dt.date) -> Rows:
    """Accidents recorded at a village or a township both count for the township."""
    townships = {unit.path: unit.pk for unit in township_list(user=user)}
    counts: dict[int, list[int]] = {pk: [0, 0] for pk in townships.values()}
    rows = (
        Accident.objects.visible_to(user)
        .in_period(period)
        .values("org_unit__path")
        .annotate(count=Count("pk"), deaths=Sum("dead"))
        .order_by()
    )
    for row in rows:
        path = OrgUnit.township_path_of(row["org_unit__path"], townships)
        if path is not None:
            counts[townships[path]][0] += row["count"]
            counts[townships[path]][1] += row["deaths"] or 0
    return {pk: TownshipAccidents(*pair) for pk, pair in counts.items()}


SOURCES: dict[str, Callable[[User, Period, dt.date], Rows]] = {
    "hazards": _hazards,
    "timeliness": _timeliness,
    "closure_checks": _doubtful_closures,
    "enforcement": _enforcement,
    "accidents": _accidents,
}

FIGURES: dict[str, FigureDef] = {
    f.key: f
    for f in [
        FigureDef("hazards.found", _("Hazards found"), "hazards", lambda f: f.found),
        FigureDef("hazards.rectified", _("Hazards rectified"), "hazards", lambda f: f.rectified),
        FigureDef("hazards.rectification_rate", _("Rectification rate"), "hazards", lambda f: f.rate, True),
        FigureDef("hazards.major_found", _("Major hazards found"), "hazards", lambda f: f.major_found),
        FigureDef(
            "hazards.major_found_rate",
            _("Major-hazard discovery rate"),
            "hazards",
            lambda f: rate(f.major_found, f.found),
            True,
        ),
        FigureDef("hazards.listed", _("Major hazards under listed supervision"), "hazards", lambda f: f.listed),
        FigureDef("hazards.overdue", _("Overdue hazards"), "hazards", lambda f: f.overdue),
        FigureDef(
            "hazards.on_time_rate", _("On-time rectification rate"), "timeliness", lambda f: f.on_time_rate, True
        ),
        FigureDef("hazards.major_overdue", _("Overdue major hazards"), "timeliness", lambda f: f.major_overdue),
        # Closings the genuine-closure checks flagged (hazards.closure_checks): a scheme may deduct for them.
        FigureDef("hazards.doubtful_closures", _("Doubtful closures"), "closure_checks", lambda n: n),
        FigureDef("enforcement.inspections", _("Units inspected"), "enforcement", lambda f: f.inspections),
        FigureDef("enforcement.cases", _("Cases filed"), "enforcement", lambda f: f.cases),
        FigureDef("enforcement.suspensions", _("Suspensions ordered"), "enforcement", lambda f: f.suspensions),
        FigureDef(
            "enforcement.case_rate",
            _("Cases filed per inspection"),
            "enforcement",
            lambda f: rate(f.cases, f.inspections),
            True,
        ),
        FigureDef(
            "enforcement.suspension_rate",
            _("Suspensions per inspection"),
            "enforcement",
            lambda f: rate(f.suspensions, f.inspections),
            True,
        ),
        FigureDef("accidents.count", _("Accidents"), "accidents", lambda f: f.count),
        FigureDef("accidents.deaths", _("Accident deaths"), "accidents", lambda f: f.deaths),
    ]
}


def figure_choices() -> list[tuple[str, str]]:
    return [(key, f"{figure.label} ({key})") for key, figure in FIGURES.items()]


def load_figures(
    keys: Iterable[str], *, user: User, period: Period, today: dt.date
) -> tuple[list[OrgUnit], dict[int, dict[str, Value]]]:
    """The townships the user may rank, and each one's value of every key asked for.

    One call per source named by the keys, whatever the number of townships.
    """
    keys = sorted(set(keys))
    townships = list(township_list(user=user))
    loaded = {source: SOURCES[source](user, period, today) for source in sorted({FIGURES[k].source for k in keys})}
    values: dict[int, dict[str, Value]] = {}
    for unit in townships:
        values[unit.pk] = {}
        for key in keys:
            figure = FIGURES[key]
            row = loaded[figure.source].get(unit.pk)
            values[unit.pk][key] = figure.read(row) if row is not None else None
    return townships, values
