"""A worker killed with SIGKILL in the middle of an export: another worker finishes it, and one file results.

Real processes: two Celery workers in turn, the real Redis broker, the test database (PostgreSQL,
which a second process can open; SQLite's in-memory test database it cannot). The task is
acknowledged late, so the broker still holds it when the first worker dies; after the visibility
timeout (5 s here, 45 min in production) the second worker takes it over.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from openpyxl import load_workbook

from hazards.models import Hazard
from hazards.tasks import export_hazard_ledger_task
from org.models import ExportJob
from org.services import export_job_create
from tests.factories.hazards import HazardFactory
from tests.integration.conftest import TEST_QUEUE, service_missing

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

ROWS = 3000  # at 2 ms a row the export takes six seconds: time to kill it halfway
VISIBILITY = 5


def _database_url() -> str:
    db = connection.settings_dict
    auth = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _worker(broker_url: str, media: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "safetyportal.settings.test",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": broker_url,
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY),
        "TEST_MEDIA_ROOT": str(media),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "tests.integration.crash_worker", TEST_QUEUE],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _wait(job: ExportJob, done, timeout: float, worker: subprocess.Popen) -> ExportJob:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if done(job):
            return job
        if worker.poll() is not None:
            assert worker.stderr is not None
            raise AssertionError(f"the worker exited early: {worker.stderr.read().decode()[-2000:]}")
        time.sleep(0.1)
    raise AssertionError(f"waited {timeout} s: {job.status} {job.progress}/{job.total}")


def test_an_export_survives_its_worker_being_killed_and_is_written_once(broker_url, township_a, township_a_staff):
    if connection.vendor != "postgresql":
        service_missing("a worker process needs a database it can open: run with DATABASE_URL=postgres://…")
    HazardFactory.create_batch(ROWS, org_unit=township_a)
    media = Path(settings.MEDIA_ROOT)
    job = export_job_create(owner=township_a_staff, kind="hazards.ledger", params={"query": ""})
    from safetyportal.celery import app

    app.conf.update(broker_url=broker_url, task_always_eager=False)
    app._after_fork()  # type: ignore[attr-defined]  # Celery's private reset of pooled connections, absent from its stubs
    try:
        export_hazard_ledger_task.apply_async(args=(job.pk,), queue=TEST_QUEUE)
        first = _worker(broker_url, media)
        try:
            _wait(job, lambda j: j.status == ExportJob.Status.RUNNING and j.progress >= 500, 60, first)
        finally:
            os.kill(first.pid, signal.SIGKILL)  # no warm shutdown, no ack: the power cut
            first.wait(10)
        killed_at = ExportJob.objects.get(pk=job.pk).progress
        time.sleep(VISIBILITY + 1)
        second = _worker(broker_url, media)
        try:
            job = _wait(job, lambda j: j.status == ExportJob.Status.DONE, 120, second)
        finally:
            second.terminate()
            second.wait(20)
    finally:
        app.conf.update(task_always_eager=True, broker_url=None)
        app._after_fork()  # type: ignore[attr-defined]

    files = sorted((media / "exports").rglob("*.xlsx"))
    sheet = load_workbook(io.BytesIO(files[0].read_bytes()), read_only=True).worksheets[0]
    assert 0 < killed_at < ROWS
    assert job.file.name is not None
    assert files == [media / job.file.name]
    assert sum(1 for _row in sheet.iter_rows(min_row=2)) == ROWS == Hazard.objects.count()
