"""What every floodprep service does the same way: scope checks, create, update, audit."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from org.audit import record_audit
from org.models import OrgUnit, User
from org.versioning import bump, check_version, lock

M = TypeVar("M", bound=models.Model)


def check_kind(unit: OrgUnit, kinds: tuple[str, ...], field: str = "org_unit") -> None:
    if unit.kind not in kinds:
        labels = "、".join(str(OrgUnit.Kind(kind).label) for kind in kinds)
        raise ValidationError({field: _("Choose a unit of this kind: %(kinds)s.") % {"kinds": labels}})


def create(model: type[M], *, acting_user: User, action: str, **fields: Any) -> M:
    """Validate (fields and constraints), save and audit a new record."""
    instance = model(**fields)
    instance.full_clean()
    instance.save()
    record_audit(
        actor=acting_user,
        action=action,
        target=instance,
        org_unit=getattr(instance, "org_unit", None),
        data={"name": str(instance)},
    )
    return instance


def update(instance: M, *, acting_user: User, action: str, version: int | None = None, **fields: Any) -> list[str]:
    """Change the fields that differ, save only those and audit which ones; returns their names.

    ``version``: the one the edit form was opened at; a record saved since is refused (org/versioning.py).
    """
    stored = lock(instance)
    check_version(stored, version)
    # The caller's instance may be older than the locked row: it takes the stored values before comparing.
    for field in instance._meta.concrete_fields:
        setattr(instance, field.attname, getattr(stored, field.attname))
    changed = [name for name, value in fields.items() if getattr(instance, name) != value]
    if not changed:
        return []
    for name in changed:
        setattr(instance, name, fields[name])
    instance.full_clean()
    extra = ["updated_at"] if any(f.name == "updated_at" for f in instance._meta.fields) else []
    instance.save(update_fields=bump(instance, changed + extra))
    record_audit(
        actor=acting_user,
        action=action,
        target=instance,
        org_unit=getattr(instance, "org_unit", None),
        data={"changed": changed, "version": instance.version},  # type: ignore[attr-defined]  # every floodprep record is versioned
    )
    return changed
