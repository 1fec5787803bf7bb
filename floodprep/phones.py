"""Who sees full mobile numbers of flood responsible persons, team leaders and keepers.

A roster of thousands of private numbers is personal information (个人信息保护法):
it is shown in full only to those who must phone these people when rain comes.

- bureau leaders (局领导) command the response and call down the chain;
- township staff (镇街应急办) call their own village and grid persons; they see
  their own township only, so "of that township" follows from the scope;
- administrators keep the roster.

Enforcement officers and office clerks see 138****5678: they read the roster
and count it, they do not call it. The same rule applies to Excel exports.
"""

from __future__ import annotations

from typing import Any

from org.models import Role
from org.scoping import user_has_role

FULL_MOBILE_ROLES: tuple[str, ...] = (Role.LEADER, Role.TOWNSHIP_STAFF, Role.ADMIN)


def sees_full_mobiles(user: Any) -> bool:
    return user_has_role(user, FULL_MOBILE_ROLES)


def mask_mobile(mobile: str) -> str:
    """13812345678 → 138****5678; anything too short to mask keeps only its last two digits."""
    if not mobile:
        return ""
    if len(mobile) >= 7:
        return f"{mobile[:3]}****{mobile[-4:]}"
    return "*" * max(len(mobile) - 2, 0) + mobile[-2:]


def mobile_for(user: Any, mobile: str) -> str:
    return mobile if sees_full_mobiles(user) else mask_mobile(mobile)
