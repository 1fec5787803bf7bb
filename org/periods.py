"""Reporting periods and the rate/amount wording shared by dashboards and the summary."""

from __future__ import annotations

import calendar
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

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))

    @classmethod
    def quarter(cls, year: int, q: int) -> Period:
        if q not in (1, 2, 3, 4):
            raise ValueError(f"quarter must be 1-4, not {q!r}")
        first = 3 * q - 2
        return cls(dt.date(year, first, 1), _month_end(year, first + 2))

    @classmethod
    def year_to_date(cls, as_of: dt.date) -> Period:
        return cls(dt.date(as_of.year, 1, 1), as_of)

    def _quarter_number(self) -> int | None:
        s, e = self.start, self.end
        if s.day == 1 and s.month in (1, 4, 7, 10) and e.year == s.year and e == _month_end(s.year, s.month + 2):
            return (s.month + 2) // 3
        return None

    def name(self) -> str:
        """How summaries name the period: 上半年, 下半年, 全年, 第三季度, 1—9月, else 1月1日至9月15日."""
        s, e = self.start, self.end
        if s.year == e.year and (s.month, s.day) == (1, 1):
            if (e.month, e.day) == (12, 31):
                return "全年"
            if (e.month, e.day) == (6, 30):
                return "上半年"
        if s.year == e.year and (s.month, s.day, e.month, e.day) == (7, 1, 12, 31):
            return "下半年"
        q = self._quarter_number()
        if q:
            return f"第{QUARTER_NUMERALS[q]}季度"
        if s.year == e.year and (s.month, s.day) == (1, 1) and e == _month_end(e.year, e.month):
            # Year to date by whole months; the documents join months with "—", not a hyphen.
            return "1月" if e.month == 1 else f"1—{e.month}月"
        if s.year != e.year:
            return self.span_text()
        return f"{s.month}月{s.day}日至{e.month}月{e.day}日"

    def next_name(self) -> str:
        """What the plans section looks forward to (三、下半年工作思路, 明年工作打算 …)."""
        name = self.name()
        if name == "上半年":
            return "下半年"
        if name in ("下半年", "全年"):
            return "明年"
        if self._quarter_number():
            return "下季度"
        return "下一步"

    def span_text(self) -> str:
        """ "2026年1月1日至6月30日"; the end date repeats the year only when it differs."""
        s, e = self.start, self.end
        end = f"{e.month}月{e.day}日" if e.year == s.year else f"{e.year}年{e.month}月{e.day}日"
        return f"{s.year}年{s.month}月{s.day}日至{end}"

    def effective(self, as_of: dt.date) -> Period:
        """The period the figures count: a summary drafted before the period ends counts to its as-of date."""
        return Period(self.start, min(self.end, as_of))

    def same_period_last_year(self) -> Period:
        def back(d: dt.date) -> dt.date:
            try:
                return d.replace(year=d.year - 1)
            except ValueError:  # 29 February
                return d.replace(year=d.year - 1, day=28)

        return Period(back(self.start), back(self.end))


QUARTER_NUMERALS = {1: "一", 2: "二", 3: "三", 4: "四"}


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def rate(part: int, whole: int) -> Decimal | None:
    """Percentage with one decimal place, as the seeds print it (518/526 → 98.5)."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def format_rate(value: Decimal | None) -> str:
    """ "98.5%"; a whole number drops the decimal ("100%"); no data prints "—"."""
    if value is None:
        return "—"
    return f"{value.normalize():f}%" if value == value.to_integral() else f"{value}%"


def yuan_to_wan(amount_yuan: Decimal | int) -> str:
    """Amounts in 万元 with up to two decimals: 265800 → "26.58"."""
    wan = (Decimal(amount_yuan) / Decimal(10000)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{wan:f}".rstrip("0").rstrip(".")  # "0.00" → "0": the units digit is always there


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
