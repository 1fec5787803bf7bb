"""Faults: the broker down, a task delivered twice, a worker that died mid-write.

With Redis unreachable the portal still serves its pages and says an export is queued; the
export is sent once the broker is back. However often a task is delivered, one file results.
(Killing a real worker process is in tests/integration/test_worker_crash.py.)
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from hazards.exporters import ledger_export_produce
from hazards.tasks import export_hazard_ledger_task
from org.models import ExportJob
from org.services import export_job_create, export_job_run, export_jobs_requeue
from safetyportal.celery import app

pytestmark = pytest.mark.django_db

NOWHERE = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def redis_down(settings):
    """A broker that refuses connections, and tasks that really go to it (not run in-process)."""
    settings.CELERY_BROKER_URL = NOWHERE
    # The result store is Redis too in production, and Celery fails differently when it is down.
    app.conf.update(broker_url=NOWHERE, result_backend=NOWHERE, task_always_eager=False)
    _forget_connections()
    yield
    app.conf.update(broker_url=None, result_backend=None, task_always_eager=True)
    _forget_connections()


def _forget_connections() -> None:
    # Celery's private resets, absent from its stubs.
    app._after_fork()  # type: ignore[attr-defined]  # pooled broker connections
    app._local.__dict__.pop("backend", None)  # type: ignore[attr-defined]  # the backend built from the old settings


@pytest.fixture
def export(django_capture_on_commit_callbacks):
    """Ask for the ledger export as the button does; the enqueue runs when the request's transaction commits."""

    def ask(client) -> ExportJob:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("hazards:export"))
        assert response.status_code == 302
        return ExportJob.objects.get()

    return ask


def _files() -> list[Path]:
    return sorted(Path(settings.MEDIA_ROOT, "exports").rglob("*.xlsx"))


@pytest.mark.usefixtures("redis_down")
def test_with_redis_down_an_export_request_answers_and_is_queued(export, staff_a_client, township_a_hazard):
    job = export(staff_a_client)

    page = staff_a_client.get(reverse("org:export_job", args=[job.pk]))

    assert (job.status, job.is_waiting_for_broker) == (ExportJob.Status.PENDING, True)
    assert b'id="export-queued"' in page.content


@pytest.mark.usefixtures("redis_down")
@pytest.mark.parametrize("name", ["hazards:list", "reports:township_dashboard", "hazards:detail"])
def test_with_redis_down_the_pages_still_answer(staff_a_client, township_a_hazard, name):
    args = [township_a_hazard.pk] if name == "hazards:detail" else []
    assert staff_a_client.get(reverse(name, args=args)).status_code == 200


@pytest.mark.usefixtures("redis_down")
def test_with_redis_down_healthz_says_unavailable(client):
    assert client.get(reverse("healthz")).status_code == 503


def test_a_queued_export_is_sent_once_the_broker_is_back(redis_down, export, staff_a_client, township_a_hazard):
    job = export(staff_a_client)
    app.conf.update(task_always_eager=True)  # the broker is back (in-process here)

    sent = export_jobs_requeue(older_than=dt.timedelta(0))

    job.refresh_from_db()
    assert (sent, job.status) == (1, ExportJob.Status.DONE)
    assert len(_files()) == 1


def test_a_task_delivered_twice_writes_one_file(township_a_staff, township_a_hazard):
    job = export_job_create(owner=township_a_staff, kind="hazards.ledger", params={"query": ""})

    export_hazard_ledger_task.apply(args=(job.pk,))
    export_hazard_ledger_task.apply(args=(job.pk,))

    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE
    assert job.file.name is not None
    assert _files() == [Path(settings.MEDIA_ROOT, job.file.name)]


def test_a_job_left_running_by_a_dead_worker_is_finished_by_the_redelivery(township_a_staff, township_a_hazard):
    job = export_job_create(owner=township_a_staff, kind="hazards.ledger", params={"query": ""})
    # What a worker killed halfway leaves behind: the job running, part of the progress, no file.
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING, progress=1, total=2)

    export_hazard_ledger_task.apply(args=(job.pk,))

    job.refresh_from_db()
    assert (job.status, job.progress) == (ExportJob.Status.DONE, 1)
    assert len(_files()) == 1


def test_two_deliveries_finishing_together_leave_the_first_file_only(township_a_staff, township_a_hazard):
    job = export_job_create(owner=township_a_staff, kind="hazards.ledger", params={"query": ""})

    def slower_delivery(current, progress):
        # While this delivery is still producing, the redelivered copy of the task runs to the end.
        export_job_run(job_id=job.pk, produce=ledger_export_produce)
        return ledger_export_produce(current, progress)

    export_job_run(job_id=job.pk, produce=slower_delivery)

    job.refresh_from_db()
    assert job.file.name is not None
    assert _files() == [Path(settings.MEDIA_ROOT, job.file.name)]
