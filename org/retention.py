"""How long files are kept, and the clean-up job that removes them (files have a life cycle, issue 17).

Every app that stores files which expire registers them here, from its ``AppConfig.ready()``:

* :class:`FileKind`: files held by rows (an import batch, an export job, a photo waiting for its form).
  ``expired(now)`` returns the rows whose file may go; the job deletes the file, empties the field, sets
  ``file_removed_at`` where the model has it, and writes one audit entry per file. The row stays: its page
  says the file was removed. ``pending(user)`` returns the user's uploads still waiting for a confirmation;
  their disk space is capped (:func:`check_pending_quota`).
* :class:`LooseFiles`: files held by no row (a checked upload kept for a signed token), under a folder of
  the default storage; they go by age. ``owner_of(name)`` tells whose they are, for the cap.
* :class:`Sweep`: an app's own clean-up run by the job, for files whose rows go with them (org.holding).

What is kept for good: originals of confirmed imports (the records and their audit entries came from them)
and nothing of a refused upload (it is never stored). The periods are settings (``RETENTION_*``, read from
the environment in safetyportal/settings/base.py); README "What is kept how long" lists them.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from org.audit import record_audit
from org.models import User

log = logging.getLogger(__name__)

REMOVED_ACTION = "org.file.removed"


def pending_upload_retention() -> dt.timedelta:
    """Checked uploads never confirmed, and files of imports that failed: kept this long, then removed."""
    return dt.timedelta(hours=settings.RETENTION_PENDING_UPLOAD_HOURS)


def export_retention() -> dt.timedelta:
    """Finished exports (workbooks, PDFs): they can be generated again, so they are kept a few days only."""
    return dt.timedelta(days=settings.RETENTION_EXPORT_DAYS)


@dataclass(frozen=True)
class FileKind:
    key: str  # "hazards.import_batch": in the audit entry and the job's counts
    model: type[models.Model]
    expired: Callable[[dt.datetime], models.QuerySet]
    field: str = "file"
    pending: Callable[[User], models.QuerySet] | None = None
    owner_field: str = "owner"  # whose unit the audit entry is filed under


@dataclass(frozen=True)
class LooseFiles:
    key: str
    folder: str  # a folder of the default storage; only its own files, not its subfolders
    max_age: Callable[[], dt.timedelta]
    owner_of: Callable[[str], int | None] = lambda name: None


@dataclass(frozen=True)
class Sweep:
    """An app's own clean-up, for files whose rows go with them (held form photos): the job calls
    ``run(now=…)``, which removes what has expired and returns how many."""

    key: str
    run: Callable[..., int]


Kind = FileKind | LooseFiles | Sweep
_kinds: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    """Add a kind of expiring file; registering the same key again replaces it (autoreload, tests)."""
    _kinds[kind.key] = kind


def registered() -> list[Kind]:
    return list(_kinds.values())


# --- The clean-up job ----------------------------------------------------------------------------------------


def files_remove_expired(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Remove every registered file past its retention period; returns how many went, by kind.

    Run by Celery beat (org.tasks.remove_expired_files_task). Idempotent: a removed file's field is empty,
    so a second run finds nothing. A file missing on disk already is recorded as removed all the same.
    """
    now = now or timezone.now()
    removed: dict[str, int] = {}
    for kind in registered():
        if isinstance(kind, Sweep):
            removed[kind.key] = kind.run(now=now)
        elif isinstance(kind, LooseFiles):
            removed[kind.key] = _remove_loose(kind, now)
        else:
            removed[kind.key] = sum(
                1 for row in kind.expired(now).exclude(**{kind.field: ""}) if file_remove(kind=kind, row=row, now=now)
            )
    total = sum(removed.values())
    if total:
        log.info("removed %s expired file(s): %s", total, removed)
    return removed


@transaction.atomic
def file_remove(*, kind: FileKind, row: models.Model, now: dt.datetime, reason: str = "expired") -> bool:
    """Remove one row's file: the row says so (empty field, ``file_removed_at``), one audit entry, and the
    bytes are deleted once that commits (a rollback leaves the file where the row still points to it)."""
    name = getattr(row, kind.field).name
    updates: dict[str, Any] = {kind.field: ""}
    if any(f.name == "file_removed_at" for f in kind.model._meta.fields):
        updates["file_removed_at"] = now
    # Only if nobody removed or replaced it meanwhile (two clean-up runs at once).
    if not kind.model._default_manager.filter(pk=row.pk, **{kind.field: name}).update(**updates):
        return False
    owner = getattr(row, kind.owner_field, None) if kind.owner_field else None
    record_audit(
        actor=None,
        action=REMOVED_ACTION,
        target=row,
        org_unit=getattr(owner, "org_unit", None),
        data={"kind": kind.key, "file": name, "reason": reason},
    )
    storage = getattr(row, kind.field).storage
    transaction.on_commit(lambda: _delete(storage, name))
    return True


def _delete(storage: Any, name: str) -> None:
    try:
        storage.delete(name)
    except OSError:  # already gone, or the disk refuses: the next run of a loose folder retries
        log.warning("could not delete %s", name, exc_info=True)


def _remove_loose(kind: LooseFiles, now: dt.datetime) -> int:
    cutoff = now - kind.max_age()
    try:
        _dirs, files = default_storage.listdir(kind.folder)
    except FileNotFoundError:
        return 0
    count = 0
    for filename in files:
        name = f"{kind.folder.rstrip('/')}/{filename}"
        try:
            if default_storage.get_modified_time(name) >= cutoff:
                continue
        except FileNotFoundError:
            continue
        _delete(default_storage, name)
        # No row to say so; the trail keeps what went, for the owner's unit when it is known.
        owner_id = kind.owner_of(name)
        owner = User.objects.filter(pk=owner_id).select_related("org_unit").first() if owner_id is not None else None
        record_audit(
            actor=None,
            action=REMOVED_ACTION,
            org_unit=owner.org_unit if owner else None,
            data={"kind": kind.key, "file": name, "reason": "expired"},
        )
        count += 1
    return count


# --- The cap on a user's pending uploads --------------------------------------------------------------------


def pending_upload_bytes(user: User) -> int:
    """Disk space of the user's uploads that wait for a confirmation, over every registered kind."""
    total = 0
    for kind in registered():
        if isinstance(kind, LooseFiles):
            total += sum(_size(default_storage, name) for name in _loose_names(kind) if kind.owner_of(name) == user.pk)
        elif isinstance(kind, FileKind) and kind.pending is not None:
            for row in kind.pending(user).exclude(**{kind.field: ""}):
                field = getattr(row, kind.field)
                total += _size(field.storage, field.name)
    return total


def _loose_names(kind: LooseFiles) -> Iterable[str]:
    try:
        _dirs, files = default_storage.listdir(kind.folder)
    except FileNotFoundError:
        return []
    return [f"{kind.folder.rstrip('/')}/{name}" for name in files]


def _size(storage: Any, name: str) -> int:
    try:
        return storage.size(name)
    except OSError:
        return 0


def check_pending_quota(user: User, upload: Any) -> None:
    """Refuse an upload that would take the user's pending uploads past UPLOAD_PENDING_QUOTA_MB.

    For a form's ``clean_<file>``, so the message stands at the field. The cap keeps one account (or a
    script behind it) from filling the disk with files it never confirms before the clean-up job runs.
    """
    limit = settings.UPLOAD_PENDING_QUOTA_MB * 1024 * 1024
    used = pending_upload_bytes(user)
    size = getattr(upload, "size", 0) or 0
    if used + size > limit:
        raise ValidationError(
            _(
                "Your uploads waiting for confirmation already take %(used)s MB of the %(limit)s MB allowed. "
                "Confirm or abandon them (they are removed after %(hours)s hours) before uploading more."
            )
            % {
                "used": _mb(used),
                "limit": settings.UPLOAD_PENDING_QUOTA_MB,
                "hours": settings.RETENTION_PENDING_UPLOAD_HOURS,
            },
            code="quota",
        )


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".rstrip("0").rstrip(".")


# --- org's own files ------------------------------------------------------------------------------------------


def register_org_files() -> None:
    """Export jobs' files: finished exports after RETENTION_EXPORT_DAYS; an import job's kept file
    (org.imports) once the import failed, after RETENTION_PENDING_UPLOAD_HOURS. The file of an import
    that succeeded is the original its records came from, and is kept. Checked uploads waiting for a
    token's confirmation, after RETENTION_PENDING_UPLOAD_HOURS."""
    from org.holding import held_uploads_purge
    from org.imports import JOB_PREFIX
    from org.models import ExportJob
    from org.uploads import PENDING_FOLDER, pending_upload_owner

    def exports(now: dt.datetime) -> models.QuerySet:
        return (
            ExportJob.objects.exclude(kind__startswith=JOB_PREFIX)
            .filter(status=ExportJob.Status.DONE, finished_at__lt=now - export_retention())
            .select_related("owner__org_unit")
        )

    def failed_imports(now: dt.datetime) -> models.QuerySet:
        return ExportJob.objects.filter(
            kind__startswith=JOB_PREFIX,
            status=ExportJob.Status.FAILED,
            finished_at__lt=now - pending_upload_retention(),
        ).select_related("owner__org_unit")

    register(FileKind(key="org.export", model=ExportJob, expired=exports))
    register(FileKind(key="org.import_job", model=ExportJob, expired=failed_imports))
    # Checked spreadsheets waiting for a signed token's confirmation (the responsibility and case imports).
    register(
        LooseFiles(
            key="org.pending_upload",
            folder=PENDING_FOLDER,
            max_age=pending_upload_retention,
            owner_of=pending_upload_owner,
        )
    )
    # Photos kept for a refused form to be corrected (org.holding): rows and files go together when they expire.
    register(Sweep(key="org.held_upload", run=held_uploads_purge))


def registered_kind(key: str) -> FileKind:
    """A registered kind of file held by rows, for a service that removes one of its files at once."""
    found = _kinds[key]
    assert isinstance(found, FileKind)
    return found
