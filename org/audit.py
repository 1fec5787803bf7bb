"""Audit trail: every service writes one entry inside its own transaction."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from org.models import AuditEntry, OrgUnit, User


def record_audit(
    *,
    actor: User | None,
    action: str,
    target: models.Model | None = None,
    org_unit: OrgUnit | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor,
        action=action,
        org_unit=org_unit,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=target.pk if target is not None else None,
        data=data or {},
    )


def audit_trail(target: models.Model) -> models.QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=target.pk
    ).select_related("actor")
