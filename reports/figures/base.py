"""The building blocks of every figure: the scope, formatting through the registry, wording of changes, links."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from org.models import OrgUnit
from org.periods import Period, format_rate, yuan_to_wan
from org.scoping import ScopeViewer
from reports.registry import FIGURES, RATE, WAN, FigureSpec
from reports.wording import Figure


@dataclass(frozen=True)
class ReportScope:
    unit: OrgUnit
    period: Period  # start .. the last day counted (the period's end, or the as-of date before it)
    as_of: dt.date
    # The campaigns and sectors that get a sentence, in order (pks); None: every one with records.
    campaigns: tuple[int, ...] | None = None
    sectors: tuple[int, ...] | None = None
    period_name: str = ""
    next_period_name: str = ""

    @property
    def viewer(self) -> ScopeViewer:
        return ScopeViewer(org_unit=self.unit)


# --- Wording of changes and amounts ------------------------------------------------------------------------

# People and small counts are compared in units ("死亡人数下降1人"), as the seeds do; from this size on a
# rate reads better ("下降60.4%").
SMALL = 20


def _plain(value: Decimal | int) -> str:
    return f"{Decimal(value).normalize():f}"


def change_phrase(current: int, previous: int, *, unit: str, people: bool = False, prefix: str = "同比") -> str:
    """ "同比下降40%" for accident counts, "下降1人" / "增加2人" / "持平" for small numbers of people.

    A count from or to nothing is worded as a difference: a rate of −100% or from zero says nothing.
    """
    if current == previous:
        return f"{prefix}持平"
    difference = abs(current - previous)
    if previous == 0 or current == 0 or (people and max(current, previous) < SMALL):
        return f"{prefix}{'增加' if current > previous else '下降'}{difference}{unit}"
    change = (Decimal(difference) * 100 / Decimal(previous)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{prefix}{'上升' if current > previous else '下降'}{format_rate(change)}"


def checks_phrase(units: int, visits: int) -> str | None:
    """ "检查单位3家次", or "检查单位257家、300家次" when some units were visited more than once (seeds 001, 004
    count 家, the domain's sector sentence 家次; both are said when they differ)."""
    if not visits:
        return None
    return f"检查单位{visits}家次" if units in (0, visits) else f"检查单位{units}家、{visits}家次"


def scope_level(unit: OrgUnit) -> str:
    """ "市级", "区级", "县级" from the unit's name (临江市, 西湖区, 青山县); "本级" for anything else."""
    return f"{unit.name[-1]}级" if unit.name[-1:] in ("市", "区", "县") else "本级"


def display(spec: FigureSpec, value: Any) -> str:
    if value is None:
        return ""
    if spec.fmt == RATE:
        return format_rate(value)
    if spec.fmt == WAN:
        return yuan_to_wan(Decimal(value) * 10000) if isinstance(value, Decimal) else str(value)
    return str(value)


def figure(
    key: str, value: Any, link: str = "", *, present: bool = True, specs: dict[str, FigureSpec] = FIGURES
) -> Figure:
    """A registered figure; without records in its module its value is None (never a printed 0)."""
    spec = specs[key]
    if not present:
        value = None
    return Figure(key, spec.caption, value, display(spec, value), link, module=spec.module)


def wan(amount_yuan: Decimal | int) -> Decimal:
    """An amount in 万元 as its figure holds it: 265800 元 → Decimal("26.58")."""
    return Decimal(yuan_to_wan(amount_yuan))


# --- Links -------------------------------------------------------------------------------------------------


def _ledger(scope: ReportScope, **extra: str) -> str:
    query = {
        "unit": scope.unit.pk,
        "found_from": scope.period.start.isoformat(),
        "found_to": scope.period.end.isoformat(),
        **extra,
    }
    return f"{reverse('hazards:list')}?{urlencode(query)}"


def _list(
    name: str, scope: ReportScope, *, start: str = "start", end: str = "end", unit: str | None = "unit", **extra: str
) -> str:
    """A domain list filtered to the report's period (and area, where the list takes one)."""
    query = {start: scope.period.start.isoformat(), end: scope.period.end.isoformat(), **extra}
    if unit:
        query[unit] = str(scope.unit.pk)
    return f"{reverse(name)}?{urlencode(query)}"
