"""Jobs whose worker died (issue 17): a heartbeat while a job runs, and what becomes of a silent one.

Every job the portal runs off the request (exports, report generation, imports' dry runs and confirms) is an
:class:`~org.models.ExportJob`, and its ``updated_at`` is its heartbeat: set by every status and progress
write, and every ``JOB_HEARTBEAT_SECONDS`` by :func:`heartbeat` while the work runs, progress or not (a
PDF being laid out says nothing for a minute). A running job silent for longer than :func:`stale_after`
lost its worker: an OOM kill, a deploy, a gunicorn worker timed out while it ran the job in-process.

:func:`jobs_recover_stale` (Celery beat every few minutes, and the job's page each time it polls) then

* sends it again if it can be: a job that records its task in ``params["task"]`` (export_job_enqueue
  does) and whose task is idempotent on the job's id — exports, generated documents, dry runs. At most
  ``JOB_MAX_RESUMES`` times; with a broker a worker takes it, without one (the embedded default, eager
  Celery) it runs again in the process that found it;
* marks it failed otherwise, with a Chinese message the page shows: an import's confirm writes all rows in
  one transaction, so a dead worker wrote nothing, and the user decides whether to confirm again.

A job revived meanwhile (its worker was only slow) is left alone: every write is conditional on the
heartbeat read.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from org.audit import job_action, record_audit
from org.models import ExportJob, OrgUnit

log = logging.getLogger(__name__)


@contextmanager
def heartbeat(job_id: int) -> Iterator[None]:
    """While the body runs, stamp the job's ``updated_at`` every JOB_HEARTBEAT_SECONDS from a thread.

    A process killed takes the thread with it, so the stamps stop exactly when the work does. The thread
    has its own database connection, closed when it ends. JOB_HEARTBEAT_SECONDS = 0 turns it off (then
    a job is taken for dead only after its task's time limit).
    """
    interval = settings.JOB_HEARTBEAT_SECONDS
    if interval <= 0:
        yield
        return
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(interval):
                try:
                    ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.RUNNING).update(
                        updated_at=timezone.now()
                    )
                except DatabaseError:  # SQLite busy with the job's own write: the next beat will do
                    log.debug("heartbeat of job %s skipped", job_id, exc_info=True)
        finally:
            connection.close()

    thread = threading.Thread(target=beat, name=f"job-heartbeat-{job_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)


def stale_after(job: ExportJob) -> dt.timedelta:
    """How long a running job may stay silent before its worker is taken for dead."""
    if settings.JOB_HEARTBEAT_SECONDS > 0:
        # Three missed beats at least: a busy database may delay one.
        return dt.timedelta(seconds=max(settings.JOB_STALE_AFTER_SECONDS, 3 * settings.JOB_HEARTBEAT_SECONDS))
    return time_limit(job)


def time_limit(job: ExportJob) -> dt.timedelta:
    """The hard time limit of the task that runs ``job``: past it Celery has killed the task, whatever happened."""
    from celery import current_app

    task = current_app.tasks.get(job.params.get("task", ""))
    limit = getattr(task, "time_limit", None) or current_app.conf.task_time_limit or settings.CELERY_TASK_TIME_LIMIT
    return dt.timedelta(seconds=limit)


def is_stale(job: ExportJob, now: dt.datetime) -> bool:
    from celery import current_app

    if job.updated_at >= now - stale_after(job):
        return False
    if job.status == ExportJob.Status.RUNNING:
        return True
    # Without a broker a job runs in the request that made it, right after the commit: one still waiting long
    # after lost that process before it started. With a broker it may just be queued behind others.
    return (
        job.status == ExportJob.Status.PENDING and current_app.conf.task_always_eager and not job.is_waiting_for_broker
    )


def is_resumable(job: ExportJob) -> bool:
    """Sent again rather than failed: its task is known (params["task"], taking the job's id) and idempotent."""
    from celery import current_app

    return job.params.get("task", "") in current_app.tasks and job.attempts < settings.JOB_MAX_RESUMES


def jobs_recover_stale(*, jobs: Iterable[ExportJob] | None = None, now: dt.datetime | None = None) -> int:
    """Resume or fail every running job whose heartbeat stopped (and, without a broker, every job still waiting
    long after the request that made it); returns how many were handled.

    Run by Celery beat (org.tasks.fail_stale_export_jobs_task) and by a job's page when it polls.
    """
    now = now or timezone.now()
    if jobs is None:
        jobs = ExportJob.objects.filter(status__in=[ExportJob.Status.RUNNING, ExportJob.Status.PENDING]).select_related(
            "owner__org_unit"
        )
    handled = 0
    for job in jobs:
        if is_stale(job, now) and (
            job_resume(job=job, now=now) if is_resumable(job) else job_fail_lost(job=job, now=now)
        ):
            handled += 1
    return handled


@transaction.atomic
def job_resume(*, job: ExportJob, now: dt.datetime) -> bool:
    """Send a job whose worker died to a worker again (or, without a broker, run it here once this commits)."""
    from celery import current_app

    from org.services import export_job_enqueue

    # Only if nothing moved since it was read: a live worker's heartbeat wins.
    if not ExportJob.objects.filter(pk=job.pk, status=job.status, updated_at=job.updated_at).update(
        status=ExportJob.Status.PENDING, attempts=job.attempts + 1, error="", updated_at=now
    ):
        return False
    record_audit(
        actor=None,
        action=job_action(job.kind, "export_resumed"),
        target=job,
        org_unit=_unit(job),
        data={
            "attempt": job.attempts + 1,
            "progress": job.progress,
            "total": job.total,
            "updated_at": job.updated_at.isoformat(),
        },
    )
    log.warning("job %s resumed (attempt %s): no sign of life since %s", job.pk, job.attempts + 1, job.updated_at)
    job.refresh_from_db()
    export_job_enqueue(job=job, task=current_app.tasks[job.params["task"]])
    return True


@transaction.atomic
def job_fail_lost(*, job: ExportJob, now: dt.datetime) -> bool:
    """Mark failed a job whose worker died and that is not sent again; the page says so in Chinese."""
    with translation.override(settings.LANGUAGE_CODE):
        if job.params.get("task"):
            message = _(
                "The export stopped before it was finished and was tried again %(times)s times "
                "without success. Please generate it again."
            ) % {"times": job.attempts}
        else:
            message = _("The worker running this job stopped before it was finished.")
    if not ExportJob.objects.filter(pk=job.pk, status=job.status, updated_at=job.updated_at).update(
        status=ExportJob.Status.FAILED,
        finished_at=now,
        updated_at=now,
        error=f"{ExportJob.WORKER_LOST}: no sign of life since {job.updated_at.isoformat()}",
        params={**job.params, "message": message},
    ):
        return False
    record_audit(
        actor=None,
        action=job_action(job.kind, "export_worker_lost"),
        target=job,
        org_unit=_unit(job),
        data={
            "progress": job.progress,
            "total": job.total,
            "attempts": job.attempts,
            "updated_at": job.updated_at.isoformat(),
        },
    )
    log.warning("job %s marked failed: no sign of life since %s", job.pk, job.updated_at)
    return True


def _unit(job: ExportJob) -> OrgUnit | None:
    return job.owner.org_unit if job.owner_id else None
