"""``{% if user|may:"hazards.assign" %}``: a template asks org.permissions, never a role by name."""

from __future__ import annotations

from typing import Any

from django import template

from org import permissions

register = template.Library()


@register.filter
def may(user: Any, action: str) -> bool:
    return permissions.may(user, action)
