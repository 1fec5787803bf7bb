"""Every figure a summary uses, read from the domain apps' selectors.

The dashboard and the Excel annex call the same selectors, so the three can
never disagree. Each figure carries a link to the filtered records it counts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse

from hazards import selectors as hazard_selectors
from hazards.models import Campaign
from org.models import OrgUnit
from org.periods import Period, format_rate
from org.scoping import ScopeViewer
from reports.wording import Figure


@dataclass(frozen=True)
class ReportScope:
    unit: OrgUnit
    period: Period  # start .. as-of date
    as_of: dt.date

    @property
    def viewer(self) -> ScopeViewer:
        return ScopeViewer(org_unit=self.unit)


def _count(key: str, label: str, value: int | None, link: str = "") -> Figure:
    return Figure(key, label, value, "" if value is None else str(value), link)


def _rate(key: str, label: str, value: Any, link: str = "") -> Figure:
    return Figure(key, label, value, format_rate(value), link)


def _text(key: str, label: str, value: str | None, link: str = "") -> Figure:
    return Figure(key, label, value or None, value or "", link)


def _ledger(scope: ReportScope, **extra: str) -> str:
    query = {"unit": scope.unit.pk, "found_from": scope.period.start.isoformat(),
             "found_to": scope.period.end.isoformat(), **extra}
    return f"{reverse('hazards:list')}?{urlencode(query)}"


def hazard_figures(scope: ReportScope) -> list[Figure]:
    f = hazard_selectors.hazard_figures(user=scope.viewer, period=scope.period, today=scope.as_of)
    closed = {"status": "closed", "closed_to": scope.period.end.isoformat()}
    ledger = reverse("hazards:list")
    figures = [
        _count("hazards_found", "排查隐患（处）", f.found, _ledger(scope)),
        _count("hazards_rectified", "整改完成（处）", f.rectified, _ledger(scope, **closed)),
        _rate("hazards_rate", "整改完成率", f.rate),
        _count("major_found", "重大事故隐患（处）", f.major_found, _ledger(scope, level="major")),
        _count("major_rectified", "重大隐患整改（处）", f.major_rectified,
               _ledger(scope, level="major", **closed)),
        _count("major_listed", "挂牌督办（处）", f.listed, f"{ledger}?unit={scope.unit.pk}&listed=on"),
        _count("hazards_overdue", "超期未整改（处）", f.overdue, f"{ledger}?unit={scope.unit.pk}&overdue=on"),
    ]
    campaign = _main_campaign(scope)
    if campaign is not None:
        name, found, rectified, pk = campaign
        figures += [
            _text("campaign_name", "专项行动", f"“{name}”"),
            _count("campaign_found", "专项行动排查隐患（处）", found, _ledger(scope, campaign=str(pk))),
            _count("campaign_rectified", "专项行动整改（处）", rectified, _ledger(scope, campaign=str(pk), **closed)),
        ]
    return figures


def _main_campaign(scope: ReportScope) -> tuple[str, int, int, int] | None:
    """The campaign with the most hazards found in the period, if any."""
    found = Q(hazards__found_on__range=(scope.period.start, scope.period.end),
              hazards__org_unit__path__startswith=scope.unit.path)
    row = (
        Campaign.objects.filter(start__lte=scope.period.end, end__gte=scope.period.start)
        .annotate(found=Count("hazards", filter=found),
                  rectified=Count("hazards", filter=found & Q(hazards__status="closed",
                                                              hazards__closed_on__lte=scope.period.end)))
        .filter(found__gt=0)
        .order_by("-found", "pk")
        .values_list("name", "found", "rectified", "pk")
        .first()
    )
    return row


# The domains a report draws on, in the order of the summary's sections.
PROVIDERS: list[Callable[[ReportScope], list[Figure]]] = [hazard_figures]


def report_figures(scope: ReportScope) -> dict[str, Figure]:
    figures: dict[str, Figure] = {
        "scope": _text("scope", "范围", scope.unit.name),
        "as_of": _text("as_of", "截至", f"{scope.as_of.month}月{scope.as_of.day}日"),
    }
    for provider in PROVIDERS:
        for figure in provider(scope):
            figures[figure.key] = figure
    return figures
