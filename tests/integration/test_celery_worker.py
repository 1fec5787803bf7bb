"""Tasks go through the real Redis broker to a real worker and back."""

from __future__ import annotations

import datetime as dt

import pytest

from hazards.models import Hazard
from hazards.tasks import mark_overdue_hazards_task
from org.models import Notification
from tests.factories.hazards import HazardFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_overdue_job_runs_on_a_real_worker_through_redis(real_worker, township_a, township_a_staff):
    HazardFactory.create(
        org_unit=township_a,
        status=Hazard.Status.ASSIGNED,
        responsible_unit="某公司",
        found_on=dt.date(2026, 1, 5),
        deadline=dt.date(2026, 1, 20),
    )

    result = mark_overdue_hazards_task.delay()

    assert result.get(timeout=20) == 1
    assert Notification.objects.filter(recipient=township_a_staff).count() == 1
