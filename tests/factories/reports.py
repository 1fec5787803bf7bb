from __future__ import annotations

import datetime as dt

from org.models import OrgUnit, User
from reports.models import SummaryReport
from reports.services import report_create


def draft_report(
    *,
    clerk: User,
    scope: OrgUnit,
    year: int = 2026,
    as_of: dt.date | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    title: str = "",
) -> SummaryReport:
    """A summary drafted through the service, as the clerk's form would: the first half unless told."""
    start, end = start or dt.date(year, 1, 1), end or dt.date(year, 6, 30)
    return report_create(
        acting_user=clerk,
        scope=scope,
        period_start=start,
        period_end=end,
        as_of=as_of or end,
        title=title or f"临江市应急管理局{year}年上半年工作总结",
        issuer="临江市应急管理局",
        signed_on=end + dt.timedelta(days=2),
    )
