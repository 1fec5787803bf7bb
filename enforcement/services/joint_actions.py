"""Joint enforcement actions (联合执法行动)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from enforcement.models import JointAction
from enforcement.services.common import check_scope, check_writer
from org.audit import AuditAction, record_audit
from org.models import OrgUnit, User


@transaction.atomic
def joint_action_create(
    *,
    acting_user: User,
    name: str,
    start: dt.date,
    end: dt.date,
    departments: Iterable[OrgUnit],
    lead: OrgUnit | None = None,
    description: str = "",
) -> JointAction:
    check_writer(acting_user)
    units = list(departments)
    if any(u.kind != OrgUnit.Kind.DEPARTMENT for u in units):
        raise ValidationError({"departments": _("Only departments take part in a joint action.")})
    check_scope(acting_user, lead, "lead")
    if end < start:
        raise ValidationError({"end": _("The end cannot be before the start.")})
    action = JointAction(name=name, start=start, end=end, lead=lead, description=description)
    action.full_clean()
    action.save()
    action.departments.set(units)
    record_audit(
        actor=acting_user,
        action=AuditAction.JOINT_ACTION_CREATED,
        target=action,
        org_unit=lead or acting_user.org_unit,
        data={"name": name, "departments": [u.pk for u in units]},
    )
    return action
