"""The import with each hazard's history (issue 15): status and stated dates checked at their cells, a closed
hazard counted by its closing date, and the confirmed import run by a worker, once, with an audit entry each."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from typing import Any

import pytest
from celery import current_app
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from hazards.importers import ALL_COLUMNS, HAZARDS, IMPORTERS, SHEET
from hazards.models import Hazard
from hazards.selectors import hazard_figures
from hazards.tasks import import_hazards_task
from hazards.urls import IMPORT_SITE
from org.imports import import_job_run
from org.models import AuditEntry, ExportJob
from org.periods import Period
from org.scoping import user_has_role
from tests.hazards.test_import import _row
from tests.spreadsheets import upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("township_a", "village_a")]

HEADERS = [column.title for column in ALL_COLUMNS]  # 状态 is column P … 销号日期 column T
CLOSED = {
    "责任单位": "城关五金厂",
    "整改期限": dt.date(2026, 3, 20),
    "状态": "已销号",
    "整改完成日期": dt.date(2026, 3, 18),
    "复查日期": dt.date(2026, 3, 19),
    "复查人": "李四",
    "销号日期": dt.date(2026, 3, 19),
}


def _xlsx(rows: list[dict[str, Any]]) -> SimpleUploadedFile:
    return upload(SHEET, HEADERS, rows, "补录.xlsx")


def _rows(n: int, **overrides: Any) -> list[dict[str, Any]]:
    return [_row(**{"场所/企业名称": f"补录场所{i}", **CLOSED, **overrides}) for i in range(n)]


def _upload(client: Client, rows: list[dict[str, Any]]):
    return client.post(reverse("hazards:import"), {"file": _xlsx(rows)})


def _confirm(client: Client, preview, **kwargs):
    return client.post(reverse("hazards:import_confirm"), {"token": preview.context["token"]}, **kwargs)


def _job() -> ExportJob:
    return ExportJob.objects.get(kind=HAZARDS.job_kind)


def _run(job: ExportJob) -> ExportJob:
    """What the worker does with the job's id."""
    return import_job_run(spec=HAZARDS, job_id=job.pk, allowed=lambda user: user_has_role(user, IMPORTERS))


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


def test_the_history_columns_import_with_their_dates(staff_a_client):
    rows = [
        _row(**CLOSED),
        _row(
            **{
                "场所/企业名称": "和平饭店",
                "责任单位": "和平饭店",
                "整改期限": "2026-03-25",
                "状态": "待复查",
                "整改完成日期": "2026/3/21",
            }
        ),
    ]
    _confirm(staff_a_client, _upload(staff_a_client, rows))
    closed, waiting = Hazard.objects.get(place_name="城关五金厂"), Hazard.objects.get(place_name="和平饭店")
    assert (closed.status, closed.rectified_on, closed.reinspected_on, closed.reinspector, closed.closed_on) == (
        Hazard.Status.CLOSED,
        dt.date(2026, 3, 18),
        dt.date(2026, 3, 19),
        "李四",
        dt.date(2026, 3, 19),
    )
    assert (waiting.status, waiting.rectified_on, waiting.closed_on) == (
        Hazard.Status.AWAITING_REVIEW,
        dt.date(2026, 3, 21),
        None,
    )


def test_the_template_offers_the_statuses_as_a_dropdown(staff_a_client):
    response = staff_a_client.get(reverse("hazards:import_template"))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    [validation] = [v for v in workbook[SHEET].data_validations.dataValidation if str(v.sqref).startswith("P")]
    cells = workbook["选项"][validation.formula1.split("!")[1].replace("$", "")]
    assert [row[0].value for row in cells] == ["已登记", "已交办", "整改中", "待复查", "已销号"]


TOMORROW = dt.date.today() + dt.timedelta(days=2)
DATE_RULES = {
    "rectified in the future": (
        {"整改完成日期": TOMORROW, "复查日期": None, "销号日期": TOMORROW},
        "Q2",
        "日期不能晚于今天。",
    ),
    "rectified before found": ({"整改完成日期": "2026-03-01"}, "Q2", "整改完成日期不能早于发现日期（2026-03-10）。"),
    "re-inspected before rectified": ({"复查日期": "2026-03-17"}, "R2", "复查日期不能早于整改完成日期（2026-03-18）。"),
    "closed before re-inspected": ({"销号日期": "2026-03-18"}, "T2", "销号日期不能早于复查日期（2026-03-19）。"),
    "closed in the future": ({"销号日期": TOMORROW}, "T2", "日期不能晚于今天。"),
    "closed without a closing date": ({"销号日期": None}, "T2", "状态为已销号的隐患须填写销号日期。"),
    "closing date without the closed status": (
        {"状态": "待复查", "复查日期": None, "复查人": None},
        "T2",
        "只有已销号的隐患才有销号日期",
    ),
    "re-inspected but not closed": ({"状态": "待复查", "销号日期": None}, "R2", "复查日期和复查人只填写已销号"),
    "handed over without a deadline": ({"整改期限": None}, "P2", "须填写责任单位和整改期限"),
}


@pytest.mark.parametrize(("overrides", "cell", "message"), DATE_RULES.values(), ids=DATE_RULES.keys())
def test_a_broken_date_rule_is_refused_at_its_cell_and_nothing_is_written(staff_a_client, overrides, cell, message):
    preview = _upload(staff_a_client, [_row(**{**CLOSED, **overrides})])
    page = preview.content.decode()
    assert (f'<td class="text-nowrap" data-cell>{cell}</td>' in page, message in page) == (True, True)
    assert _confirm(staff_a_client, preview).status_code == 400
    assert not Hazard.objects.exists()


def test_a_hazard_closed_on_3_may_counts_as_rectified_in_the_first_half_of_2026(staff_a_client, city_leader):
    may = {
        "发现日期": "2026-04-20",
        "整改期限": "2026-05-10",
        "整改完成日期": "2026-05-02",
        "复查日期": "2026-05-03",
        "销号日期": "2026-05-03",
    }
    _confirm(staff_a_client, _upload(staff_a_client, [_row(**{**CLOSED, **may})]))
    figures = hazard_figures(user=city_leader, period=Period.half_year(2026, 1))
    assert (figures.found, figures.rectified) == (1, 1)


def test_the_confirm_sends_the_batch_to_a_worker_only_once_it_commits(
    staff_a_client, with_a_broker, django_capture_on_commit_callbacks
):
    preview = _upload(staff_a_client, _rows(3))
    with django_capture_on_commit_callbacks() as callbacks:
        response = _confirm(staff_a_client, preview)
    assert (response.url, with_a_broker) == (f"{reverse('hazards:import_progress')}?job={_job().pk}", [])
    callbacks[0]()
    assert with_a_broker == [[_job().pk]]


def test_the_progress_page_polls_while_waiting_then_shows_the_counts(
    staff_a_client, with_a_broker, django_capture_on_commit_callbacks
):
    preview = _upload(staff_a_client, _rows(3))
    with django_capture_on_commit_callbacks(execute=True):
        progress = staff_a_client.get(_confirm(staff_a_client, preview).url)
    assert ("hx-get" in progress.content.decode(), "排队中" in progress.content.decode()) == (True, True)
    assert not Hazard.objects.exists()
    import_hazards_task.apply(args=with_a_broker[0])  # what the worker does with the message
    done = staff_a_client.get(f"{reverse('hazards:import_progress')}?job={_job().pk}", headers={"HX-Request": "true"})
    assert ("已导入3项隐患" in done.content.decode(), "hx-get" in done.content.decode()) == (True, False)


def test_a_second_confirm_while_the_first_is_importing_is_told_so_and_imports_nothing(staff_a_client, with_a_broker):
    preview = _upload(staff_a_client, _rows(3))
    _confirm(staff_a_client, preview)
    second = _confirm(staff_a_client, preview, follow=True)
    assert "该文件正在导入中" in second.content.decode()
    assert ExportJob.objects.filter(kind=HAZARDS.job_kind).count() == 1


def test_a_second_confirm_of_an_imported_batch_imports_nothing_more(staff_a_client):
    preview = _upload(staff_a_client, _rows(3))
    _confirm(staff_a_client, preview)
    second = _confirm(staff_a_client, preview, follow=True)
    assert "该文件已导入" in second.content.decode()
    assert Hazard.objects.count() == 3


def test_the_task_delivered_twice_imports_the_batch_once(staff_a_client, with_a_broker):
    preview = _upload(staff_a_client, _rows(3))
    _confirm(staff_a_client, preview)
    _run(_job())
    _run(_job())
    assert (Hazard.objects.count(), _job().params["created"]) == (3, 3)
    assert AuditEntry.objects.filter(action="hazards.hazard.created").count() == 3


def test_every_imported_hazard_has_an_audit_entry_with_its_history(staff_a_client):
    _confirm(staff_a_client, _upload(staff_a_client, _rows(4)))
    entries = AuditEntry.objects.filter(action="hazards.hazard.created")
    assert list(entries.order_by("target_id").values_list("target_id", flat=True)) == sorted(
        Hazard.objects.values_list("pk", flat=True)
    )
    assert {e.data["closed_on"] for e in entries} == {"2026-03-19"}


def test_the_write_costs_about_the_same_queries_for_ten_rows_as_for_a_hundred(staff_a_client, with_a_broker):
    counts = []
    for n in (10, 100):
        preview = _upload(staff_a_client, _rows(n, **{"隐患描述": f"批次{n}"}))
        _confirm(staff_a_client, preview)
        job = ExportJob.objects.filter(kind=HAZARDS.job_kind).latest("pk")
        with CaptureQueriesContext(connection) as queries:
            _run(job)
        counts.append(len(queries))
    # SQLite caps a statement at 999 parameters, so 100 hazards take 5 INSERTs to 10's one; row by row is +90.
    assert counts[1] - counts[0] <= 4
    assert Hazard.objects.count() == 110


def test_a_failed_recheck_is_shown_with_its_cells(staff_a_client, with_a_broker, township_a):
    preview = _upload(staff_a_client, _rows(2))
    _confirm(staff_a_client, preview)
    township_a.name, township_a.short_name = "城关镇", ""  # renamed between the check and the worker
    township_a.save()
    _run(_job())
    page = staff_a_client.get(f"{reverse('hazards:import_progress')}?job={_job().pk}").content.decode()
    assert ("A2" in page, Hazard.objects.exists()) == (True, False)
    assert _job().status == ExportJob.Status.FAILED


def test_another_users_import_progress_is_404(staff_a_client, staff_b_client, with_a_broker):
    preview = _upload(staff_a_client, _rows(1))
    _confirm(staff_a_client, preview)
    assert staff_b_client.get(f"{reverse('hazards:import_progress')}?job={_job().pk}").status_code == 404


def test_a_backlog_row_dated_inside_an_approved_summary_is_refused_at_its_cell(
    staff_a_client, clerk, city_leader, city
):
    """临江市's first half of 2026 is approved: a hazard found on 10 March (the _row default) would change it."""
    from reports.services import report_approve, report_submit
    from tests.factories.reports import draft_report

    report = draft_report(clerk=clerk, scope=city)
    report_submit(acting_user=clerk, report=report)
    report_approve(acting_user=city_leader, report=report)

    preview = _upload(staff_a_client, [_row(**CLOSED)])
    html = preview.content.decode()

    assert "总结已审定" in html
    assert not Hazard.objects.exists()
