"""Every figure a summary uses, read from the domain apps' selectors.

The dashboard and the Excel annex call the same selectors, and every figure's label,
unit and format come from ``reports.registry``, so the three can never disagree. Each
figure carries a link to the filtered records it counts.

"No records" is not zero: a figure whose module has no records for the scope and period
has the value None, so its sentence is left out (``reports.wording``) and the module is
listed to the clerk; a year-on-year change is only worded when the comparison period has
records. Zeros a summary states as an achievement get their own phrases
(“未发生较大及以上生产安全事故”, “未排查出重大隐患”, “未造成人员伤亡”).

The package: ``base`` (scope, formatting, links), ``domains`` (one provider per domain), ``items``
(campaign and sector sentences), ``returns`` (bureau-defined indicators
reported by departments and townships); this module puts them together.
"""

from __future__ import annotations

from collections.abc import Callable

from reports.figures.base import (
    ReportScope,
    _ledger,
    _list,
    change_phrase,
    checks_phrase,
    display,
    figure,
    scope_level,
    wan,
)
from reports.figures.domains import (
    accident_figures,
    accidents_comparable,
    complaint_figures,
    enforcement_figures,
    flood_figures,
    hazard_figures,
    incident_figures,
    investment_figures,
    publicity_figures,
    responsibility_figures,
)
from reports.figures.items import (
    Item,
    campaign_items,
    chosen,
    item_sentences,
    returns_said,
    says_sources,
    sector_items,
)
from reports.figures.returns import indicator_sentences_figure, kept_apart_figure, return_figures
from reports.registry import MODULES
from reports.wording import Figure

# The domains a report draws on, in the order of the summary's sections.
PROVIDERS: list[Callable[[ReportScope], list[Figure]]] = [
    accident_figures,
    responsibility_figures,
    hazard_figures,
    enforcement_figures,
    flood_figures,
    publicity_figures,
    complaint_figures,
    incident_figures,
    investment_figures,
    return_figures,
]


def report_figures(
    scope: ReportScope,
    *,
    item_templates: dict[str, str] | None = None,
    items: tuple[list[Item], list[Item]] | None = None,
) -> dict[str, Figure]:
    """Every registered figure of the scope and period, keyed by its placeholder name.

    ``item_templates``: the wording of one campaign's and one sector's sentence; with them the
    ``campaigns`` and ``sectors`` figures hold those sentences for the chosen items. ``items``: the
    campaign and sector items, when the caller has read them already (the report page lists them).
    """
    end = scope.period.end
    figures: dict[str, Figure] = {
        "scope": figure("scope", scope.unit.name),
        "as_of": figure("as_of", f"{end.month}月{end.day}日"),
        "period_name": figure("period_name", scope.period_name or None),
        "next_period_name": figure("next_period_name", scope.next_period_name or None),
    }
    for provider in PROVIDERS:
        for f in provider(scope):
            figures[f.key] = f
    templates = item_templates or {}
    all_campaigns, all_sectors = items if items is not None else (campaign_items(scope), sector_items(scope))
    campaigns = chosen(all_campaigns, scope.campaigns)
    sectors = chosen(all_sectors, scope.sectors)
    figures["campaigns"] = figure("campaigns", item_sentences(campaigns, templates.get("campaign", "")))
    figures["sectors"] = figure("sectors", item_sentences(sectors, templates.get("sector", "")))
    # A department's value said in its sector's sentence is not said again among the departments' figures.
    said = returns_said(sectors, templates.get("sector", ""))
    if said:
        figures["indicator_sentences"] = indicator_sentences_figure(scope, said_elsewhere=said)
    figures["sector_returns_kept_apart"] = kept_apart_figure(
        sectors, sources_said=says_sources(templates.get("sector", ""))
    )
    # "开展…3项专项整治，同步推进8大重点领域专项整治" (seed 000): the campaigns and sectors said below.
    # Counted only beside two or more: "开展专项整治行动1项" before the one campaign's sentence says nothing.
    figures["campaign_count"] = figure("campaign_count", len(campaigns), present=len(campaigns) > 1)
    figures["sector_count"] = figure("sector_count", len(sectors), present=len(sectors) > 1)
    return figures


def modules_without_records(figures: dict[str, Figure]) -> list[str]:
    """The names of the modules none of whose figures has a value: "本期无记录：防汛责任人、执法检查"."""
    present: dict[str, bool] = {}
    for f in figures.values():
        if f.module and f.module != "report":
            present[f.module] = present.get(f.module, False) or f.value is not None
    return [MODULES[key].name for key, has in present.items() if not has]


__all__ = [
    "PROVIDERS",
    "Item",
    "ReportScope",
    "_ledger",
    "_list",
    "accident_figures",
    "accidents_comparable",
    "campaign_items",
    "change_phrase",
    "checks_phrase",
    "chosen",
    "complaint_figures",
    "display",
    "enforcement_figures",
    "figure",
    "flood_figures",
    "hazard_figures",
    "incident_figures",
    "investment_figures",
    "item_sentences",
    "modules_without_records",
    "publicity_figures",
    "report_figures",
    "responsibility_figures",
    "return_figures",
    "scope_level",
    "sector_items",
    "wan",
]
