"""The worker's part of a long import (org.imports.import_job_run) as its user sees it on the progress page.

The confirmation only claims the file (``with_a_broker``: the task is recorded, not run); the test then does
what the worker does with the job's id, and the user polls the page meanwhile (``polls``: the page fetched
when the worker starts checking and after each progress report) or afterwards.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from celery import current_app
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from floodprep.importers import ROSTER
from floodprep.importers import WRITERS as ROSTER_WRITERS
from floodprep.models import ResponsiblePerson
from hazards.importers import HAZARDS, IMPORTERS
from hazards.models import Hazard
from hazards.tasks import import_hazards_task
from hazards.urls import IMPORT_SITE
from org import imports
from org.imports import import_job_create, import_job_run, row_key
from org.jobs import jobs_recover_stale
from org.models import ExportJob, OrgUnit, Role
from org.retention import files_remove_expired
from org.scoping import user_has_role
from tests.factories.hazards import HazardFactory
from tests.factories.org import OrgUnitFactory, UserFactory
from tests.floodprep.test_import import _row as _roster_row
from tests.floodprep.test_import import _xlsx as _roster_xlsx
from tests.hazards.test_import import _row, _xlsx

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("township_a", "village_a")]

MARCH = dt.date(2026, 3, 10)  # the found date of tests.hazards.test_import._row
SILENT = dt.timedelta(minutes=3)  # past JOB_STALE_AFTER_SECONDS (2 minutes)
PROGRESS = reverse("hazards:import_progress")


class _Nowhere:
    """A task nobody runs: the test does the worker's part itself."""

    name = "nowhere"

    @staticmethod
    def apply_async(**_kwargs: object) -> None:
        return None


@pytest.fixture
def with_a_broker(monkeypatch) -> Iterator[list[list]]:
    """Celery as production runs it: sent to a broker (recorded here), not run in the request; and every file
    confirmed goes to the worker, as one of more than IMPORT_SITE.sync_rows rows does."""
    sent: list[list] = []
    monkeypatch.setattr(import_hazards_task, "apply_async", lambda args, **kw: sent.append(args))
    monkeypatch.setattr(IMPORT_SITE, "sync_rows", 0)
    eager, current_app.conf.task_always_eager = current_app.conf.task_always_eager, False
    yield sent
    current_app.conf.task_always_eager = eager


def _rows(n: int, **overrides: Any) -> list[dict[str, Any]]:
    return [_row(**{"场所/企业名称": f"补录场所{i}", **overrides}) for i in range(n)]


def _confirm(client: Client, rows: list[dict[str, Any]]) -> ExportJob:
    """Upload and confirm a file; the worker has not started yet."""
    preview = client.post(reverse("hazards:import"), {"file": _xlsx(rows)})
    assert preview.context["result"].ok, preview.context["result"].errors
    client.post(reverse("hazards:import_confirm"), {"token": preview.context["token"]})
    return ExportJob.objects.filter(kind=HAZARDS.job_kind).latest("pk")


def _run(job: ExportJob) -> ExportJob:
    """What the worker does with the job's id (hazards.tasks.import_hazards_task)."""
    return import_job_run(spec=HAZARDS, job_id=job.pk, allowed=lambda user: user_has_role(user, IMPORTERS))


def _page(client: Client, job: ExportJob | None = None) -> str:
    url = f"{PROGRESS}?job={job.pk}" if job else PROGRESS
    return client.get(url, headers={"HX-Request": "true"}).content.decode()


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"(?s)<[^>]+>", " ", html)).strip()


@pytest.fixture
def polls(monkeypatch) -> Callable[[Callable[[], str]], list[str]]:
    """The pages the user sees while the worker checks: when it starts, then after each progress report."""

    def watch(poll: Callable[[], str]) -> list[str]:
        pages: list[str] = []
        real = imports.check_file

        def checking(spec, file, user, progress=None):
            pages.append(poll())

            def report(done: int) -> None:
                progress(done)
                pages.append(poll())

            return real(spec, file, user, report if progress else None)

        monkeypatch.setattr(imports, "check_file", checking)
        return pages

    return watch


# --- While the worker checks ----------------------------------------------------------------------------------


def test_a_job_that_waited_long_in_the_queue_shows_running_when_its_worker_starts(staff_a_client, with_a_broker, polls):
    job = _confirm(staff_a_client, _rows(2))
    ExportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - SILENT)  # queued behind others
    pages = polls(lambda: _text(_page(staff_a_client, job)))

    _run(job)

    assert "状态: 进行中" in pages[0]  # not failed as lost: the start is a sign of life


def test_the_page_shows_the_rows_checked_as_the_worker_reports_them(staff_a_client, with_a_broker, polls):
    job = _confirm(staff_a_client, _rows(600))
    pages = polls(lambda: _text(_page(staff_a_client, job)))

    _run(job)

    assert ["已检查 500 / 600 行" in page for page in pages] == [False, True]  # as it starts, after 500 rows
    assert Hazard.objects.count() == 600


# --- Refused, failed, done ------------------------------------------------------------------------------------


def test_an_owner_whose_role_changed_is_refused_in_chinese_even_by_a_worker_speaking_english(
    staff_a_client, with_a_broker, township_a_staff
):
    job = _confirm(staff_a_client, _rows(2))
    township_a_staff.role = Role.LEADER
    township_a_staff.save()

    with translation.override("en"):
        _run(job)

    assert not Hazard.objects.exists()
    township_a_staff.role = Role.TOWNSHIP_STAFF  # given back: the page says why nothing came of it
    township_a_staff.save()
    assert "您的角色无权执行此操作。 未导入任何数据。" in _text(_page(staff_a_client, job))


def test_an_owner_who_left_is_refused_though_the_account_still_has_its_role(
    staff_a_client, with_a_broker, township_a_staff
):
    job = _confirm(staff_a_client, _rows(2))
    township_a_staff.is_active = False
    township_a_staff.save()

    _run(job)

    assert not Hazard.objects.exists()
    township_a_staff.is_active = True  # back: the page says why nothing came of it
    township_a_staff.save()
    assert "您的角色无权执行此操作。" in _text(_page(staff_a_client, job))


def test_a_failed_recheck_lists_each_problem_with_its_row_column_cell_and_reason(
    staff_a_client, with_a_broker, township_a
):
    job = _confirm(staff_a_client, _rows(1))
    township_a.name, township_a.short_name = "城关镇", ""  # renamed between the check and the worker
    township_a.save()

    _run(job)

    assert "2 镇街 A2 您的辖区内没有这个名称的单位。" in _text(_page(staff_a_client, job))


def test_a_row_refused_as_a_whole_at_the_recheck_is_listed_without_a_cell(officer_client, with_a_broker, district_a):
    """老城街道 is merged into 城关街道 between the check and the worker: two rows become one hazard."""
    old_town = OrgUnitFactory.create(name="老城街道", code="TC", kind=OrgUnit.Kind.TOWNSHIP, parent=district_a)
    rows = [_row(**{"村社": ""}), _row(**{"镇街": "老城街道", "村社": ""})]
    preview = officer_client.post(reverse("hazards:import"), {"file": _xlsx(rows)})
    officer_client.post(reverse("hazards:import_confirm"), {"token": preview.context["token"]})
    job = ExportJob.objects.get(kind=HAZARDS.job_kind)
    old_town.name = "老城街道（已撤并）"
    old_town.save()
    OrgUnit.objects.filter(name="城关街道").update(short_name="老城街道")

    _run(job)

    assert "3 — — 与第2行为同一隐患。" in _text(_page(officer_client, job))


def test_a_hazard_corrected_since_its_import_is_skipped_when_the_file_is_imported_again(
    staff_a_client, with_a_broker, township_a
):
    """Its key cells no longer match the file's, the key the database keeps of its import (import_key) still does:
    the same row, not a new hazard, and not a file blocked for ever by the database's unique key."""
    _run(_confirm(staff_a_client, _rows(1)))
    Hazard.objects.update(description="已更正的描述")
    job = _confirm(staff_a_client, _rows(2))

    _run(job)

    assert "已导入1项隐患；台账中已有的1项已跳过。" in _text(_page(staff_a_client, job))
    assert Hazard.objects.count() == 2


def test_rows_imported_meanwhile_fail_the_import_in_chinese(staff_a_client, with_a_broker, township_a, monkeypatch):
    """A colleague's import committed between the worker's check and its insert, which neither check saw."""
    job = _confirm(staff_a_client, _rows(2))
    fields = {"org_unit": township_a, "place_name": "补录场所0", "description": _row()["隐患描述"], "found_on": MARCH}
    HazardFactory.create(**fields, import_key=row_key(HAZARDS, fields))
    monkeypatch.setattr(imports, "mark_duplicates", lambda spec, rows: None)

    _run(job)

    assert "其中部分数据已由他人先行导入，请重新上传。 未导入任何数据。" in _text(_page(staff_a_client, job))
    assert Hazard.objects.count() == 1


def test_the_done_page_counts_the_rows_already_in_the_ledger(staff_a_client, with_a_broker):
    _run(_confirm(staff_a_client, _rows(1)))
    job = _confirm(staff_a_client, _rows(3))

    _run(job)

    assert "已导入2项隐患；台账中已有的1项已跳过。" in _text(_page(staff_a_client, job))


def test_an_imported_hazard_names_its_importer_as_its_finder(staff_a_client, with_a_broker):
    _run(_confirm(staff_a_client, _rows(1)))

    page = staff_a_client.get(reverse("hazards:detail", args=[Hazard.objects.get().pk])).content.decode()

    assert "2026-03-10 · 陈网格" in _text(page)


def test_a_failed_imports_kept_file_is_removed_after_the_retention_period(
    staff_a_client, with_a_broker, township_a, settings, django_capture_on_commit_callbacks
):
    settings.RETENTION_PENDING_UPLOAD_HOURS = 48
    job = _confirm(staff_a_client, _rows(1))
    township_a.name, township_a.short_name = "城关镇", ""
    township_a.save()
    kept = Path(_run(job).file.path)

    with django_capture_on_commit_callbacks(execute=True):
        counts = files_remove_expired(now=timezone.now() + dt.timedelta(hours=49))

    assert (counts["org.import_job"], kept.exists()) == (1, False)


# --- The user's imports -----------------------------------------------------------------------------------------


def _claimed(owner, filename: str, *, kind: str = HAZARDS.job_kind) -> ExportJob:
    return ExportJob.objects.create(owner=owner, kind=kind, filename=filename, total=3, params={"file": filename})


def test_the_page_without_a_job_shows_the_latest_confirmed_import(staff_a_client, township_a_staff):
    later = _claimed(township_a_staff, "三月.xlsx")
    earlier = _claimed(township_a_staff, "二月.xlsx")  # recorded second, confirmed an hour before
    ExportJob.objects.filter(pk=earlier.pk).update(created_at=later.created_at - dt.timedelta(hours=1))

    assert "三月.xlsx" in staff_a_client.get(PROGRESS).content.decode()


def test_of_two_imports_confirmed_at_the_same_instant_the_page_shows_the_second(staff_a_client, township_a_staff):
    first, second = _claimed(township_a_staff, "一.xlsx"), _claimed(township_a_staff, "二.xlsx")
    ExportJob.objects.filter(pk=second.pk).update(created_at=first.created_at)

    assert "二.xlsx" in staff_a_client.get(PROGRESS).content.decode()


def test_the_import_page_shows_only_imports_of_its_kind(staff_a_client, township_a_staff):
    _claimed(township_a_staff, "隐患.xlsx")
    roster = _claimed(township_a_staff, "名册.xlsx", kind=ROSTER.job_kind)

    assert "隐患.xlsx" in staff_a_client.get(PROGRESS).content.decode()
    assert staff_a_client.get(f"{PROGRESS}?job={roster.pk}").status_code == 404


# --- The roster: a kind with its own write ------------------------------------------------------------------


def _roster_job(owner, rows: list[dict[str, Any]]) -> ExportJob:
    """A long roster file confirmed by ``owner``; its worker has not started yet."""
    content = _roster_xlsx(rows).read()
    return import_job_create(
        spec=ROSTER, acting_user=owner, content=content, filename="防汛责任人.xlsx", rows=len(rows), task=_Nowhere
    )


def _run_roster(job: ExportJob) -> ExportJob:
    """What floodprep.tasks.import_roster_task does with the job's id."""
    return import_job_run(spec=ROSTER, job_id=job.pk, allowed=lambda user: user_has_role(user, ROSTER_WRITERS))


def test_the_audit_trail_names_the_file_a_roster_came_from(township_a_staff, admin_client):
    _run_roster(_roster_job(township_a_staff, [_roster_row()]))

    trail = admin_client.get(reverse("admin:org_auditentry_changelist")).content.decode()

    assert "&quot;import&quot;: &quot;防汛责任人.xlsx&quot;" in trail  # the person's entry, not the confirmation's


def test_a_roster_refused_by_its_write_after_a_reorganisation_fails_in_chinese(
    district_a, district_b, township_a, village_a, client_for, monkeypatch
):
    """城关街道 moves to 青山县 between the worker's check and its write: the roster's write refuses the unit."""
    owner = UserFactory.create(username="district_admin", org_unit=district_a, role=Role.ADMIN)
    job = _roster_job(owner, [_roster_row()])
    real = imports.check_file

    def then_moved(*args: Any, **kwargs: Any) -> imports.ImportResult:
        result = real(*args, **kwargs)
        for unit in (township_a, village_a):
            OrgUnit.objects.filter(pk=unit.pk).update(path=unit.path.replace(district_a.path, district_b.path))
        return result

    monkeypatch.setattr(imports, "check_file", then_moved)

    _run_roster(job)

    page = client_for(owner).get(f"{reverse('floodprep:persons_import_progress')}?job={job.pk}")
    assert "该组织单位不在您的管辖范围内。 未导入任何数据。" in _text(page.content.decode())
    assert not ResponsiblePerson.objects.exists()


# --- What the administrator sees of a job ----------------------------------------------------------------------


def _admin_field(admin_client: Client, job: ExportJob, name: str) -> str:
    """The read-only value of one field on the job's admin page."""
    page = admin_client.get(reverse("admin:org_exportjob_change", args=[job.pk])).content.decode()
    found = re.search(rf'field-{name}\b.*?<div class="readonly">(.*?)</div>', page, re.S)
    assert found, page
    return _text(found.group(1))


def test_the_admin_sees_a_finished_import_with_its_rows_and_the_time_it_finished(
    staff_a_client, with_a_broker, admin_client
):
    job = _run(_confirm(staff_a_client, _rows(2)))

    listing = admin_client.get(reverse("admin:org_exportjob_changelist")).content.decode()

    assert '<td class="field-progress">2</td>' in listing
    assert _admin_field(admin_client, job, "finished_at") != "-"


def test_an_import_sent_again_after_its_worker_was_taken_for_dead_keeps_no_old_error(
    staff_a_client, with_a_broker, admin_client
):
    job = _confirm(staff_a_client, _rows(2))
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING, updated_at=timezone.now() - SILENT)
    assert jobs_recover_stale() == 1  # failed as lost; the broker hands the unacknowledged task on all the same

    _run(job)

    assert "已导入2项隐患" in _text(_page(staff_a_client, job))
    assert _admin_field(admin_client, job, "error") == "-"


def test_the_admin_record_of_a_refused_import_says_why(staff_a_client, with_a_broker, township_a_staff, admin_client):
    job = _confirm(staff_a_client, _rows(1))
    township_a_staff.role = Role.LEADER
    township_a_staff.save()

    _run(job)

    assert _admin_field(admin_client, job, "error") == "您的角色无权执行此操作。"


def test_the_admin_record_of_an_import_failed_at_its_cells_adds_no_message_of_its_own(
    staff_a_client, with_a_broker, township_a, admin_client
):
    job = _confirm(staff_a_client, _rows(1))
    township_a.name, township_a.short_name = "城关镇", ""
    township_a.save()

    _run(job)

    assert _admin_field(admin_client, job, "error") == "-"


# --- The heartbeat ------------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_long_silent_check_is_not_taken_for_dead_while_its_heartbeat_beats(
    township_a_staff, staff_a_client, settings, monkeypatch
):
    """The worker is busy for a while and reports nothing; the page polled meanwhile finds it alive."""
    settings.JOB_HEARTBEAT_SECONDS, settings.JOB_STALE_AFTER_SECONDS = 0.1, 0.5
    job = import_job_create(
        spec=HAZARDS,
        acting_user=township_a_staff,
        content=_xlsx(_rows(1)).read(),
        filename="隐患.xlsx",
        rows=1,
        task=_Nowhere,
    )
    pages: list[str] = []
    real = imports.check_file

    def slow(*args: Any, **kwargs: Any) -> imports.ImportResult:
        time.sleep(1.5)
        pages.append(_text(_page(staff_a_client, job)))
        return real(*args, **kwargs)

    monkeypatch.setattr(imports, "check_file", slow)

    _run(job)

    assert "状态: 进行中" in pages[0]
