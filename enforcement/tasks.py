from __future__ import annotations

from celery import shared_task

from enforcement.services import enforcement_send_reminders


@shared_task(acks_late=True, time_limit=600, soft_time_limit=540)
def send_enforcement_reminders_task() -> dict[str, int]:
    """Daily (Celery beat): orders past their deadline and cases near the decision limit.

    Idempotent: reminded records are stamped and notices carry a per-day dedupe key.
    """
    return enforcement_send_reminders()


@shared_task(acks_late=True, ignore_result=True, time_limit=15 * 60, soft_time_limit=14 * 60)
def import_enforcement_records_task(job_id: int) -> int:
    """Import a confirmed backlog file (cases or inspections) on behalf of its owner, whose scope and role
    are read again.

    Idempotent: org.imports.import_job_run leaves a job done already alone.
    """
    from enforcement.importers_inspections import IMPORT_ROLES, IMPORTS
    from org.imports import JOB_PREFIX, import_job_run
    from org.models import ExportJob
    from org.scoping import user_has_role

    kind = ExportJob.objects.values_list("kind", flat=True).get(pk=job_id).removeprefix(JOB_PREFIX)
    job = import_job_run(
        spec=IMPORTS[kind], job_id=job_id, allowed=lambda user: user_has_role(user, IMPORT_ROLES[kind])
    )
    return job.pk
