"""Display filters for the responsibility pages; the wording itself lives in org.periods."""

from __future__ import annotations

from decimal import Decimal

from django import template

from org.periods import format_rate, yuan_to_wan

register = template.Library()


@register.filter
def wan(amount_yuan: Decimal | int | None) -> str:
    """Yuan shown in 万元: 265800 → "26.58"."""
    return "—" if amount_yuan is None else yuan_to_wan(amount_yuan)


@register.filter
def pct(value: Decimal | None) -> str:
    """A rate as the seeds print it: "98.5%", "100%", "—"."""
    return format_rate(value)


@register.filter
def num(value: Decimal | str | int | None) -> str:
    """A number without trailing zeros, as documents print points: "3.50" → "3.5", "5.00" → "5"."""
    if value is None or value == "":
        return ""
    return f"{Decimal(value).normalize():f}"
