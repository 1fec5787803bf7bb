from __future__ import annotations

from celery import shared_task

from floodprep.exporters import roster_export_produce
from org.services import export_job_run


@shared_task(acks_late=True, ignore_result=True, time_limit=30 * 60, soft_time_limit=25 * 60)
def export_roster_task(job_id: int) -> str:
    """Write the roster export of one ExportJob; its owner's scope, filter and masking come from the job.

    Idempotent: export_job_run leaves a finished job alone if the task is delivered twice.
    """
    return export_job_run(job_id=job_id, produce=roster_export_produce).status


@shared_task(acks_late=True, ignore_result=True, time_limit=15 * 60, soft_time_limit=14 * 60)
def import_roster_task(job_id: int) -> str:
    """Import a confirmed roster file on behalf of its owner, whose scope and role are read again.

    Idempotent: org.imports.import_job_run leaves a job done already alone.
    """
    from floodprep.importers import ROSTER
    from floodprep.services import WRITERS
    from org.imports import import_job_run
    from org.scoping import user_has_role

    return import_job_run(spec=ROSTER, job_id=job_id, allowed=lambda user: user_has_role(user, WRITERS)).status
