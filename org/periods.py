"""Reporting periods and the rate/amount wording shared by dashboards and the summary."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    @classmethod
    def half_year(cls, year: int, half: int) -> Period:
        if half == 1:
            return cls(dt.date(year, 1, 1), dt.date(year, 6, 30))
        return cls(dt.date(year, 7, 1), dt.date(year, 12, 31))

    def same_period_last_year(self) -> Period:
        def back(d: dt.date) -> dt.date:
            try:
                return d.replace(year=d.year - 1)
            except ValueError:  # 29 February
                return d.replace(year=d.year - 1, day=28)

        return Period(back(self.start), back(self.end))


def rate(part: int, whole: int) -> Decimal | None:
    """Percentage with one decimal place, as the seeds print it (518/526 → 98.5)."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def format_rate(value: Decimal | None) -> str:
    """"98.5%"; a whole number drops the decimal ("100%"); no data prints "—"."""
    if value is None:
        return "—"
    return f"{value.normalize():f}%" if value == value.to_integral() else f"{value}%"


def yuan_to_wan(amount_yuan: Decimal | int) -> str:
    """Amounts in 万元 with up to two decimals: 265800 → "26.58"."""
    wan = (Decimal(amount_yuan) / Decimal(10000)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    text = f"{wan:f}".rstrip("0").rstrip(".")
    return text or "0"


def _plain_number(value: int | Decimal) -> str:
    return f"{Decimal(value).normalize():f}"  # 3, 2.5, 100 — never "1E+2"


def yoy_phrase(current: int | Decimal, previous: int | Decimal, *, unit: str = "", absolute: bool = False) -> str:
    """The year-on-year change as the seeds word it; the one function summaries and dashboards share.

    5 → 3: "同比下降40%"; 4 → 5: "同比上升25%"; equal: "同比持平"; from nothing the rate is
    undefined, so the change is counted: 0 → 3 with unit "起": "同比增加3起".
    ``absolute`` words the difference instead of the rate ("同比下降1人"), as summaries do for deaths.
    Rates keep one decimal place and drop a trailing ".0", as format_rate does.
    """
    current, previous = Decimal(current), Decimal(previous)
    if current == previous:
        return "同比持平"
    difference = abs(current - previous)
    if previous == 0:
        return f"同比增加{_plain_number(difference)}{unit}"
    direction = "上升" if current > previous else "下降"
    if absolute:
        return f"同比{direction}{_plain_number(difference)}{unit}"
    change = (difference * 100 / abs(previous)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"同比{direction}{format_rate(change)}"
