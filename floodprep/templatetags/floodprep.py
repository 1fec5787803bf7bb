"""{% mobile number %}: a phone number as the viewer may see it (see floodprep/phones.py)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html

from floodprep.phones import mask_mobile, sees_full_mobiles
from org.periods import format_rate

register = template.Library()


@register.simple_tag(takes_context=True)
def mobile(context: dict[str, Any], number: str) -> str:
    if not number:
        return "—"
    request = context.get("request")
    if request is not None and sees_full_mobiles(request.user):
        return format_html('<a href="tel:{0}" class="text-nowrap">{0}</a>', number)
    return mask_mobile(number)


@register.filter
def pct(value: Any) -> str:
    """A rate as the seeds print it: 98.5% / 100%, or — without data."""
    return format_rate(value)
