"""The date a step is stated to have happened on, and why it may be refused.

A bureau that starts in July enters January to June afterwards, so the rectification, the
re-inspection and the closing carry the date they happened, not the day they were typed in (who typed
them, and when, is the audit entry's actor and time). The rules, shared by the one-hazard steps and the
bulk closing (hazards.services): not in the future, and in the order of the loop — found ≤ rectified ≤
re-inspected ≤ closed. A date inside a period whose figures have been approved (org.closed_periods)
needs a reason.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from hazards.models import Hazard
from org.closed_periods import ClosedPeriod

RECTIFY, REINSPECT, CLOSE = "rectify", "reinspect", "close"


def date_refusal(hazard: Hazard, *, step: str, on: dt.date, today: dt.date) -> str | None:
    """Why ``on`` cannot be the date of ``step`` for this hazard, or None."""
    if on > today:
        return _("The date cannot be in the future.")
    # The latest earlier step with a date: a hazard entered before the dates were kept has only found_on.
    earlier: list[tuple[dt.date | None, str]] = []
    if step == CLOSE:
        earlier.append((hazard.reinspected_on, _("The closing cannot be dated before the re-inspection (%(date)s).")))
    if step in (CLOSE, REINSPECT):
        earlier.append(
            (hazard.rectified_on, _("The re-inspection cannot be dated before the rectification (%(date)s)."))
        )
    earlier.append(
        (
            hazard.found_on,
            {
                RECTIFY: _("The rectification cannot be dated before the hazard was found (%(date)s)."),
                REINSPECT: _("The re-inspection cannot be dated before the hazard was found (%(date)s)."),
                CLOSE: _("The closing cannot be dated before the hazard was found (%(date)s)."),
            }[step],
        )
    )
    for date, message in earlier:
        if date is not None and on < date:
            return message % {"date": date.isoformat()}
    return None


def closed_period_refusal(period: ClosedPeriod, on: dt.date) -> str:
    return _(
        "%(period)s has been approved, and a step dated %(date)s would change its figures. "
        "Give a reason to record it anyway."
    ) % {"period": period.label, "date": on.isoformat()}
