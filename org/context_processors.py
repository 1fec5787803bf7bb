"""Navigation by role, and the unread-notice badge."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from org.models import Role
from org.selectors import unread_notification_count

ALL = tuple(Role.values)

# (label, url name, icon, roles that see it)
NAV_ITEMS = [
    (_("Home"), "home", "house", ALL),
    (_("New hazard"), "hazards:create", "plus-circle", (Role.TOWNSHIP_STAFF, Role.OFFICER, Role.ADMIN)),
    (_("Hazard ledger"), "hazards:list", "list-check", ALL),
    (_("Import hazards"), "hazards:import", "upload", (Role.TOWNSHIP_STAFF, Role.OFFICER, Role.ADMIN)),
    (_("Criteria"), "hazards:criteria", "book", ALL),
    (_("Summaries"), "reports:list", "file-earmark-text", (Role.CLERK, Role.LEADER, Role.ADMIN)),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    items = [
        {"label": label, "url": reverse(name), "icon": icon, "active": request.path == reverse(name)}
        for label, name, icon, roles in NAV_ITEMS
        if user.is_superuser or user.role in roles
    ]
    return {"nav_items": items, "unread_notifications": unread_notification_count(user=user)}
