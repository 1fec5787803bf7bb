"""The flood season (汛期), the default period of the readiness page and the lists."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from org.periods import Period

# 浙江省防汛防台: 汛期 4月15日—10月15日 (梅汛期 then 台汛期). Other provinces differ by weeks;
# a bureau that needs another season passes start/end explicitly.
SEASON_START = (4, 15)
SEASON_END = (10, 15)


def flood_season(year: int) -> Period:
    return Period(dt.date(year, *SEASON_START), dt.date(year, *SEASON_END))


def default_period(today: dt.date | None = None) -> Period:
    """This year's season up to today; before it starts, last year's whole season."""
    today = today or timezone.localdate()
    season = flood_season(today.year)
    if today < season.start:
        return flood_season(today.year - 1)
    return Period(season.start, min(season.end, today))
