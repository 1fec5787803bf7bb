"""Writes to the register: create, edit (with its version), and the merge an import does by credit code."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from enterprises.models import Enterprise
from org.audit import AuditAction, record_audit
from org.models import Role, User
from org.scoping import check_scope, user_has_role
from org.versioning import bump, check_version, lock

# Who keeps the register: the township staff of their own township, officers and the office; leaders read it.
WRITERS = (Role.TOWNSHIP_STAFF, Role.OFFICER, Role.CLERK, Role.ADMIN)
FIELDS = (
    "credit_code",
    "name",
    "former_names",
    "address",
    "org_unit",
    "village",
    "industry_code",
    "scale",
    "standardization",
    "risk",
    "key_kinds",
    "legal_representative",
    "contact_name",
    "contact_phone",
)


def can_write(user: User) -> bool:
    return user_has_role(user, WRITERS)


def _check(acting_user: User, enterprise: Enterprise) -> None:
    if not can_write(acting_user):
        raise PermissionDenied
    check_scope(acting_user, enterprise.org_unit)
    enterprise.full_clean()


@transaction.atomic
def enterprise_create(*, acting_user: User, **fields: Any) -> Enterprise:
    enterprise = Enterprise(**fields)
    _check(acting_user, enterprise)
    enterprise.save()
    record_audit(
        actor=acting_user,
        action=AuditAction.ENTERPRISE_CREATED,
        target=enterprise,
        org_unit=enterprise.org_unit,
        data={"credit_code": enterprise.credit_code, "version": 1},
    )
    return enterprise


@transaction.atomic
def enterprise_update(*, acting_user: User, enterprise: Enterprise, version: int | None, **fields: Any) -> Enterprise:
    """Edit; a new name keeps the old one among the former names (the register is searched by both)."""
    enterprise = lock(enterprise)
    check_version(enterprise, version)
    changed = [name for name, value in fields.items() if getattr(enterprise, name) != value]
    if "name" in changed and enterprise.name not in enterprise.former_name_list:
        names = fields.get("former_names", enterprise.former_names)
        fields["former_names"] = "、".join([*filter(None, names.split("、")), enterprise.name])
        changed.append("former_names")
    for name, value in fields.items():
        setattr(enterprise, name, value)
    _check(acting_user, enterprise)
    if not changed:
        return enterprise
    enterprise.save(update_fields=[*bump(enterprise, set(changed)), "updated_at"])
    record_audit(
        actor=acting_user,
        action=AuditAction.ENTERPRISE_UPDATED,
        target=enterprise,
        org_unit=enterprise.org_unit,
        data={"changed": sorted(set(changed)), "version": enterprise.version},
    )
    return enterprise
