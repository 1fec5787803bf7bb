from __future__ import annotations

from celery import shared_task

from hazards import services


@shared_task(acks_late=True, time_limit=600, soft_time_limit=540)
def mark_overdue_hazards_task() -> int:
    """Daily (Celery beat): stamp overdue hazards and notify their townships.

    Idempotent: hazards already stamped are skipped, notices are de-duplicated.
    """
    return services.hazards_mark_overdue()
