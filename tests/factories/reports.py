from __future__ import annotations

import datetime as dt

from org.models import OrgUnit, User
from reports.models import SummaryReport
from reports.services import report_create


def draft_report(*, clerk: User, scope: OrgUnit, year: int = 2026, as_of: dt.date | None = None) -> SummaryReport:
    """A first-half summary drafted through the service, as the clerk's form would."""
    return report_create(
        acting_user=clerk, scope=scope, period_start=dt.date(year, 1, 1), period_end=dt.date(year, 6, 30),
        as_of=as_of or dt.date(year, 6, 30), title=f"临江市应急管理局{year}年上半年工作总结",
        issuer="临江市应急管理局", signed_on=dt.date(year, 7, 2),
    )
