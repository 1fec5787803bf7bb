"""An approved half-year summary closes its period for the units under its scope (org/closed_periods.py).

Found by org.closed_periods on its first check (autodiscover), like admin.py; nothing else imports it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db.models import F
from django.db.models.functions import Least

from org.closed_periods import ClosedPeriod, ancestor_paths, register
from org.models import OrgUnit
from org.periods import Period
from reports.models import SummaryReport


@register
def approved_summaries(units: Sequence[OrgUnit], start: dt.date, end: dt.date) -> list[ClosedPeriod]:
    # The figures a summary printed run to its as-of date (Period.effective): a step dated after it
    # changes none of them, so the closed period ends there.
    reports = (
        SummaryReport.objects.filter(status=SummaryReport.Status.APPROVED, scope__path__in=ancestor_paths(units))
        .annotate(closed_until=Least(F("period_end"), F("as_of")))
        .filter(period_start__lte=end, closed_until__gte=start)
        .values_list("scope__path", "period_start", "closed_until", "title")
    )
    return [
        ClosedPeriod(scope_path=path, start=first, end=last, label=f"{title}（{Period(first, last).span_text()}）")
        for path, first, last, title in reports
    ]
