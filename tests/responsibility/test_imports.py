"""Backlog imports of accidents, meetings and publicity events from Excel (issue 15): the dry run names every
bad cell in Chinese and writes nothing; a good file imports every row with an audit entry each, once; the
imported records reach the report figures; a township cannot import into another township."""

from __future__ import annotations

import datetime as dt
import io
import re
from html import unescape
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from org import imports
from org.closed_periods import ClosedPeriod
from org.models import AuditEntry, ExportJob
from org.periods import Period
from responsibility import importers, selectors
from responsibility.importers import IMPORTS
from responsibility.models import Accident, Meeting, PublicityEvent
from responsibility.urls import IMPORT_SITE
from tests.factories.enterprises import EnterpriseFactory
from tests.spreadsheets import upload

pytestmark = pytest.mark.django_db

HALF = Period(dt.date(2026, 1, 1), dt.date(2026, 6, 30))
MODELS = {"accident": Accident, "meeting": Meeting, "publicity": PublicityEvent}
# One good row per kind, by column title; the township column is "镇街" or "召集单位".
GOOD: dict[str, dict[str, Any]] = {
    "accident": {
        "发生日期": dt.date(2026, 3, 10),
        "镇街": "城关街道",
        "发生地点/单位": "城关建材厂",
        "事故类别": "建筑施工",
        "事故等级": "一般",
        "死亡人数": 1,
        "重伤人数": 0,
        "直接经济损失（元）": 800000,
        "事故简况": "脚手架坍塌",
    },
    "meeting": {
        "会议日期": dt.date(2026, 1, 15),
        "会议类型": "安委会全体会议",
        "召集单位": "城关街道",
        "会议主题": "部署全年安全生产工作",
    },
    "publicity": {
        "活动日期": dt.date(2026, 6, 16),
        "活动类型": "培训",
        "镇街": "城关街道",
        "活动名称": "企业负责人安全培训",
        "参加人数": None,
        "发放资料（份）": 300,
        "媒体报道（篇）": 2,
    },
}
DATE_TITLE = {"accident": "发生日期", "meeting": "会议日期", "publicity": "活动日期"}
UNIT_TITLE = {"accident": "镇街", "meeting": "召集单位", "publicity": "镇街"}
CHOICE_TITLE = {"accident": "事故类别", "meeting": "会议类型", "publicity": "活动类型"}


def _titles(kind: str) -> list[str]:
    return [column.title for column in IMPORTS[kind].columns]


def _letter(kind: str, title: str) -> str:
    return "ABCDEFGHIJ"[_titles(kind).index(title)]


def _xlsx(kind: str, rows: list[dict[str, Any]]) -> SimpleUploadedFile:
    return upload(IMPORTS[kind].sheet, _titles(kind), rows, "补录.xlsx")


def _rows(kind: str, n: int) -> list[dict[str, Any]]:
    text = {"accident": "发生地点/单位", "meeting": "会议主题", "publicity": "活动名称"}[kind]
    return [{**GOOD[kind], text: f"{GOOD[kind][text]}{i}"} for i in range(n)]


def _upload(client: Client, kind: str, rows: list[dict[str, Any]]):
    return client.post(reverse(f"responsibility:{kind}_import"), {"file": _xlsx(kind, rows)})


def _import(client: Client, kind: str, rows: list[dict[str, Any]]):
    preview = _upload(client, kind, rows)
    assert preview.status_code == 200, preview.content.decode()[:2000]
    return client.post(reverse(f"responsibility:{kind}_import_confirm"), {"token": preview.context["token"]})


def _bad_rows(kind: str) -> list[dict[str, Any]]:
    future = timezone.localdate() + dt.timedelta(days=30)
    return [
        {**GOOD[kind], DATE_TITLE[kind]: "2026-13-45"},  # row 2: no such date
        {**GOOD[kind], DATE_TITLE[kind]: future},  # row 3
        {**GOOD[kind], UNIT_TITLE[kind]: "不存在镇"},  # row 4
        {**GOOD[kind], CHOICE_TITLE[kind]: "茶话会"},  # row 5
    ]


@pytest.mark.parametrize("kind", list(IMPORTS))
def test_the_dry_run_names_each_bad_cell_in_chinese_and_writes_nothing(kind, township_a, staff_a_client):
    response = _upload(staff_a_client, kind, _bad_rows(kind))
    page = response.content.decode()
    cells = {e.cell: e.message for e in response.context["result"].errors}
    date, unit = _letter(kind, DATE_TITLE[kind]), _letter(kind, UNIT_TITLE[kind])
    choice = _letter(kind, CHOICE_TITLE[kind])
    assert (cells[f"{date}2"], cells[f"{date}3"], cells[f"{unit}4"]) == (
        "日期无效，请按 2026-03-10 的格式填写。",
        "日期不能晚于今天。",
        "您的辖区内没有这个名称的单位。",
    )
    assert cells[f"{choice}5"].startswith("不在可选范围内，请从以下选项中选择")
    assert f"{choice}5" in page
    assert "您的辖区内没有这个名称的单位" in page
    assert not MODELS[kind]._default_manager.exists()


@pytest.mark.parametrize("kind", list(IMPORTS))
def test_a_good_file_imports_every_row_with_an_audit_entry_each_and_only_once(kind, township_a, staff_a_client):
    rows = _rows(kind, 3)
    _import(staff_a_client, kind, rows)
    again = _upload(staff_a_client, kind, rows)
    _import(staff_a_client, kind, rows)
    spec = IMPORTS[kind]
    assert MODELS[kind]._default_manager.count() == 3
    assert AuditEntry.objects.filter(action=spec.audit_action, data__imported=True).count() == 3
    assert again.context["result"].duplicates == 3
    assert "已登记" in again.content.decode()


def test_imported_accidents_and_training_reach_the_report_figures(township_a, staff_a_client, city_leader):
    _import(staff_a_client, "accident", _rows("accident", 2))
    _import(staff_a_client, "publicity", _rows("publicity", 1))  # participants left empty: the event still counts
    accidents = selectors.accident_figures(user=city_leader, period=HALF)
    publicity = selectors.publicity_figures(user=city_leader, period=HALF)
    assert (accidents.count, accidents.deaths) == (2, 2)
    assert (publicity.events, publicity.participants, publicity.materials) == (1, 0, 300)


def test_township_staff_cannot_import_into_another_township(township_a, township_b, staff_a_client):
    rows = [{**GOOD["accident"], "镇街": township_b.name}]
    response = _upload(staff_a_client, "accident", rows)
    [error] = response.context["result"].errors
    assert (error.cell, error.message) == ("B2", "您的辖区内没有这个名称的单位。")
    assert response.context["token"] == ""
    assert not Accident.objects.exists()


def test_a_confirmation_cannot_be_forged(township_a, staff_a_client):
    response = staff_a_client.post(reverse("responsibility:accident_import_confirm"), {"token": "x"})
    assert response.status_code == 400
    assert not Accident.objects.exists()


def test_a_row_inside_an_approved_period_is_refused_at_its_date(township_a, staff_a_client, monkeypatch):
    approved = ClosedPeriod(township_a.path, HALF.start, HALF.end, "2026年上半年安全生产工作总结")
    monkeypatch.setattr(imports, "closed_periods", lambda **kwargs: [approved])
    response = _upload(staff_a_client, "meeting", [GOOD["meeting"]])
    [error] = response.context["result"].errors
    assert error.cell == "A2"
    assert "2026年上半年安全生产工作总结" in error.message


def test_an_accident_graded_below_its_figures_is_refused_at_the_grade(township_a, staff_a_client):
    response = _upload(staff_a_client, "accident", [{**GOOD["accident"], "死亡人数": 3}])
    [error] = response.context["result"].errors
    assert error.cell == "E2"
    assert "较大" in error.message


def test_a_long_file_is_imported_by_the_worker_with_its_progress(
    township_a, staff_a_client, staff_b_client, monkeypatch
):
    monkeypatch.setattr(IMPORT_SITE, "sync_rows", 2)
    response = _import(staff_a_client, "meeting", _rows("meeting", 3))
    job = ExportJob.objects.get(kind="import.meeting")
    progress = staff_a_client.get(response.url)
    assert (job.status, job.params["created"], Meeting.objects.count()) == (ExportJob.Status.DONE, 3, 3)
    assert "已导入3条记录" in progress.content.decode()
    assert staff_b_client.get(response.url).status_code == 404


@pytest.mark.parametrize("kind", list(IMPORTS))
def test_each_template_has_its_dropdowns_and_instructions(kind, township_a, staff_a_client):
    response = staff_a_client.get(reverse(f"responsibility:{kind}_import_template"))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook[IMPORTS[kind].sheet]
    assert [c.value for c in sheet[1]] == _titles(kind)
    assert sheet.data_validations.dataValidation
    assert "填写说明" in workbook.sheetnames


def test_importers_are_the_recorders():
    assert importers.IMPORTERS == importers.RECORDERS


def _visible_words(html: str) -> list[str]:
    html = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", html)
    text = unescape(re.sub(r"(?s)<[^>]+>", " ", html))
    # "English" is the language switcher naming its own language.
    return sorted(set(re.findall(r"\b[A-Za-z]{3,}\b", text)) - {"Excel", "xlsx", "English"})


@pytest.mark.parametrize("kind", list(IMPORTS))
def test_the_import_pages_speak_chinese(kind, township_a, staff_a_client):
    pages = [
        staff_a_client.get(reverse(f"responsibility:{kind}_import")),
        _upload(staff_a_client, kind, _bad_rows(kind)),
        _upload(staff_a_client, kind, _rows(kind, 2)),
    ]
    assert [_visible_words(page.content.decode()) for page in pages] == [[], [], []]


def test_an_imported_accident_at_a_registered_firm_points_at_it(township_a, staff_a_client):
    firm = EnterpriseFactory.create(org_unit=township_a, name="城关建材厂")
    _import(staff_a_client, "accident", [GOOD["accident"], {**GOOD["accident"], "发生地点/单位": "无名工地"}])
    assert Accident.objects.get(place="城关建材厂").enterprise == firm
    assert Accident.objects.get(place="无名工地").enterprise is None
