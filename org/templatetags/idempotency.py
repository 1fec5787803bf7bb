"""``{% idempotency_field %}``: the hidden key of a create form (org/idempotency.py)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html

from org.idempotency import FIELD, key_from, new_key

register = template.Library()


@register.simple_tag(takes_context=True)
def idempotency_field(context: dict[str, Any]) -> str:
    # Shown again after a validation error, the form keeps its key: the corrected POST is still the same entry.
    request = context.get("request")
    key = (key_from(request) if request is not None and request.method == "POST" else "") or new_key()
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, key)
