"""What every enforcement service shares: who may write, and the checks on people, places and dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from hazards.models import Campaign
from org.models import Role, User
from org.permissions import require, roles_for
from org.scoping import check_scope
from org.state_machine import InvalidTransition
from org.stated_dates import check_stated_date

__all__ = [
    "WRITERS",
    "TransitionError",
    "check_campaign",
    "check_officers",
    "check_scope",
    "check_stated_date",
    "check_writer",
]

# Who records inspections and cases: org.permissions, "enforcement.write" (the importers read it from here).
WRITERS = roles_for("enforcement.write")
# The refusal every enforcement step raises: org's, as the hazard loop's.
TransitionError = InvalidTransition
# 行政处罚法 第四十二条 and 安全生产违法行为行政处罚办法: inspections and investigations by at least two officers.
MIN_OFFICERS = 2


def check_writer(user: User) -> None:
    require(user, "enforcement.write")


def check_officers(officers: Iterable[User], field: str = "officers") -> list[User]:
    people = {u.pk: u for u in officers}
    if len(people) < MIN_OFFICERS:
        raise ValidationError({field: _("At least two officers must take part: the law requires two.")})
    if any(u.role != Role.OFFICER or not u.is_active for u in people.values()):
        raise ValidationError({field: _("Only active enforcement officers can be named.")})
    return list(people.values())


def check_campaign(campaign: Campaign | None, *, on: dt.date, field: str = "campaign") -> None:
    """A record counts under a campaign (专项行动) only if it happened while the campaign ran."""
    if campaign is not None and not campaign.start <= on <= campaign.end:
        raise ValidationError(
            {
                field: _("The date %(date)s is outside the campaign %(name)s, which ran from %(start)s to %(end)s.")
                % {"date": on, "name": campaign.name, "start": campaign.start, "end": campaign.end}
            }
        )
