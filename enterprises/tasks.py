"""The register's worker tasks: thin adapters (house style 9)."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True, ignore_result=True, time_limit=15 * 60, soft_time_limit=14 * 60)
def import_enterprises_task(job_id: int) -> int:
    """Import a confirmed register file on behalf of its owner, whose scope and role are read again.

    Idempotent: org.imports.import_job_run leaves a job done already alone.
    """
    from enterprises.importers import IMPORT_ROLES, REGISTER
    from org.imports import import_job_run
    from org.scoping import user_has_role

    return import_job_run(
        spec=REGISTER, job_id=job_id, allowed=lambda user: user_has_role(user, IMPORT_ROLES["enterprise"])
    ).pk
