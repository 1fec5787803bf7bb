"""Navigation by role, and the unread-notice badge."""

from __future__ import annotations

from typing import Any

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest
from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils.translation import gettext_lazy as _

from org.models import Role
from org.permissions import roles_for
from org.selectors import unread_notification_count

# Everyone of the bureau; an enterprise user sees only their own menu (org.scoping).
ALL = tuple(role for role in Role.values if role != Role.ENTERPRISE)
ENTERPRISE = (Role.ENTERPRISE,)

WRITERS = roles_for("hazards.write")
DESK = (Role.LEADER, Role.CLERK, Role.OFFICER, Role.ADMIN)

# A link is (label, url name, icon, roles that see it); a menu is (label, icon, [links]).
NAV_ITEMS: list[tuple] = [
    (_("Our hazards"), "hazards:enterprise_home", "building-check", ENTERPRISE),
    (_("Self-report a hazard"), "hazards:enterprise_self_report", "plus-circle", ENTERPRISE),
    (_("Dashboard"), "reports:dashboard", "speedometer2", DESK),
    (_("My township"), "reports:township_dashboard", "speedometer2", (Role.TOWNSHIP_STAFF,)),
    (
        _("Hazards"),
        "exclamation-triangle",
        [
            (_("New hazard"), "hazards:create", "plus-circle", WRITERS),
            (_("Hazard ledger"), "hazards:list", "list-check", ALL),
            (_("Import hazards"), "hazards:import", "upload", WRITERS),
            (_("Enterprise self-reports"), "hazards:self_reports", "inbox", WRITERS),
            (_("Criteria"), "hazards:criteria", "book", ALL),
            (_("Special campaigns"), "hazards:campaign_list", "flag", ALL),
        ],
    ),
    (
        _("Enforcement"),
        "clipboard-check",
        [
            (_("Inspections"), "enforcement:inspection_list", "clipboard-check", ALL),
            (_("Penalty cases"), "enforcement:case_list", "briefcase", ALL),
            (_("My open work"), "enforcement:my_work", "list-task", roles_for("enforcement.write")),
            (_("Joint actions"), "enforcement:joint_action_list", "people", ALL),
            (_("Enforcement statistics"), "enforcement:figures", "bar-chart", ALL),
        ],
    ),
    (_("Enterprises"), "enterprises:list", "buildings", ALL),
    (_("Flood readiness"), "floodprep:readiness", "cloud-rain-heavy", ALL),
    (
        _("Responsibility"),
        "diagram-3",
        [
            (_("Overview"), "responsibility:overview", "diagram-3", ALL),
            (_("Township ranking"), "responsibility:ranking_list", "bar-chart-steps", ALL),
            (_("Accidents"), "responsibility:accident_list", "exclamation-octagon", ALL),
            (_("Department returns"), "responsibility:return_list", "inboxes", ALL),
        ],
    ),
    (_("Summaries"), "reports:list", "file-earmark-text", (Role.CLERK, Role.LEADER, Role.ADMIN)),
]


_URLS: dict[tuple[str, str], str | None] = {}


def _url(name: str) -> str | None:
    """reverse() once per URL name and script prefix: the menu is on every page, its URLs never change."""
    key = (get_script_prefix(), name)
    if key not in _URLS:
        try:
            _URLS[key] = reverse(name)
        except NoReverseMatch:  # an app not installed in this deployment
            _URLS[key] = None
    return _URLS[key]


@receiver(setting_changed)
def _forget_urls(*, setting: str, **kwargs: Any) -> None:
    if setting == "ROOT_URLCONF":  # a test's own URLconf
        _URLS.clear()


def _links(items: list[tuple], request: HttpRequest, user: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for item in items:
        if len(item) == 3:  # a menu
            label, icon, children = item
            links = _links(children, request, user)
            if links:
                out.append(
                    {"label": label, "icon": icon, "children": links, "active": any(link["active"] for link in links)}
                )
            continue
        label, name, icon, roles = item
        if not (user.is_superuser or user.role in roles):
            continue
        url = _url(name)
        if url is None:
            continue
        out.append({"label": label, "url": url, "icon": icon, "active": request.path == url})
    return out


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    items = _links(NAV_ITEMS, request, user)
    return {"nav_items": items, "unread_notifications": unread_notification_count(user=user)}
