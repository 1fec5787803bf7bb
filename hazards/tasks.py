from __future__ import annotations

import logging

from celery import shared_task
from django.utils import timezone
from django.utils.translation import gettext as _

from hazards import rollup, services
from hazards.exporters import ledger_export_produce
from org.models import Role, User
from org.services import export_job_run, notify_users

log = logging.getLogger(__name__)


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


@shared_task(acks_late=True, ignore_result=True, time_limit=10 * 60, soft_time_limit=9 * 60)
def import_hazards_task(job_id: int) -> str:
    """Import a confirmed hazard file on behalf of its owner, whose scope and role are read again.

    Idempotent: org.imports.import_job_run leaves a job done already alone.
    """
    from hazards.importers import HAZARDS, IMPORTERS
    from org.imports import import_job_run
    from org.scoping import user_has_role

    return import_job_run(spec=HAZARDS, job_id=job_id, allowed=lambda user: user_has_role(user, IMPORTERS)).status


@shared_task(acks_late=True, time_limit=30 * 60, soft_time_limit=25 * 60)
def check_hazard_rollup_task() -> int:
    """Weekly (Celery beat): the hazard month rollup against a recount of the hazards.

    The triggers keep it exact, so this finds nothing unless someone loaded or truncated hazards with the
    triggers off. Then the administrators are told, once a day at most, and the log says where; the
    figures are not mended behind anyone's back (``manage.py rebuild_hazard_rollup`` does that).
    """
    differences = rollup.differences()
    if differences:
        table, key, stored, counted = differences[0]
        log.error(
            "hazard rollup: %d cell(s) differ from the hazards, e.g. %s %s stored %s counted %s",
            len(differences),
            table,
            key,
            stored,
            counted,
        )
        notify_users(
            recipients=User.objects.filter(role=Role.ADMIN, is_active=True),
            message=_(
                "%(n)s hazard rollup cells differ from the hazards: the dashboards' figures may be wrong. "
                "Run manage.py rebuild_hazard_rollup."
            )
            % {"n": len(differences)},
            dedupe_key=f"hazard-rollup-{timezone.localdate():%Y%m%d}",
        )
    return len(differences)
