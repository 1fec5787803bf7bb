"""The city (or district) dashboard for leaders."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

from enforcement import selectors as enforcement_selectors
from enforcement.selectors import EnforcementFigures
from floodprep import selectors as flood_selectors
from floodprep.selectors import FloodFigures
from hazards import selectors as hazard_selectors
from hazards.selectors import HazardFigures
from org.models import OrgUnit
from reports.dashboard.base import (
    DashboardScope,
    Kpi,
    Links,
    accident_kpis,
    enforcement_kpis,
    flood_kpis,
    hazard_kpis,
)
from reports.dashboard.charts import (
    latest_ranking,
    month_chart,
    ranking_chart,
    sector_chart,
    status_by_township,
    township_chart,
)
from responsibility import selectors as responsibility_selectors
from responsibility.models import Ranking
from responsibility.selectors import AccidentFigures

# Above this many townships the table keeps the ones that lag most; the chart scrolls.
TABLE_LIMIT = 60
TABLE_KEEP = 30


@dataclass(frozen=True)
class TownshipRow:
    unit: OrgUnit
    hazards: HazardFigures
    enforcement: EnforcementFigures  # the card figures only (enforcement.selectors.CARD_KEYS)
    flood: FloodFigures  # the card figures only (floodprep.selectors.CARD_KINDS); the rest are not counted
    links: dict[str, str]  # every number in the row opens its records


def _row_links(links: Links, unit: OrgUnit) -> dict[str, str]:
    return {
        "found": links.hazards_found(township=unit.pk),
        "rectified": links.hazards_rectified(township=unit.pk),
        "major": links.hazards_found(township=unit.pk, level="major"),
        "overdue": links.hazards(township=unit.pk, overdue="on"),
        "inspections": links.inspections(township=unit.pk),
        "cases": links.cases(township=unit.pk),
        "checkin": links.flood("persons", dated=True, unit=unit.pk, checked_in="no"),
    }


@dataclass(frozen=True)
class CityDashboard:
    scope: DashboardScope
    hazards: HazardFigures
    accidents: AccidentFigures
    enforcement: EnforcementFigures  # the card figures only (enforcement.selectors.CARD_KEYS)
    flood: FloodFigures  # the card figures only (floodprep.selectors.CARD_KINDS); the rest are not counted
    cards: dict[str, list[Kpi]]  # hazards, accidents, enforcement, flood
    townships: list[TownshipRow]
    township_count: int
    ranking: Ranking | None
    charts: dict[str, Any]

    @property
    def table_truncated(self) -> bool:
        return len(self.townships) < self.township_count


def _lagging_first(rows: list[TownshipRow]) -> list[TownshipRow]:
    """The townships that lag most: overdue first, then the lowest rectification rate."""

    def key(row: TownshipRow) -> tuple[int, float, str]:
        rate = row.hazards.rate
        return (-row.hazards.overdue, float(rate) if rate is not None else 101.0, row.unit.path)

    return sorted(rows, key=key)[:TABLE_KEEP]


def township_rows(
    links: Links,
    hazards: list[tuple[OrgUnit, HazardFigures]],
    enforcement_rows: list[tuple[OrgUnit, EnforcementFigures]],
    flood: list[tuple[OrgUnit, FloodFigures]],
) -> list[TownshipRow]:
    """The table's rows in tree order; above TABLE_LIMIT townships, only those that lag most."""
    enforcement = {unit.pk: figures for unit, figures in enforcement_rows}
    flood_by_pk = {unit.pk: figures for unit, figures in flood}
    empty_flood = FloodFigures.from_counts(Counter())
    rows = [
        TownshipRow(
            unit,
            figures,
            enforcement.get(unit.pk, EnforcementFigures.zero()),
            flood_by_pk.get(unit.pk, empty_flood),
            {},
        )
        for unit, figures in hazards
    ]
    shown = sorted(rows if len(rows) <= TABLE_LIMIT else _lagging_first(rows), key=lambda row: row.unit.path)
    # Links only for the rows shown: a province has 2,000 townships.
    return [replace(row, links=_row_links(links, row.unit)) for row in shown]


def city_dashboard(*, scope: DashboardScope) -> CityDashboard:
    """Everything the city (or district) dashboard shows, in a fixed number of queries."""
    links = Links(scope)
    viewer, period, today = scope.viewer, scope.period, scope.today
    hazards, by_township = hazard_selectors.hazard_figures_with_townships(
        user=viewer, period=period, filters=scope.filters, today=today
    )
    accidents = responsibility_selectors.accident_figures(user=viewer, period=period)
    # The three selectors' township lists are the same units: read once (200 of them for a city).
    townships = [unit for unit, _f in by_township]
    enforcement, enforcement_rows = enforcement_selectors.enforcement_figures_with_townships(
        user=viewer, period=period, filters=scope.filters, townships=townships, only=enforcement_selectors.CARD_KEYS
    )
    flood, flood_rows = flood_selectors.flood_readiness(
        user=viewer, period=period, townships=townships, only=flood_selectors.CARD_KINDS
    )
    rows = township_rows(links, by_township, enforcement_rows, flood_rows)
    ranking, entries = latest_ranking(scope)
    charts = {
        "townships": township_chart(townships, status_by_township(by_township, links)),
        "sectors": sector_chart(scope, links),
        "months": month_chart(scope, links),
        "ranking": ranking_chart(ranking, entries, links),
    }
    return CityDashboard(
        scope=scope,
        hazards=hazards,
        accidents=accidents,
        enforcement=enforcement,
        flood=flood,
        cards={
            "hazards": hazard_kpis(hazards, links),
            "accidents": accident_kpis(accidents, links),
            "enforcement": enforcement_kpis(enforcement, links),
            "flood": flood_kpis(flood, links),
        },
        townships=rows,
        township_count=len(by_township),
        ranking=ranking,
        charts=charts,
    )
