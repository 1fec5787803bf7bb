"""The dashboards' building blocks: what a dashboard covers, its cards, and the links behind every number.

Nothing in this package counts records of its own: every figure comes from the selector the
half-year summary uses (hazard_figures, enforcement_figures, accident_figures, flood_readiness …),
so the dashboard and the summary cannot disagree. What it adds is the links: every figure and
every bar carries the URL of the filtered list of the records it counts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from enforcement.selectors import EnforcementFigures
from floodprep.selectors import FloodFigures
from hazards.models import Hazard, Sector
from hazards.selectors import HazardFigures
from org.models import OrgUnit, User
from org.periods import Period, format_rate
from org.scoping import ScopeViewer
from reports.figures import change_phrase
from reports.registry import caption
from responsibility.selectors import AccidentFigures


@dataclass(frozen=True)
class DashboardScope:
    """What a dashboard covers: the viewer the selectors see through, and the filters."""

    viewer: Any  # the user, or a ScopeViewer standing for a district the user picked
    unit: OrgUnit | None  # the area the links restrict to; None for a user without a unit (superuser)
    period: Period
    today: dt.date
    sector: Sector | None = None

    @property
    def filters(self) -> dict[str, Any]:
        return {"sector": self.sector} if self.sector else {}


def dashboard_scope(
    *, user: User, period: Period, today: dt.date, district: OrgUnit | None = None, sector: Sector | None = None
) -> DashboardScope:
    """A district picked from the filter (already checked against the user's scope) narrows everything to it."""
    if district is not None:
        return DashboardScope(ScopeViewer(org_unit=district), district, period, today, sector)
    return DashboardScope(user, user.org_unit, period, today, sector)


@dataclass(frozen=True)
class Kpi:
    """One figure on a card, with the list of records it counts."""

    key: str  # the key of the same figure in reports.figures where it has one
    label: str
    value: Any
    display: str
    link: str = ""
    note: str = ""
    tone: str = ""  # "danger" or "warning" draws the eye


class Links:
    """URLs of the filtered record lists; reverse() runs once per list, not once per bar."""

    def __init__(self, scope: DashboardScope) -> None:
        self.scope = scope
        self._urls: dict[str, str] = {}

    def url(self, name: str, **params: Any) -> str:
        if name not in self._urls:
            self._urls[name] = reverse(name)
        query = urlencode({k: v for k, v in params.items() if v not in (None, "", False)})
        return f"{self._urls[name]}?{query}" if query else self._urls[name]

    def _area(self) -> dict[str, Any]:
        unit = self.scope.unit
        return {"unit": unit.pk} if unit is not None and unit.kind != OrgUnit.Kind.CITY else {}

    def _township(self) -> dict[str, Any]:
        unit = self.scope.unit
        return {"township": unit.pk} if unit is not None and unit.kind == OrgUnit.Kind.TOWNSHIP else {}

    def hazards(self, *, found: Period | None = None, **params: Any) -> str:
        """The ledger; ``params`` win over the dashboard's own filters (a sector bar names its sector)."""
        query: dict[str, Any] = {**self._area(), "sector": self.scope.sector.pk if self.scope.sector else None}
        if found is not None:
            query.update(found_from=found.start.isoformat(), found_to=found.end.isoformat())
        query.update(params)
        return self.url("hazards:list", **query)

    def hazards_found(self, **params: Any) -> str:
        return self.hazards(found=self.scope.period, **params)

    def hazards_rectified(self, **params: Any) -> str:
        return self.hazards_found(status=Hazard.Status.CLOSED, closed_to=self.scope.period.end.isoformat(), **params)

    def inspections(self, **params: Any) -> str:
        """The enforcement lists take a township, not a district: a district's link lists the user's whole area."""
        p = self.scope.period
        return self.url(
            "enforcement:inspection_list",
            **{**self._township(), **params},
            date_from=p.start.isoformat(),
            date_to=p.end.isoformat(),
            sector=self.scope.sector.pk if self.scope.sector else None,
        )

    def cases(self, *, decided: bool = False, **params: Any) -> str:
        p = self.scope.period
        dates = (
            {"decided_from": p.start.isoformat(), "decided_to": p.end.isoformat()}
            if decided
            else {"filed_from": p.start.isoformat(), "filed_to": p.end.isoformat()}
        )
        return self.url(
            "enforcement:case_list",
            **{**self._township(), **params},
            **dates,
            sector=self.scope.sector.pk if self.scope.sector else None,
        )

    def accidents(self) -> str:
        p = self.scope.period
        unit = self.scope.unit
        return self.url(
            "responsibility:accident_list",
            start=p.start.isoformat(),
            end=p.end.isoformat(),
            unit=unit.pk if unit is not None else None,
        )

    def flood(self, name: str, *, dated: bool = False, **params: Any) -> str:
        p = self.scope.period
        dates = {"start": p.start.isoformat(), "end": p.end.isoformat()} if dated else {}
        return self.url(f"floodprep:{name}", **{**self._area(), **params}, **dates)


# --- Cards -------------------------------------------------------------------------------------------------


def _label(key: str) -> str:
    """The figure's label and unit, as the summary's figures list and the annex's column header give them."""
    return caption(key)


def _count(key: str, value: int, link: str, **extra: Any) -> Kpi:
    return Kpi(key, _label(key), value, f"{value:,}", link, **extra)


def _rate(key: str, value: Decimal | None, link: str, **extra: Any) -> Kpi:
    return Kpi(key, _label(key), value, format_rate(value), link, **extra)


def hazard_kpis(f: HazardFigures, links: Links) -> list[Kpi]:
    return [
        _count("hazards_found", f.found, links.hazards_found()),
        _count("hazards_rectified", f.rectified, links.hazards_rectified()),
        _rate("hazards_rate", f.rate, links.hazards_rectified()),
        _count(
            "major_found",
            f.major_found,
            links.hazards_found(level="major"),
            note=_("%(n)s rectified") % {"n": f.major_rectified},
        ),
        _count("major_listed", f.listed, links.hazards(listed="on")),
        _count("hazards_overdue", f.overdue, links.hazards(overdue="on"), tone="danger" if f.overdue else ""),
    ]


def accident_kpis(a: AccidentFigures, links: Links) -> list[Kpi]:
    larger = _("%(n)s larger or above") % {"n": a.major_or_above}
    # Compared with last year only when last year has accident records, worded as the summary words it.
    before = a.previous if a.previous and a.previous.count else None
    count_change = change_phrase(a.count, before.count, unit="起") if before else ""
    deaths_change = change_phrase(a.deaths, before.deaths, unit="人", people=True) if before else ""
    return [
        _count(
            "accidents",
            a.count,
            links.accidents(),
            note=" · ".join(filter(None, [count_change, larger])),
            tone="danger" if a.major_or_above else "",
        ),
        _count("accident_deaths", a.deaths, links.accidents(), note=deaths_change),
    ]


def enforcement_kpis(e: EnforcementFigures, links: Links) -> list[Kpi]:
    return [
        _count("inspections", e.inspections, links.inspections(), note=_("%(n)s units") % {"n": e.units_inspected}),
        _count("cases", e.cases, links.cases(), note=_("%(n)s suspensions") % {"n": e.suspensions}),
        # In 万元 as the summary's figure is: 265800 元 → Decimal("26.58").
        Kpi(
            "fines_wan",
            _label("fines_wan"),
            Decimal(e.fines_wan),
            e.fines_wan,
            links.cases(decided=True, measure="fine"),
        ),
    ]


def flood_kpis(f: FloodFigures, links: Links) -> list[Kpi]:
    return [
        _rate(
            "flood_checkin_rate",
            f.checkin_rate,
            links.flood("persons", dated=True, checked_in="no"),
            note=_("%(a)s of %(b)s persons") % {"a": f.checked_in, "b": f.responsible_persons},
        ),
        _count(
            "risk_points",
            f.risk_points,
            links.flood("risk_points", dated=True),
            note=_("%(n)s inspected") % {"n": f.risk_points_inspected},
        ),
        _rate(
            "shelter_rate",
            f.shelter_rate,
            links.flood("shelters"),
            note=_("%(a)s of %(b)s") % {"a": f.shelters_standard, "b": f.shelters},
        ),
        _count(
            "supply_shortfalls",
            f.supply_shortfalls,
            links.flood("shortfalls"),
            tone="warning" if f.supply_shortfalls else "",
        ),
    ]
