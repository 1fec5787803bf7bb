from __future__ import annotations

from celery import shared_task

from org.jobs import jobs_recover_stale
from org.services import export_jobs_requeue


@shared_task(acks_late=True, ignore_result=True, time_limit=120, soft_time_limit=100)
def requeue_export_jobs_task() -> int:
    """Celery beat: send again the exports that were requested while the broker was down.

    Idempotent: a job is sent once per outage, and export_job_run leaves a finished job alone.
    """
    return export_jobs_requeue()


@shared_task(acks_late=True, ignore_result=True, time_limit=120, soft_time_limit=100)
def fail_stale_export_jobs_task() -> int:
    """Celery beat: resume, or else mark failed, the running jobs whose worker died (their heartbeat stopped),
    so nobody waits on them for good (org.jobs)."""
    return jobs_recover_stale()


@shared_task(acks_late=True, ignore_result=True, time_limit=30 * 60, soft_time_limit=25 * 60)
def remove_expired_files_task() -> dict[str, int]:
    """Celery beat, hourly: remove the uploads and exports past their retention period (org.retention)."""
    from org.retention import files_remove_expired

    return files_remove_expired()
