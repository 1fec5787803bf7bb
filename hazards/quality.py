"""Entry-quality hints: warn, never block, when a record is too thin to act on.

Provincial systems fill up with "存在隐患" and "立即整改"; these checks catch the
commonest of those before the record is saved.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

MIN_DESCRIPTION = 15
VAGUE_MEASURES = {
    "立即整改",
    "马上整改",
    "限期整改",
    "整改",
    "已整改",
    "加强管理",
    "注意安全",
    "尽快整改",
    "按要求整改",
}
FAR_DEADLINE_DAYS = 90


def entry_hints(
    *, description: str, measures: str, deadline: dt.date | None, found_on: dt.date | None, is_major: bool = False
) -> list[str]:
    hints: list[str] = []
    text = description.strip()
    if text and len(text) < MIN_DESCRIPTION:
        hints.append(_("The description is short: say where exactly, what is wrong and which rule it breaks."))
    plain = measures.strip().strip("。.！!")
    if plain and (plain in VAGUE_MEASURES or len(plain) < 6):
        hints.append(_("The measures are vague: say what will be done, by whom and how."))
    if deadline is None:
        hints.append(_("No deadline yet: a hazard without a deadline can never be overdue."))
    elif found_on is not None and (deadline - found_on).days > FAR_DEADLINE_DAYS:
        hints.append(
            _("The deadline is %(days)s days after the hazard was found; is that right?")
            % {"days": (deadline - found_on).days}
        )
    if is_major and deadline is not None and found_on is not None and (deadline - found_on).days > 30:
        hints.append(_("A major hazard usually needs a closer deadline or interim control measures."))
    return hints
