"""Tasks go through the real Redis broker to a real worker and back."""

from __future__ import annotations

import datetime as dt

import pytest
from celery.contrib.testing.worker import start_worker

from hazards.models import Hazard
from hazards.tasks import mark_overdue_hazards_task
from org.models import Notification
from safetyportal.celery import app
from tests.factories.hazards import HazardFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def real_worker(broker_url):
    # Eager mode is the test default; this test wants the real round trip.
    app.conf.update(broker_url=broker_url, result_backend=broker_url, task_always_eager=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield app
    finally:
        app.conf.update(task_always_eager=True)


def test_overdue_job_runs_on_a_real_worker_through_redis(real_worker, township_a, township_a_staff):
    HazardFactory(org_unit=township_a, status=Hazard.Status.ASSIGNED, responsible_unit="某公司",
                  found_on=dt.date(2026, 1, 5), deadline=dt.date(2026, 1, 20))

    result = mark_overdue_hazards_task.delay()

    assert result.get(timeout=20) == 1
    assert Notification.objects.filter(recipient=township_a_staff).count() == 1
