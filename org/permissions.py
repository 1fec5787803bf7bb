"""Who may do what: the one table of actions and the roles allowed each, asked by services, views and templates.

A service refuses with ``require(user, action, obj)`` (InvalidTransition, shown as is), a view is guarded by
``action_required(action)``, a template asks ``{% if user|may:"hazards.assign" %}`` (org.templatetags.permissions).
Scope is not here: another township's record is a 404 from ``visible_to`` before any of this is asked.

A rule that depends on the record as well as the role (separation of duties, an enterprise's own hazards) is
named by the dotted path of a function in the app that owns it, ``(user, obj) -> refusal or ""``, imported when
first asked: org imports no other app (tests/test_architecture.py), yet the table stays the one place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from org.models import Role
from org.scoping import View, role_required, user_has_role
from org.state_machine import InvalidTransition

if TYPE_CHECKING:
    pass


@dataclass(frozen=True)
class Rule:
    roles: tuple[str, ...]
    check: str = ""  # dotted path of (user, obj) -> refusal message or "", asked only when a record is given


# Hazards are written by the townships and by the officers who find them on inspections; leaders supervise.
HAZARD_WRITERS = (Role.TOWNSHIP_STAFF, Role.OFFICER, Role.ADMIN)
HAZARD_SUPERVISORS = (Role.LEADER, Role.OFFICER, Role.ADMIN)
# Officers record inspections and cases; leaders and clerks read; township staff read their own township.
ENFORCEMENT_WRITERS = (Role.OFFICER, Role.ADMIN)

# The enterprise's safety manager reports the rectification of their own hazards only.
_OWN_ENTERPRISE = "hazards.enterprise.own_hazard_refusal"

RULES: dict[str, Rule] = {
    "org.bureau_settings": Rule((Role.ADMIN,)),  # 本局设置: the bureau's own rules
    "hazards.write": Rule(HAZARD_WRITERS),  # report, edit, import; decide on enterprise self-reports
    "hazards.assign": Rule(HAZARD_WRITERS),
    "hazards.start": Rule((*HAZARD_WRITERS, Role.ENTERPRISE), _OWN_ENTERPRISE),
    "hazards.rectify": Rule((*HAZARD_WRITERS, Role.ENTERPRISE), _OWN_ENTERPRISE),
    # Separation of duties (hazards/duties.py): not the rectifier, and the finder may not pass it.
    "hazards.reinspect_pass": Rule(HAZARD_WRITERS, "hazards.duties.pass_refusal"),
    "hazards.reinspect_fail": Rule(HAZARD_WRITERS, "hazards.duties.fail_refusal"),
    "hazards.send_back": Rule((*HAZARD_WRITERS, Role.LEADER)),
    "hazards.five_in_place": Rule(tuple(dict.fromkeys((*HAZARD_WRITERS, *HAZARD_SUPERVISORS)))),
    "hazards.supervise": Rule(HAZARD_SUPERVISORS),  # listed supervision (挂牌督办) of a major hazard
    "hazards.campaign_edit": Rule((Role.LEADER, Role.ADMIN)),
    "hazards.enterprise_portal": Rule((Role.ENTERPRISE,)),
    "enforcement.write": Rule(ENFORCEMENT_WRITERS),
    # Leaders and administrators keep the inspection caps and plans; officers, leaders and clerks read them.
    "enforcement.limits_keep": Rule((Role.LEADER, Role.ADMIN)),
    "enforcement.limits_read": Rule((Role.OFFICER, Role.LEADER, Role.CLERK, Role.ADMIN)),
}


def roles_for(action: str) -> tuple[str, ...]:
    return RULES[action].roles


@cache
def _check(path: str) -> Callable[[Any, Any], str]:
    return import_string(path)


def refusal(user: Any, action: str, obj: Any = None) -> str:
    """Why ``user`` may not do ``action`` (to ``obj``, when given), in words; "" if they may."""
    rule = RULES[action]
    if not user_has_role(user, rule.roles):
        return _("Your role may not do this.")
    if obj is not None and rule.check:
        return _check(rule.check)(user, obj)
    return ""


def may(user: Any, action: str, obj: Any = None) -> bool:
    return not refusal(user, action, obj)


def require(user: Any, action: str, obj: Any = None) -> None:
    """For services: refuse with the reason, which the page shows as is."""
    message = refusal(user, action, obj)
    if message:
        raise InvalidTransition(message)


def action_required(action: str) -> Callable[[View], View]:
    """View decorator: log in first, then the user's role must be allowed ``action`` (403 otherwise)."""
    return role_required(*roles_for(action))
