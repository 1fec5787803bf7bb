"""Long backlog files go through the real Redis broker to a real worker (issue 15, "a backlog in minutes"):
5,000 paper cases, numbered without a gap from the bureau's sequence, and 5,000 inspection findings, each
imported within 30 s of the confirmation while the page polls the job; a second confirmation of the same
checked upload starts nothing."""

from __future__ import annotations

import datetime as dt
import io
import time

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from enforcement.importers import CASES
from enforcement.importers_inspections import INSPECTIONS
from enforcement.models import Case, Finding, Inspection
from org.models import ExportJob
from tests.factories.enforcement import OfficerFactory, bureau
from tests.factories.hazards import sector

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

ROWS = 5000
WITHIN = 30.0  # seconds, the target for 5,000 rows


def _workbook(sheet_title: str, titles: list[str], rows: list[list[object]]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title)
    sheet.append(titles)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cases() -> bytes:
    titles = [c.title for c in CASES.columns]
    rows = []
    for i in range(ROWS):
        filed = dt.date(2026, 1, 1) + dt.timedelta(days=i % 150)
        values = {
            "镇街": "城关街道",
            "行业领域": "工贸",
            "当事人名称": f"补录企业{i}",
            "案由": "未按规定开展安全培训",
            "立案日期": filed,
            "决定日期": filed + dt.timedelta(days=10),
            "罚款金额（元）": 10000,
        }
        rows.append([values.get(t) for t in titles])
    return _workbook(CASES.sheet, titles, rows)


def _inspections() -> bytes:
    titles = [c.title for c in INSPECTIONS.columns]
    rows = []
    for i in range(ROWS):  # 2,500 inspections of two findings each
        values = {
            "检查日期": dt.date(2026, 1, 1) + dt.timedelta(days=(i // 2) % 150),
            "镇街": "城关街道",
            "被检查单位": f"检查企业{i // 2}",
            "行业领域": "工贸",
            "执法人员": "甲执法、乙执法",
            "发现问题": f"问题{i % 2}",
            "当场整改": "是" if i % 2 else "否",
        }
        rows.append([values.get(t) for t in titles])
    return _workbook(INSPECTIONS.sheet, titles, rows)


def _confirm_and_wait(client: Client, kind: str, content: bytes) -> tuple[ExportJob, float, str]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    preview = client.post(reverse(f"enforcement:{kind}_import"), {"file": SimpleUploadedFile("backlog.xlsx", content)})
    token = preview.context["token"]
    assert token, [e.message for e in preview.context["result"].errors[:5]]
    began = time.monotonic()
    response = client.post(reverse(f"enforcement:{kind}_import_confirm"), {"token": token})
    progress = response["Location"]
    assert "progress" in progress
    job = ExportJob.objects.get(kind=f"import.{kind}")
    while job.status in (ExportJob.Status.PENDING, ExportJob.Status.RUNNING) and time.monotonic() - began < 60:
        time.sleep(0.5)
        client.get(progress, HTTP_HX_REQUEST="true")  # the page's poll
        job.refresh_from_db()
    elapsed = time.monotonic() - began
    page = client.get(progress).content.decode()
    again = client.post(reverse(f"enforcement:{kind}_import_confirm"), {"token": token})
    assert again.status_code == 302
    return job, elapsed, page


@pytest.fixture
def world(real_worker, city, township_a, clerk):
    bureau(city)
    sector("工贸")
    OfficerFactory.create(username="jia", display_name="甲执法", org_unit=city)
    OfficerFactory.create(username="yi", display_name="乙执法", org_unit=city)
    client = Client()
    client.force_login(clerk)
    return client


def test_5000_paper_cases_are_numbered_and_imported_by_a_real_worker_within_30_s(world):
    job, elapsed, page = _confirm_and_wait(world, "case", _cases())

    assert job.status == ExportJob.Status.DONE, job.params.get("message") or job.params.get("errors", [])[:3]
    assert elapsed < WITHIN, f"{elapsed:.1f} s"
    assert sorted(Case.objects.values_list("seq", flat=True)) == list(range(1, ROWS + 1))
    assert f"已导入{ROWS}条记录" in page
    assert ExportJob.objects.filter(kind="import.case").count() == 1


def test_5000_inspection_findings_are_imported_by_a_real_worker_within_30_s(world):
    job, elapsed, page = _confirm_and_wait(world, "inspection", _inspections())

    assert job.status == ExportJob.Status.DONE, job.params.get("message") or job.params.get("errors", [])[:3]
    assert elapsed < WITHIN, f"{elapsed:.1f} s"
    assert (Inspection.objects.count(), Finding.objects.count()) == (ROWS // 2, ROWS)
    assert f"已导入{ROWS // 2}条记录" in page
