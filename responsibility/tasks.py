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
