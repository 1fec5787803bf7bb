from __future__ import annotations

import datetime as dt

from celery import shared_task

from org.models import User
from org.periods import Period
from responsibility import services
from responsibility.models import Ranking, RankingScheme


@shared_task(acks_late=True, time_limit=300, soft_time_limit=240)
def compute_ranking_task(scheme_id: int, user_id: int, start: str, end: str) -> int:
    """Compute a draft ranking for a scheduled span (a daily bulletin, say) on behalf of a clerk.

    Idempotent: when a ranking of the scheme for exactly this span exists, it is returned instead.
    """
    period = Period(dt.date.fromisoformat(start), dt.date.fromisoformat(end))
    existing = Ranking.objects.filter(scheme_id=scheme_id, period_start=period.start, period_end=period.end).first()
    if existing is not None:
        return existing.pk
    user = User.objects.select_related("org_unit").get(pk=user_id)
    scheme = RankingScheme.objects.visible_to(user).get(pk=scheme_id)
    return services.ranking_compute(acting_user=user, scheme=scheme, period=period).pk


@shared_task(acks_late=True, time_limit=900, soft_time_limit=840)
def import_records_task(job_id: int) -> int:
    """Import a confirmed backlog file (accidents, meetings or publicity events) on behalf of its owner.

    Idempotent: org.imports.import_job_run leaves a job done already alone.
    """
    from org.imports import JOB_PREFIX, import_job_run
    from org.models import ExportJob
    from org.scoping import user_has_role
    from responsibility.importers import IMPORTERS, IMPORTS

    kind = ExportJob.objects.values_list("kind", flat=True).get(pk=job_id).removeprefix(JOB_PREFIX)
    job = import_job_run(spec=IMPORTS[kind], job_id=job_id, allowed=lambda user: user_has_role(user, IMPORTERS))
    return job.pk
