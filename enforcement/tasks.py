from __future__ import annotations

from celery import shared_task

from enforcement.services import enforcement_send_reminders


@shared_task(acks_late=True, time_limit=600, soft_time_limit=540)
def send_enforcement_reminders_task() -> dict[str, int]:
    """Daily (Celery beat): orders past their deadline and cases near the decision limit.

    Idempotent: reminded records are stamped and notices carry a per-day dedupe key.
    """
    return enforcement_send_reminders()
