"""A job whose worker died (issue 17), without a broker (the embedded default: eager Celery, in-process).

Its heartbeat stops; the beat task or the job's page, when it polls, finds it silent for too long and sends
it again if it can be (an export), here running it in-process, or marks it failed with a Chinese message
(an import's confirm, or an export tried too often). tests/integration/test_job_heartbeat.py does the same
through the real broker and a real worker.
"""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from hazards.importers import HAZARDS
from hazards.tasks import export_hazard_ledger_task
from org.jobs import jobs_recover_stale, stale_after
from org.models import AuditEntry, ExportJob
from org.services import export_job_create, export_job_run
from org.tasks import fail_stale_export_jobs_task

pytestmark = pytest.mark.django_db

SILENT = dt.timedelta(minutes=3)  # past JOB_STALE_AFTER_SECONDS (2 minutes)


def _running(owner, *, quiet_for: dt.timedelta, attempts: int = 0) -> ExportJob:
    """What a worker killed at 66 % leaves: running, two of three rows, and no heartbeat since ``quiet_for``."""
    job = export_job_create(
        owner=owner, kind="hazards.ledger", params={"query": "", "task": export_hazard_ledger_task.name}
    )
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.RUNNING, progress=2, total=3, attempts=attempts, updated_at=timezone.now() - quiet_for
    )
    return ExportJob.objects.get(pk=job.pk)


def _import_running(owner, *, quiet_for: dt.timedelta) -> tuple[str, ExportJob]:
    """A confirmed hazard import half checked by its worker, and the URL of its progress page."""
    job = ExportJob.objects.create(
        owner=owner,
        kind=HAZARDS.job_kind,
        total=10,
        filename="隐患.xlsx",
        file="exports/x.xlsx",
        params={"file": "隐患.xlsx", "upload": "imports/x.xlsx"},
    )
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.RUNNING, progress=5, updated_at=timezone.now() - quiet_for
    )
    return f"{reverse('hazards:import_progress')}?job={job.pk}", ExportJob.objects.get(pk=job.pk)


def test_polling_an_export_whose_heartbeat_stopped_resumes_it_in_process(
    staff_a_client, township_a_staff, township_a_hazard, django_capture_on_commit_callbacks
):
    job = _running(township_a_staff, quiet_for=SILENT)

    with django_capture_on_commit_callbacks(execute=True):
        staff_a_client.get(reverse("org:export_job", args=[job.pk]))
    page = staff_a_client.get(reverse("org:export_job", args=[job.pk])).content.decode()

    job.refresh_from_db()
    assert (job.status, job.attempts) == (ExportJob.Status.DONE, 1)
    assert reverse("org:export_job_download", args=[job.pk]) in page
    assert AuditEntry.objects.filter(action="hazards.ledger.export_resumed", target_id=job.pk).exists()


def test_a_job_still_beating_keeps_running(staff_a_client, township_a_staff):
    job = _running(township_a_staff, quiet_for=dt.timedelta(seconds=60))

    staff_a_client.get(reverse("org:export_job", args=[job.pk]))

    job.refresh_from_db()
    assert (job.status, job.attempts) == (ExportJob.Status.RUNNING, 0)


def test_an_export_tried_too_often_is_failed_and_the_page_says_so_and_stops_polling(
    staff_a_client, township_a_staff, settings
):
    job = _running(township_a_staff, quiet_for=SILENT, attempts=settings.JOB_MAX_RESUMES)

    page = staff_a_client.get(reverse("org:export_job", args=[job.pk])).content.decode()

    job.refresh_from_db()
    assert job.worker_lost
    assert "请重新生成" in page
    assert "hx-get" not in page


def test_a_confirmed_import_whose_worker_died_is_failed_with_a_chinese_message(staff_a_client, township_a_staff):
    progress, job = _import_running(township_a_staff, quiet_for=SILENT)

    assert fail_stale_export_jobs_task.apply().get() == 1
    page = staff_a_client.get(progress).content.decode()

    job.refresh_from_db()
    assert (job.status, job.attempts) == (ExportJob.Status.FAILED, 0)
    assert "处理此任务的进程在完成前已停止" in page
    assert AuditEntry.objects.filter(action="import.hazard.export_worker_lost", target_id=job.pk).exists()


def test_polling_the_import_page_detects_its_dead_worker(staff_a_client, township_a_staff):
    progress, job = _import_running(township_a_staff, quiet_for=SILENT)

    staff_a_client.get(progress)

    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED


def test_a_finished_job_is_never_touched(township_a_staff, township_a_hazard):
    job = export_job_create(owner=township_a_staff, kind="hazards.ledger", params={"query": ""})
    export_hazard_ledger_task.apply(args=(job.pk,))

    assert jobs_recover_stale(now=timezone.now() + dt.timedelta(days=1)) == 0


def test_without_a_heartbeat_thread_a_job_is_stale_only_after_its_time_limit(township_a_staff, settings):
    settings.JOB_HEARTBEAT_SECONDS = 0
    job = _running(township_a_staff, quiet_for=SILENT)

    assert export_hazard_ledger_task.time_limit is not None
    assert stale_after(job) == dt.timedelta(seconds=export_hazard_ledger_task.time_limit)


@pytest.mark.django_db(transaction=True)
def test_a_running_job_beats_while_its_work_says_nothing(township_a_staff, settings):
    """A PDF laid out for a while reports no progress; the heartbeat thread keeps the job alive all the same."""
    settings.JOB_HEARTBEAT_SECONDS = 0.05
    job = export_job_create(owner=township_a_staff, kind="test.silent", params={})
    seen: list[dt.datetime] = []

    def produce(job, progress):
        seen.append(ExportJob.objects.get(pk=job.pk).updated_at)
        time.sleep(0.5)
        seen.append(ExportJob.objects.get(pk=job.pk).updated_at)
        return b"%PDF-", "x.pdf"

    export_job_run(job_id=job.pk, produce=produce)

    assert seen[1] - seen[0] >= dt.timedelta(seconds=0.3)


def test_polling_a_backlog_import_whose_worker_died_shows_it_failed(staff_a_client, township_a_staff):
    job = ExportJob.objects.create(owner=township_a_staff, kind="import.accident", total=400, params={"file": "x"})
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING, updated_at=timezone.now() - SILENT)

    page = staff_a_client.get(reverse("responsibility:accident_import_progress") + f"?job={job.pk}").content.decode()

    assert "处理此任务的进程在完成前已停止。 未导入任何数据。" in page
    assert "hx-get" not in page


def test_without_a_broker_an_export_still_waiting_long_after_its_request_is_resumed(
    staff_a_client, township_a_staff, township_a_hazard, django_capture_on_commit_callbacks
):
    """The request that ran it in-process died between the commit and the start: nothing else would send it."""
    job = export_job_create(
        owner=township_a_staff, kind="hazards.ledger", params={"query": "", "task": export_hazard_ledger_task.name}
    )
    ExportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - SILENT)

    with django_capture_on_commit_callbacks(execute=True):
        staff_a_client.get(reverse("org:export_job", args=[job.pk]))

    job.refresh_from_db()
    assert (job.status, job.attempts) == (ExportJob.Status.DONE, 1)


def test_an_export_waiting_for_the_broker_is_left_to_the_requeue(township_a_staff):
    job = export_job_create(
        owner=township_a_staff, kind="hazards.ledger", params={"query": "", "task": export_hazard_ledger_task.name}
    )
    ExportJob.objects.filter(pk=job.pk).update(
        error=f"{ExportJob.BROKER_DOWN}: ConnectionError", updated_at=timezone.now() - SILENT
    )

    assert jobs_recover_stale() == 0
