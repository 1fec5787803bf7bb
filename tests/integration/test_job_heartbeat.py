"""A job whose worker died, with the real broker (issue 17): resumed through Redis by a real worker, or failed.

tests/org/test_export_stale.py does the same without a broker (eager Celery, in-process). The last test kills
a real worker process with SIGKILL mid-export, with a visibility timeout so long that Redis would not hand
the task on for 45 minutes: the heartbeat stops, the beat task finds the job silent and sends it again, and a
second worker finishes it (PostgreSQL, which a second process can open).
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from hazards.importers import HAZARDS
from hazards.tasks import export_hazard_ledger_task
from org.models import AuditEntry, ExportJob
from org.services import export_job_create
from org.tasks import fail_stale_export_jobs_task
from tests.factories.hazards import HazardFactory
from tests.integration.conftest import TEST_QUEUE, service_missing
from tests.integration.test_worker_crash import ROWS, _database_url, _wait

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

SILENT = dt.timedelta(minutes=3)


def _left_running(owner, **params) -> ExportJob:
    job = export_job_create(owner=owner, kind="hazards.ledger", params={"query": "", **params})
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.RUNNING, progress=2, total=3, updated_at=timezone.now() - SILENT
    )
    return ExportJob.objects.get(pk=job.pk)


def _worker(broker_url: str, media: Path) -> subprocess.Popen:
    """A worker process beating every second, whose task Redis would not hand on for an hour."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "safetyportal.settings.test",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": broker_url,
        "CELERY_VISIBILITY_TIMEOUT": "3600",
        "TEST_MEDIA_ROOT": str(media),
        "JOB_HEARTBEAT_SECONDS": "1",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "tests.integration.crash_worker", TEST_QUEUE],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _until(job: ExportJob, status: str, timeout: float = 30) -> ExportJob:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status == status:
            return job
        time.sleep(0.1)
    raise AssertionError(f"waited {timeout} s: {job.status} {job.progress}/{job.total}")


def test_an_export_left_running_by_a_dead_worker_is_resumed_through_the_broker(
    real_worker, township_a_staff, township_a_hazard
):
    job = _left_running(township_a_staff, task=export_hazard_ledger_task.name)

    assert fail_stale_export_jobs_task.apply().get() == 1

    job = _until(job, ExportJob.Status.DONE)
    assert job.attempts == 1
    assert Path(job.file.path).exists()
    assert AuditEntry.objects.filter(action="hazards.ledger.export_resumed", target_id=job.pk).exists()


def test_an_import_left_running_by_a_dead_worker_is_failed_with_a_broker_too(real_worker, township_a_staff):
    job = ExportJob.objects.create(
        owner=township_a_staff,
        kind=HAZARDS.job_kind,
        total=10,
        params={"file": "隐患.xlsx", "upload": "imports/x.xlsx"},
    )
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING, updated_at=timezone.now() - SILENT)

    assert fail_stale_export_jobs_task.apply().get() == 1

    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED
    assert job.params["message"] == "处理此任务的进程在完成前已停止。"


def test_a_worker_killed_mid_export_stops_beating_and_the_job_is_resumed_by_another(
    broker_url, township_a, township_a_staff, settings
):
    if connection.vendor != "postgresql":
        service_missing("a worker process needs a database it can open: run with DATABASE_URL=postgres://…")
    settings.JOB_HEARTBEAT_SECONDS, settings.JOB_STALE_AFTER_SECONDS = 1, 3
    HazardFactory.create_batch(ROWS, org_unit=township_a)
    media = Path(settings.MEDIA_ROOT)
    job = export_job_create(owner=township_a_staff, kind="hazards.ledger", params={"query": ""})
    from safetyportal.celery import app

    app.conf.update(
        broker_url=broker_url, result_backend=broker_url, task_always_eager=False, task_default_queue=TEST_QUEUE
    )
    app._after_fork()  # type: ignore[attr-defined]  # Celery's private resets, absent from its stubs
    app._local.__dict__.pop("backend", None)  # type: ignore[attr-defined]
    try:
        from org.services import export_job_enqueue

        export_job_enqueue(job=job, task=export_hazard_ledger_task)  # sent now: no transaction around it
        first = _worker(broker_url, media)
        try:
            _wait(job, lambda j: j.status == ExportJob.Status.RUNNING and j.progress >= 500, 60, first)
        finally:
            os.kill(first.pid, signal.SIGKILL)  # the power cut: no ack, no last heartbeat
            first.wait(10)
        second = _worker(broker_url, media)
        try:
            deadline = time.monotonic() + 30
            while fail_stale_export_jobs_task.apply().get() == 0:  # Celery beat, every few minutes in production
                assert time.monotonic() < deadline, "the killed worker's job was never taken for dead"
                time.sleep(0.5)
            job = _wait(job, lambda j: j.status == ExportJob.Status.DONE, 120, second)
        finally:
            second.terminate()
            second.wait(20)
    finally:
        app.conf.update(task_always_eager=True, broker_url=None, result_backend=None, task_default_queue="celery")
        app._after_fork()  # type: ignore[attr-defined]
        app._local.__dict__.pop("backend", None)  # type: ignore[attr-defined]

    assert job.attempts == 1
    assert job.file.name is not None
    assert sorted((media / "exports").rglob("*.xlsx")) == [media / job.file.name]
