"""Audit trail: every service writes one entry inside its own transaction."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

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


def record_audit_many(
    *, actor: User | None, action: str, targets: list[models.Model], data: dict[str, Any] | None = None,
    org_unit_of: Callable[[Any], int | None] = lambda target: getattr(target, "org_unit_id", None),
) -> int:
    """One entry per record for a change made with QuerySet.update(), which no model history sees.

    Each record's timeline then shows the change like any other; written in bulk, in the caller's transaction.
    """
    if not targets:
        return 0
    content_type = ContentType.objects.get_for_model(targets[0])
    now = timezone.now()
    entries = [
        AuditEntry(actor=actor, action=action, org_unit_id=org_unit_of(target),
                   target_type=content_type, target_id=target.pk, data=data or {}, created_at=now)
        for target in targets
    ]
    return len(AuditEntry.objects.bulk_create(entries, batch_size=1000))


def audit_trail(target: models.Model) -> models.QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=target.pk
    ).select_related("actor")


def record_audit_each(
    *, actor: User | None, action: str, entries: list[tuple[models.Model, dict[str, Any]]],
) -> int:
    """Like record_audit_many, with each record's own data (its new version, where it moved from).

    One bulk insert per 1,000 entries, all with one time: a bulk step done by one person at one moment.
    """
    if not entries:
        return 0
    content_type = ContentType.objects.get_for_model(entries[0][0])
    now = timezone.now()
    rows = [
        AuditEntry(actor=actor, action=action, org_unit_id=getattr(target, "org_unit_id", None),
                   target_type=content_type, target_id=target.pk, data=data, created_at=now)
        for target, data in entries
    ]
    return len(AuditEntry.objects.bulk_create(rows, batch_size=1000))
