"""An export whose worker died is shown as failed, not "进行中 66%" for good."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from hazards.tasks import export_hazard_ledger_task
from org.models import AuditEntry, ExportJob
from org.services import export_job_create, export_jobs_fail_stale
from org.tasks import fail_stale_export_jobs_task

pytestmark = pytest.mark.django_db

LIMIT = dt.timedelta(seconds=export_hazard_ledger_task.time_limit)


def _running(owner, *, quiet_for: dt.timedelta) -> ExportJob:
    """What a worker killed at 66 % leaves: running, two of three rows, and no word since ``quiet_for``."""
    job = export_job_create(owner=owner, kind="hazards.ledger",
                            params={"query": "", "task": export_hazard_ledger_task.name})
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING, progress=2, total=3,
                                               updated_at=timezone.now() - quiet_for)
    return ExportJob.objects.get(pk=job.pk)


def test_polling_a_job_silent_longer_than_its_time_limit_shows_it_failed(staff_a_client, township_a_staff):
    job = _running(township_a_staff, quiet_for=LIMIT + dt.timedelta(minutes=1))

    page = staff_a_client.get(reverse("org:export_job", args=[job.pk]))

    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED
    assert "请重新生成" in page.content.decode()
    assert "hx-get" not in page.content.decode()  # the page stops polling


def test_a_job_still_within_its_time_limit_keeps_running(staff_a_client, township_a_staff):
    job = _running(township_a_staff, quiet_for=LIMIT - dt.timedelta(minutes=1))

    staff_a_client.get(reverse("org:export_job", args=[job.pk]))

    job.refresh_from_db()
    assert job.status == ExportJob.Status.RUNNING


def test_the_beat_task_marks_stale_jobs_failed_with_an_audit_entry(township_a_staff):
    stale = _running(township_a_staff, quiet_for=LIMIT + dt.timedelta(minutes=1))
    _running(township_a_staff, quiet_for=dt.timedelta(seconds=10))

    assert fail_stale_export_jobs_task.apply().get() == 1
    stale.refresh_from_db()
    assert stale.worker_lost
    assert AuditEntry.objects.filter(action="hazards.ledger.export_worker_lost", target_id=stale.pk).exists()


def test_a_finished_job_is_never_marked_failed(township_a_staff, township_a_hazard):
    job = export_job_create(owner=township_a_staff, kind="hazards.ledger", params={"query": ""})
    export_hazard_ledger_task.apply(args=[job.pk])

    assert export_jobs_fail_stale(now=timezone.now() + LIMIT * 2) == 0  # done jobs are never touched
