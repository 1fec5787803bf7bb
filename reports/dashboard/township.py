"""The township's own dashboard, and the one-page file of a township for leaders (一镇一档).

Both read the same selectors as the city dashboard and the half-year summary; the
file adds the records behind the figures (overdue hazards, accidents, drills) and
the township's place in every published ranking.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from enforcement import selectors as enforcement_selectors
from enforcement.selectors import EnforcementFigures
from floodprep import selectors as flood_selectors
from floodprep.selectors import FloodFigures
from hazards import selectors as hazard_selectors
from hazards.models import Hazard, Sector
from hazards.selectors import HazardFigures
from org.models import OrgUnit, User
from org.periods import Period
from org.scoping import ScopeViewer
from reports.dashboard.base import (
    DashboardScope,
    Kpi,
    Links,
    accident_kpis,
    enforcement_kpis,
    flood_kpis,
    hazard_kpis,
)
from reports.dashboard.charts import month_chart
from responsibility import selectors as responsibility_selectors
from responsibility.models import Accident, PublicityEvent, RankingEntry
from responsibility.selectors import AccidentFigures

OVERDUE_SHOWN = 20
HISTORY_SHOWN = 12
RECORDS_SHOWN = 20


def _overdue(scope: DashboardScope) -> list[Hazard]:
    # The ledger's "overdue" rows, oldest deadline first: the list and its "all" link agree.
    return list(hazard_selectors.hazard_overdue_list(user=scope.viewer, today=scope.today)[:OVERDUE_SHOWN])


def _history(scope: DashboardScope, township: OrgUnit | None) -> list[RankingEntry]:
    if township is None:
        return []
    # Places, scores and colours: each entry's breakdown (JSON) is for the ranking's own page.
    history = responsibility_selectors.township_history(user=scope.viewer, township=township).defer("breakdown")
    return list(history[:HISTORY_SHOWN])


@dataclass(frozen=True)
class TownshipDashboard:
    scope: DashboardScope
    township: OrgUnit | None
    figures: HazardFigures
    cards: dict[str, list[Kpi]]
    overdue: list[Hazard]
    overdue_link: str
    history: list[RankingEntry]  # newest first
    history_link: str
    charts: dict[str, Any]

    @property
    def latest(self) -> RankingEntry | None:
        return self.history[0] if self.history else None


def township_dashboard(*, user: User, period: Period, today: dt.date) -> TownshipDashboard:
    """What township staff see: their own area's figures, what is overdue, and their place in the ranking."""
    scope = DashboardScope(user, user.org_unit, period, today)
    links = Links(scope)
    township = user.org_unit.township if user.org_unit is not None else None
    figures = hazard_selectors.hazard_figures(user=user, period=period, today=today)
    enforcement = enforcement_selectors.enforcement_figures(
        user=user, period=period, only=enforcement_selectors.CARD_KEYS
    )
    accidents = responsibility_selectors.accident_figures(user=user, period=period)
    flood = flood_selectors.flood_figures(user=user, period=period, only=flood_selectors.CARD_KINDS)
    return TownshipDashboard(
        scope=scope,
        township=township,
        figures=figures,
        cards={
            "hazards": hazard_kpis(figures, links),
            "enforcement": enforcement_kpis(enforcement, links),
            "accidents": accident_kpis(accidents, links),
            "flood": flood_kpis(flood, links),
        },
        overdue=_overdue(scope),
        overdue_link=links.hazards(overdue="on", o="deadline"),
        history=_history(scope, township),
        history_link=_history_url(township),
        charts={"months": month_chart(scope, links)},
    )


def _history_url(township: OrgUnit | None) -> str:
    return reverse("responsibility:township_history", args=[township.pk]) if township is not None else ""


# --- 一镇一档 --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordLine:
    """One drill or training in the file, whichever app recorded it."""

    date: dt.date
    title: str
    kind: str
    participants: int
    source: str


@dataclass(frozen=True)
class TownshipDossier:
    scope: DashboardScope
    township: OrgUnit
    figures: HazardFigures
    cards: dict[str, list[Kpi]]
    by_sector: list[tuple[str, HazardFigures, str]]
    overdue: list[Hazard]
    overdue_link: str
    enforcement: EnforcementFigures
    accidents: AccidentFigures
    accident_records: list[Accident]
    flood: FloodFigures
    drills: list[RecordLine]
    drills_link: str
    history: list[RankingEntry]
    history_link: str


def _drills(scope: DashboardScope) -> list[RecordLine]:
    """Flood drills and training (floodprep) with the drills and training of the publicity records."""
    p = scope.period
    flood = flood_selectors.drill_filter(
        user=scope.viewer, data={"start": p.start.isoformat(), "end": p.end.isoformat()}
    ).qs[:RECORDS_SHOWN]
    kinds = (PublicityEvent.Kind.DRILL, PublicityEvent.Kind.TRAINING)
    events = responsibility_selectors.publicity_event_list(user=scope.viewer, period=p).filter(kind__in=kinds)
    lines = [
        RecordLine(d.held_on, d.title, d.get_kind_display(), d.participants, _("Flood preparedness")) for d in flood
    ]
    lines += [
        RecordLine(e.held_on, e.title, e.get_kind_display(), e.participants, _("Publicity and training"))
        for e in events[:RECORDS_SHOWN]
    ]
    return sorted(lines, key=lambda line: line.date, reverse=True)


def township_dossier(*, township: OrgUnit, period: Period, today: dt.date) -> TownshipDossier:
    """The township's file. ``township`` must already be checked against the reader's scope."""
    scope = DashboardScope(ScopeViewer(org_unit=township), township, period, today)
    viewer = scope.viewer
    links = Links(scope)
    figures = hazard_selectors.hazard_figures(user=viewer, period=period, today=today)
    sectors = hazard_selectors.hazard_figures_by_sector(user=viewer, period=period, today=today)
    sector_ids = dict(Sector.objects.filter(name__in=[name for name, _f in sectors]).values_list("name", "pk"))
    enforcement = enforcement_selectors.enforcement_figures(user=viewer, period=period)
    accidents = responsibility_selectors.accident_figures(user=viewer, period=period)
    flood = flood_selectors.flood_figures(user=viewer, period=period)
    return TownshipDossier(
        scope=scope,
        township=township,
        figures=figures,
        cards={
            "hazards": hazard_kpis(figures, links),
            "enforcement": enforcement_kpis(enforcement, links),
            "accidents": accident_kpis(accidents, links),
            "flood": flood_kpis(flood, links),
        },
        by_sector=[(name, f, links.hazards_found(sector=sector_ids.get(name))) for name, f in sectors],
        overdue=_overdue(scope),
        overdue_link=links.hazards(overdue="on", o="deadline"),
        enforcement=enforcement,
        accidents=accidents,
        accident_records=list(responsibility_selectors.accident_list(user=viewer, period=period)[:RECORDS_SHOWN]),
        flood=flood,
        drills=_drills(scope),
        drills_link=links.flood("drills", dated=True),
        history=_history(scope, township),
        history_link=_history_url(township),
    )
