"""Writing a checked import: the bulk insert, and the confirmed batch's run in a worker.

The confirm claims the batch under its row lock (so exactly one import runs per batch) and sends its id to
hazards.tasks.import_hazards_task; the worker checks the stored file again as its owner and writes every row
in one transaction or none, its ExportJob the progress the page polls.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from typing import Any

from celery import current_app
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hazards.importers.rows import CHUNK, IMPORTERS, JOB_KIND, ImportResult, _mark_duplicates, check_file
from hazards.models import Hazard, ImportBatch
from org.audit import record_audit, record_audit_each
from org.jobs import heartbeat
from org.models import ExportJob, User
from org.retention import FileKind, file_remove, pending_upload_retention, register, registered_kind
from org.scoping import user_has_role
from org.spreadsheets import RowError

log = logging.getLogger(__name__)

IMPORT_FILES = "hazards.import_batch"  # the kind of file org.retention removes


def hazards_of(result: ImportResult, user: User) -> list[Hazard]:
    """The new rows as unsaved hazards, as hazard_create() would make them."""
    return [Hazard(finder=user, import_key=row.key, **row.fields) for row in result.rows if not row.duplicate]


@transaction.atomic
def import_rows(result: ImportResult, user: User, batch: ImportBatch | None = None) -> tuple[int, int]:
    """Create every new row, or nothing at all: one bulk insert in chunks, one audit entry per hazard.

    Not hazard_create() row by row (27 s for 1,000 rows): the dry run has checked every cell against
    the rules hazard_create and the steps check, and the database's constraints and unique import key
    stand behind it. The rollup's triggers stay on, so the figures include the rows at commit.
    """
    if result.errors:
        raise ValueError("a file with errors cannot be imported")
    _mark_duplicates(result.rows)  # someone may have imported some of them since the dry run
    hazards = Hazard.objects.bulk_create(hazards_of(result, user), batch_size=CHUNK)
    batch_data = {"batch": batch.pk} if batch is not None else {}
    record_audit_each(actor=user, action="hazards.hazard.created", entries=[
        (hazard, {"to": hazard.status, "level": hazard.level, "imported": True, "version": hazard.version,
                  **batch_data, **_history(hazard)})
        for hazard in hazards
    ])
    return len(hazards), result.duplicates


def _history(hazard: Hazard) -> dict[str, str]:
    """What the audit entry keeps of an imported hazard's past: who did it is not known, only when."""
    data = {name: getattr(hazard, name).isoformat() for name in ("deadline", "rectified_on", "reinspected_on",
                                                                  "closed_on") if getattr(hazard, name)}
    data.update({name: getattr(hazard, name) for name in ("responsible_unit", "reinspector") if getattr(hazard, name)})
    return data


def import_batch_create(*, owner: User, upload: UploadedFile) -> tuple[ImportBatch, ImportResult]:
    """Keep the uploaded file with the outcome of its dry run until it is confirmed.

    A refused file (junk, a zip bomb, 100,000 rows, a bad cell) is not stored at all: the row says it was
    refused and the preview lists why; only a clean file waits on disk, for RETENTION_PENDING_UPLOAD_HOURS.
    """
    result = check_file(upload, owner)
    batch = ImportBatch(
        owner=owner, filename=(upload.name or "")[:200], row_count=len(result.rows),
        duplicate_count=result.duplicates,
        status=ImportBatch.Status.REJECTED if result.errors else ImportBatch.Status.CHECKED,
    )
    if not result.errors:
        batch.file = upload
    batch.save()
    return batch, result


def register_import_files() -> None:
    """Files of batches never imported go after RETENTION_PENDING_UPLOAD_HOURS (org.retention); the file of an
    imported batch is the original its hazards came from, and is kept."""

    def expired(now: dt.datetime) -> models.QuerySet[ImportBatch]:
        return (ImportBatch.objects.exclude(status=ImportBatch.Status.IMPORTED)
                .filter(created_at__lt=now - pending_upload_retention()).select_related("owner__org_unit"))

    def pending(user: User) -> models.QuerySet[ImportBatch]:
        return ImportBatch.objects.filter(owner=user, status=ImportBatch.Status.CHECKED)

    register(FileKind(key=IMPORT_FILES, model=ImportBatch, expired=expired, pending=pending))


# --- The confirmed import, in a worker ----------------------------------------------------------------------


class ImportAlreadyStarted(Exception):
    """A second confirmation of a batch that is importing or imported; the message says which."""


def import_job_for(batch: ImportBatch) -> ExportJob | None:
    """The latest run of this batch's import (a failed one may be followed by another)."""
    return ExportJob.objects.filter(kind=JOB_KIND, owner_id=batch.owner_id, params__batch=batch.pk).first()


@transaction.atomic
def import_batch_confirm(*, acting_user: User, batch: ImportBatch, task: Any) -> ExportJob:
    """Claim the batch for one import and send it to a worker once the claim commits.

    The row lock makes two confirmations at once take turns: the second finds the first's job and
    is refused (ImportAlreadyStarted), so exactly one import runs.
    """
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    job = import_job_for(batch)
    if batch.status == ImportBatch.Status.IMPORTED:
        raise ImportAlreadyStarted(_("This file has already been imported."))
    if job is not None and job.status in (ExportJob.Status.PENDING, ExportJob.Status.RUNNING):
        raise ImportAlreadyStarted(_("This file is being imported already."))
    if batch.status == ImportBatch.Status.CHECKED and not batch.file:
        raise ImportAlreadyStarted(_("This file was not confirmed within %(hours)s hours and has been removed; "
                                     "please upload it again.") % {"hours": settings.RETENTION_PENDING_UPLOAD_HOURS})
    if batch.status != ImportBatch.Status.CHECKED:
        raise ImportAlreadyStarted(_("This file has errors and cannot be imported."))
    job = ExportJob.objects.create(owner=acting_user, kind=JOB_KIND, total=batch.row_count,
                                   params={"batch": batch.pk, "file": batch.filename})
    record_audit(actor=acting_user, action="hazards.import.confirmed", target=batch, org_unit=acting_user.org_unit,
                 data={"file": batch.filename, "rows": batch.row_count, "job": job.pk})

    def send() -> None:
        try:
            task.apply_async(args=[batch.pk], retry=False)
        except Exception as exc:  # the broker is down: the user may confirm again later
            log.warning("import of batch %s not queued: %s", batch.pk, exc)
            ExportJob.objects.filter(pk=job.pk, status=ExportJob.Status.PENDING).update(
                status=ExportJob.Status.FAILED, finished_at=timezone.now(),
                params={**job.params, "message": str(_("The import service cannot be reached just now; "
                                                       "please confirm the import again in a few minutes."))})

    if current_app.conf.task_always_eager:
        # No broker (development, the tests): the task runs here, on this connection, which sees the claim
        # already; there is no worker that must wait for the commit (and under a test's transaction no commit).
        send()
    else:
        transaction.on_commit(send)
    return job


def import_batch_run(*, batch_id: int) -> ExportJob | None:
    """The worker's part: check the stored file again as its owner and import it whole, or not at all.

    Idempotent, for tasks acknowledged late: a batch imported already is left alone, and two deliveries
    at once take turns on the batch's row lock, the second finding it imported.
    """
    batch = ImportBatch.objects.select_related("owner__org_unit").get(pk=batch_id)
    job = import_job_for(batch)
    if job is None or batch.status == ImportBatch.Status.IMPORTED or job.status == ExportJob.Status.DONE:
        return job
    owner = batch.owner
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING, error="", updated_at=timezone.now())

    def progress(done: int) -> None:
        ExportJob.objects.filter(pk=job.pk).update(progress=done, total=max(batch.row_count, done),
                                                    updated_at=timezone.now())

    # The worker speaks the portal's language: the messages are stored for the page to show.
    with translation.override("zh-hans"), heartbeat(job.pk):  # a sign of life while it checks (org.jobs)
        if not (owner.is_active and user_has_role(owner, IMPORTERS)):
            return _job_failed(job, message=_("Your role may not do this."))
        with batch.file.open("rb") as file:
            result = check_file(file, owner, progress)  # the owner's scope again: it may have changed since
        try:
            with transaction.atomic():
                batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
                if batch.status == ImportBatch.Status.IMPORTED:
                    return job
                if not result.ok:
                    batch.status = ImportBatch.Status.REJECTED
                    batch.save(update_fields=["status"])
                    # Refused now (the owner's scope changed since the dry run): not kept either.
                    file_remove(kind=registered_kind(IMPORT_FILES), row=batch, now=timezone.now(), reason="refused")
                    return _job_failed(job, errors=result.errors)
                created, duplicates = import_rows(result, owner, batch)
                batch.status = ImportBatch.Status.IMPORTED
                batch.row_count, batch.created_count, batch.duplicate_count = len(result.rows), created, duplicates
                batch.save(update_fields=["status", "row_count", "created_count", "duplicate_count"])
                record_audit(
                    actor=owner, action="hazards.import.completed", target=batch, org_unit=owner.org_unit,
                    data={"file": batch.filename, "rows": len(result.rows), "created": created,
                          "duplicates": duplicates},
                )
                ExportJob.objects.filter(pk=job.pk).update(
                    status=ExportJob.Status.DONE, finished_at=timezone.now(), progress=len(result.rows),
                    total=len(result.rows), params={**job.params, "created": created, "duplicates": duplicates})
        except IntegrityError:
            # Someone imported some of the same rows between our check and our insert; nothing was written.
            return _job_failed(job, message=_("Some of these rows were imported by someone else meanwhile. "
                                              "Please upload again."))
        except ValidationError as exc:
            return _job_failed(job, message=" ".join(exc.messages))
    job.refresh_from_db()
    return job


def _job_failed(job: ExportJob, *, message: str = "", errors: Sequence[RowError] = ()) -> ExportJob:
    rows = [{"row": e.row, "column": e.column, "cell": getattr(e, "cell", ""), "message": e.message} for e in errors]
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.FAILED, finished_at=timezone.now(), error=message[:2000],
        params={**job.params, "message": message, "errors": rows})
    job.refresh_from_db()
    return job
