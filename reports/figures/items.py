"""Campaigns and sectors: one sentence each, for the items the clerk chose (every one with records by default)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from enforcement.selectors import figures as enforcement_selectors
from enforcement.selectors.figures import EnforcementFigures
from hazards import selectors as hazard_selectors
from hazards.models import Campaign, Sector
from hazards.selectors import HazardFigures
from reports.figures.base import ReportScope, _ledger, checks_phrase, figure, wan
from reports.figures.returns import SOURCE, merge_sector_returns
from reports.registry import COUNT, ITEM_FIGURES
from reports.wording import Figure, render_wording
from responsibility.selectors import returns as return_selectors
from responsibility.selectors.returns import SectorValue

# --- Campaigns and sectors: one sentence each --------------------------------------------------------------


@dataclass
class Item:
    """One campaign or sector that can get a sentence of its own."""

    kind: str  # "campaign" or "sector"
    pk: int
    name: str
    figures: dict[str, Figure] = field(default_factory=dict)
    found: int = 0
    # Worded unless the clerk chooses otherwise: "其他" is not a sector a summary names.
    default: bool = True
    # A sector's sentence with departments' accepted returns in it (reports.figures.returns): the figures
    # without them, for a wording that cannot say their source, and the return values said.
    own_figures: dict[str, Figure] | None = None
    returned: frozenset[tuple[str, int]] = frozenset()
    kept_apart: tuple[str, ...] = ()  # slots both gave: the bureau's used, the return's said apart


def _quoted(name: str) -> str:
    # "安全生产大检查“百日攻坚”" is quoted inside already: "开展安全生产大检查“百日攻坚”", not "“…“百日攻坚””".
    return name if any(mark in name for mark in '“"《「') else f"“{name}”"


def _item_figures(kind: str, values: dict[str, Any], link: str) -> dict[str, Figure]:
    specs = ITEM_FIGURES[kind]
    return {
        key: figure(key, value, link if specs[key].fmt == COUNT else "", specs=specs) for key, value in values.items()
    }


def _major_phrase(h: HazardFigures) -> str | None:
    if not h.found:
        return None
    if not h.major_found:
        return "未排查出重大隐患"
    return f"其中重大事故隐患{h.major_found}处" + (f"、已整改{h.major_rectified}处" if h.major_rectified else "")


def _enforcement_values(e: EnforcementFigures | None) -> dict[str, Any]:
    e = e or EnforcementFigures.zero()
    return {
        "inspections": e.inspections,
        "checks_phrase": checks_phrase(e.units_inspected, e.inspections),
        "orders": e.orders,
        "cases": e.cases,
        "suspensions": e.suspensions,
        "closures": e.closures,
        "three_stops": e.three_stops,
        "detained_people": e.detained_people,
        "seals": e.seals,
        "units_inspected": e.units_inspected,
        "fines_wan": wan(e.fines_yuan),
    }


def campaign_items(scope: ReportScope) -> list[Item]:
    """Campaigns active in the period with hazards or enforcement in scope, most hazards first."""
    hazards = hazard_selectors.hazard_figures_by_campaign(user=scope.viewer, period=scope.period)
    enforcement = enforcement_selectors.enforcement_figures_by_campaign(user=scope.viewer, period=scope.period)
    campaigns = Campaign.objects.filter(
        Q(pk__in=set(hazards) | set(enforcement)),
        start__lte=scope.period.end,
        end__gte=scope.period.start,
    ).only("pk", "name")
    items = []
    for campaign in campaigns:
        h = hazards.get(campaign.pk) or HazardFigures(0, 0, 0, 0, 0, 0, 0)
        found = h.found or None  # a campaign of enforcement alone states no hazard figures
        values = {
            "name": _quoted(campaign.name),
            "found": found,
            "rectified": found and h.rectified,
            "rate": h.rate,
            "major_found": found and h.major_found,
            "major_rectified": found and h.major_rectified,
            "major_phrase": _major_phrase(h),
            **{
                k: v
                for k, v in _enforcement_values(enforcement.get(campaign.pk)).items()
                if k in ITEM_FIGURES["campaign"]
            },
        }
        link = _ledger(scope, campaign=str(campaign.pk))
        items.append(Item("campaign", campaign.pk, campaign.name, _item_figures("campaign", values, link), h.found))
    return sorted(items, key=lambda i: (-i.found, i.pk))


# The hazards a sector's sentence names: "发现火灾隐患1116处" (seed 000) for fire safety.
HAZARD_NOUNS = {"fire": "火灾隐患"}


def sector_items(scope: ReportScope) -> list[Item]:
    """Sectors with hazards, enforcement or departments' accepted returns in the period, in the sector list's
    order. Returns fill the slots the bureau's own records leave empty (reports.figures.returns)."""
    hazards = hazard_selectors.hazard_figures_by_sector_pk(user=scope.viewer, period=scope.period, today=scope.as_of)
    enforcement = dict(enforcement_selectors.enforcement_figures_by_sector(user=scope.viewer, period=scope.period))
    returned: dict[int, list[SectorValue]] = {}
    for v in return_selectors.sector_values(user=scope.viewer, period=scope.period):
        returned.setdefault(v.sector_id, []).append(v)
    sectors = Sector.objects.filter(
        Q(pk__in=list(hazards)) | Q(name__in=list(enforcement)) | Q(pk__in=list(returned))
    ).order_by("sort_order", "name")
    items = []
    for sector in sectors:
        h = hazards.get(sector.pk)
        values = {
            "name": sector.name,
            "hazard_noun": HAZARD_NOUNS.get(sector.code, "隐患"),
            "found": h.found if h else None,
            "rectified": h.rectified if h else None,
            "rate": h.rate if h else None,
            "major_found": h.major_found if h else None,
            **_enforcement_values(enforcement.get(sector.name)),
            SOURCE: None,
        }
        link = _ledger(scope, sector=str(sector.pk))
        own = _item_figures("sector", values, link)
        item = Item("sector", sector.pk, sector.name, own, h.found if h else 0, default=sector.code != "other")
        if sector.pk in returned:
            merged = merge_sector_returns(values, returned[sector.pk])
            item.figures = _item_figures("sector", {**merged.values, SOURCE: merged.source_phrase}, link)
            item.own_figures, item.returned, item.kept_apart = own, merged.said, merged.kept_apart
        items.append(item)
    return items


def chosen(items: list[Item], choice: tuple[int, ...] | None) -> list[Item]:
    """The clerk's campaigns or sectors in her order; without a choice, every one with records (but 其他)."""
    if choice is None:
        return [i for i in items if i.default]
    by_pk = {i.pk: i for i in items}
    return [by_pk[pk] for pk in choice if pk in by_pk]


def says_sources(template: str) -> bool:
    """Whether a sector's wording can say where a department's figure comes from (its "{source_phrase}")."""
    return "{" + SOURCE + "}" in template


def item_sentences(items: Iterable[Item], template: str) -> str | None:
    sources = says_sources(template)
    text = "".join(
        render_wording(template, item.figures if sources or item.own_figures is None else item.own_figures)
        for item in items
    )
    return text or None


def returns_said(items: Iterable[Item], template: str) -> set[tuple[str, int]]:
    """The return values the items' sentences say (none when the wording cannot say their source)."""
    if not says_sources(template):
        return set()
    return {key for item in items for key in item.returned}
