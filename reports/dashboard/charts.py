"""The charts' data, as JSON for static/js/dashboard.js: every bar carries the link to its records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from hazards import selectors as hazard_selectors
from hazards.models import Hazard, Sector
from hazards.selectors import HazardFigures
from org.models import OrgUnit
from org.periods import Period
from reports.dashboard.base import DashboardScope, Links
from responsibility import selectors as responsibility_selectors
from responsibility.models import Ranking

# The ranking colours as the responsibility pages draw them (static/css/responsibility.css).
BAND_HEX = {"blue": "#0d6efd", "green": "#198754", "yellow": "#ffc107", "orange": "#fd7e14", "red": "#dc3545"}
STATUS_HEX = {
    Hazard.Status.REPORTED: "#adb5bd",
    Hazard.Status.ASSIGNED: "#6ea8fe",
    Hazard.Status.RECTIFYING: "#fd7e14",
    Hazard.Status.AWAITING_REVIEW: "#6f42c1",
    Hazard.Status.CLOSED: "#198754",
}


def status_by_township(rows: list[tuple[OrgUnit, HazardFigures]], links: Links) -> dict[str, Any]:
    """Hazards found in the period per township, stacked by their state now.

    The same hazards as the ledger filtered by "found from … to …" (and the sector) lists, so a bar
    segment and the ledger page it opens show the same number (tests/reports/test_dashboard.py).
    """
    counts = {unit.pk: {status: n for status, n in f.by_status if n} for unit, f in rows}
    return {"counts": counts, "link": links.hazards_found()}


def township_chart(units: list[OrgUnit], stacked: dict[str, Any]) -> dict[str, Any]:
    counts = stacked["counts"]
    ordered = sorted(units, key=lambda u: (-sum(counts.get(u.pk, {}).values()), u.path))
    return {
        "names": [u.short_name or u.name for u in ordered],
        "ids": [u.pk for u in ordered],
        "series": [
            {
                "key": status.value,
                "name": str(status.label),
                "colour": STATUS_HEX[status],
                "data": [counts.get(u.pk, {}).get(status.value, 0) for u in ordered],
            }
            for status in Hazard.Status
        ],
        # The JS adds &township=<id>&status=<key> to this for the bar clicked.
        "link": stacked["link"],
    }


def sector_chart(scope: DashboardScope, links: Links) -> dict[str, Any]:
    """Found and rectified per sector: the counts of hazard_figures_by_sector, without the open ones it adds."""
    found = hazard_selectors.hazard_found_counts(
        user=scope.viewer, period=scope.period, filters=scope.filters, group="sector"
    )
    sectors = Sector.objects.filter(pk__in=list(found)).order_by("sort_order", "name")
    return {
        "names": [s.name for s in sectors],
        "found": [found[s.pk].found for s in sectors],
        "rectified": [found[s.pk].rectified for s in sectors],
        "found_links": [links.hazards_found(sector=s.pk) for s in sectors],
        "rectified_links": [links.hazards_rectified(sector=s.pk) for s in sectors],
        "labels": {"found": _("Found"), "rectified": _("Rectified")},
    }


def months_of(period: Period) -> list[Period]:
    months, month = [], period.start.replace(day=1)
    while month <= period.end:
        following = (month + dt.timedelta(days=32)).replace(day=1)
        months.append(Period(max(month, period.start), min(following - dt.timedelta(days=1), period.end)))
        month = following
    return months


def month_chart(scope: DashboardScope, links: Links) -> dict[str, Any]:
    """Found per month, this period against the same months last year."""
    last = scope.period.same_period_last_year()
    found = hazard_selectors.hazard_found_per_month(
        user=scope.viewer, periods=[scope.period, last], filters=scope.filters
    )
    current, previous = months_of(scope.period), months_of(last)
    return {
        "labels": [_("%(m)s/%(y)s") % {"m": m.start.month, "y": m.start.year % 100} for m in current],
        "current": [found.get(m.start.replace(day=1), 0) for m in current],
        "previous": [found.get(m.start.replace(day=1), 0) for m in previous],
        "current_links": [links.hazards(found=m) for m in current],
        "previous_links": [links.hazards(found=m) for m in previous],
        "names": {"current": str(scope.period.end.year), "previous": str(last.end.year)},
    }


def latest_ranking(scope: DashboardScope) -> tuple[Ranking | None, list[Mapping[str, Any]]]:
    """The newest published ranking the scope can read, and what its chart draws of the townships inside it.

    Plain values, not model rows: a city's ranking has 200 entries, each with its township.
    """
    ranking = responsibility_selectors.ranking_list(user=scope.viewer).filter(status=Ranking.Status.PUBLISHED).first()
    if ranking is None:
        return None, []
    entries = responsibility_selectors.ranking_entries(ranking=ranking)
    if scope.unit is not None and scope.unit.kind != OrgUnit.Kind.CITY:
        entries = entries.filter(org_unit__path__startswith=scope.unit.path)
    return ranking, list(
        entries.values("org_unit_id", "org_unit__name", "org_unit__short_name", "score", "rank", "colour")
    )


def ranking_chart(ranking: Ranking | None, entries: Sequence[Mapping[str, Any]], links: Links) -> dict[str, Any]:
    if ranking is None:
        return {}
    template = history_link_template()
    return {
        "title": str(ranking),
        "names": [e["org_unit__short_name"] or e["org_unit__name"] for e in entries],
        "scores": [float(e["score"]) for e in entries],
        "ranks": [e["rank"] for e in entries],
        "colours": [BAND_HEX.get(e["colour"], "#6c757d") for e in entries],
        "links": [template.format(pk=e["org_unit_id"]) for e in entries],
    }


def history_link_template() -> str:
    """A township's ranking history, with 0 standing for its pk (one reverse() for any number of bars)."""
    url = reverse("responsibility:township_history", args=[0])
    head, _sep, tail = url.rpartition("/0/")
    return f"{head}/{{pk}}/{tail}"
