from __future__ import annotations

from celery import shared_task

from hazards import services
from hazards.exporters import ledger_export_produce
from org.services import export_job_run


@shared_task(acks_late=True, time_limit=600, soft_time_limit=540)
def mark_overdue_hazards_task() -> int:
    """Daily (Celery beat): stamp overdue hazards and notify their townships.

    Idempotent: hazards already stamped are skipped, notices are de-duplicated.
    """
    return services.hazards_mark_overdue()


@shared_task(acks_late=True, ignore_result=True, time_limit=30 * 60, soft_time_limit=25 * 60)
def export_hazard_ledger_task(job_id: int) -> str:
    """Write the ledger export of one ExportJob; its owner's scope and filter come from the job.

    Idempotent: export_job_run leaves a finished job alone if the task is delivered twice.
    """
    return export_job_run(job_id=job_id, produce=ledger_export_produce).status
