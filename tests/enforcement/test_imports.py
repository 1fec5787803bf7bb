"""Backlog import of penalty cases decided or closed on paper (issue 15): the dry run names every bad cell in
Chinese and writes nothing; a good file imports its cases, numbered by the bureau's sequence, with the stage
their dates say and an audit entry each; the figures count their fines and measures by their decision dates;
a second import adds nothing."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from enforcement import selectors
from enforcement.importers import CASES, PAPER_TEXT
from enforcement.models import Case
from org import imports
from org.closed_periods import ClosedPeriod
from org.models import AuditEntry
from org.periods import Period
from tests.factories.enterprises import EnterpriseFactory
from tests.factories.hazards import sector
from tests.spreadsheets import upload

pytestmark = pytest.mark.django_db

TITLES = [column.title for column in CASES.columns]
GOOD: dict[str, Any] = {
    "镇街": "城关街道",
    "行业领域": "工贸",
    "当事人名称": "城关建材厂",
    "案由": "未按规定开展安全培训",
    "立案日期": dt.date(2026, 1, 5),
    "决定日期": dt.date(2026, 2, 20),
    "罚款金额（元）": 20000,
    "责令停产停业": "是",
    "移送行政拘留（人）": 1,
}
CLOSED: dict[str, Any] = {
    **GOOD,
    "当事人名称": "临江化工有限公司",
    "案由": "未按规定设置安全警示标志",
    "立案日期": dt.date(2026, 3, 1),
    "决定日期": dt.date(2026, 4, 10),
    "结案日期": dt.date(2026, 5, 6),
    "罚款金额（元）": "56000.50",
    "责令停产停业": "否",
    "查封扣押": "是",
    "责令“三停”": "是",
    "曝光": "是",
    "移送司法机关": "是",
    "移送行政拘留（人）": None,
}


@pytest.fixture(autouse=True)
def _cast(bureau_unit, township_a):
    sector("工贸")


def _letter(title: str) -> str:
    return get_column_letter(TITLES.index(title) + 1)


def _xlsx(rows: list[dict[str, Any]]) -> SimpleUploadedFile:
    return upload(CASES.sheet, TITLES, rows, "纸质案件.xlsx")


def _upload(client: Client, rows: list[dict[str, Any]]):
    return client.post(reverse("enforcement:case_import"), {"file": _xlsx(rows)})


def _import(client: Client, rows: list[dict[str, Any]]):
    preview = _upload(client, rows)
    assert preview.status_code == 200, preview.content.decode()[:3000]
    assert preview.context["token"], preview.content.decode()[:3000]
    return client.post(reverse("enforcement:case_import_confirm"), {"token": preview.context["token"]})


def test_the_dry_run_lists_bad_cells_in_chinese_and_writes_nothing(officer_client):
    rows = [
        {**GOOD, "决定日期": dt.date(2026, 1, 2)},  # row 2: decided before it was filed
        {**GOOD, "当事人名称": "另一家", "镇街": "不存在镇"},  # row 3
        {**CLOSED, "结案日期": dt.date(2026, 4, 1)},  # row 4: closed before the decision
        {
            **GOOD,
            "当事人名称": "第三家",
            "罚款金额（元）": None,
            "责令停产停业": None,
            "移送行政拘留（人）": None,
        },  # row 5: no penalty at all
    ]
    response = _upload(officer_client, rows)
    page = response.content.decode()
    cells = {e.cell: e.message for e in response.context["result"].errors}
    decided, township, closed, fine = (
        f"{_letter('决定日期')}2",
        f"{_letter('镇街')}3",
        f"{_letter('结案日期')}4",
        f"{_letter('罚款金额（元）')}5",
    )
    assert cells == {
        decided: "日期不能早于立案日期（2026-01-05）。",
        township: "您的辖区内没有这个名称的单位。",
        closed: "日期不能早于决定日期（2026-04-10）。",
        fine: "请至少选择一项处罚或措施。",
    }
    for cell, message in cells.items():
        assert f">{cell}<" in page
        assert message in page
    assert response.context["token"] == ""
    assert not Case.objects.exists()


def test_a_good_file_imports_its_cases_and_the_figures_count_them(officer_client, city_leader):
    response = _import(officer_client, [GOOD, CLOSED])
    assert response.status_code == 302
    decided, closed = Case.objects.order_by("filed_on")
    assert (decided.stage, closed.stage) == (Case.Stage.DECIDED, Case.Stage.CLOSED)
    assert (decided.number, closed.number) == ("临应急罚〔2026〕1号", "临应急罚〔2026〕2号")
    assert (decided.closed_on, closed.closed_on) == (None, dt.date(2026, 5, 6))
    assert (decided.fine_yuan, closed.fine_yuan) == (Decimal("20000.00"), Decimal("56000.50"))
    assert (decided.suspension, decided.detained_people, closed.seal, closed.judicial_transfer) == (True, 1, True, True)
    assert closed.facts == PAPER_TEXT
    assert closed.import_key
    entries = AuditEntry.objects.filter(action="enforcement.case.filed", data__imported=True)
    assert list(entries.order_by("target_id").values_list("target_id", flat=True)) == sorted([decided.pk, closed.pk])

    first = selectors.enforcement_figures(user=city_leader, period=Period(dt.date(2026, 1, 1), dt.date(2026, 3, 31)))
    assert (first.cases, first.fines_wan, first.suspensions, first.detained_people, first.seals) == (
        2,
        "2",
        1,
        1,
        0,
    )  # both filed in the quarter; only the first decided in it
    second = selectors.enforcement_figures(user=city_leader, period=Period(dt.date(2026, 4, 1), dt.date(2026, 6, 30)))
    assert (second.cases, second.fines_wan, second.suspensions) == (0, "5.6", 0)
    assert (second.seals, second.three_stops, second.judicial_transfers, second.exposures) == (1, 1, 1, 1)


def test_a_second_import_of_the_same_file_adds_nothing(officer_client):
    _import(officer_client, [GOOD, CLOSED])
    again = _upload(officer_client, [GOOD, CLOSED])
    assert again.context["result"].duplicates == 2
    assert "已登记" in again.content.decode()
    officer_client.post(reverse("enforcement:case_import_confirm"), {"token": again.context["token"]})
    assert Case.objects.count() == 2
    assert AuditEntry.objects.filter(action="enforcement.case.filed", data__imported=True).count() == 2


def test_a_decision_inside_an_approved_period_is_refused_at_its_date(officer_client, township_a, monkeypatch):
    approved = ClosedPeriod(township_a.path, dt.date(2026, 4, 1), dt.date(2026, 6, 30), "2026年二季度总结")
    # The filing date (1 March) lies outside the approved quarter, the decision (10 April) inside it.
    monkeypatch.setattr(imports, "closed_periods", lambda **kwargs: [approved])
    response = _upload(officer_client, [CLOSED])
    [error] = response.context["result"].errors
    assert error.cell == f"{_letter('决定日期')}2"
    assert "2026年二季度总结" in error.message
    assert not Case.objects.exists()


def test_township_staff_may_not_import_cases(staff_a_client):
    assert _upload(staff_a_client, [GOOD]).status_code == 403


def test_a_confirmation_cannot_be_forged(officer_client):
    assert officer_client.post(reverse("enforcement:case_import_confirm"), {"token": "x"}).status_code == 400
    assert not Case.objects.exists()


def test_the_template_has_its_dropdowns_and_instructions(officer_client):
    response = officer_client.get(reverse("enforcement:case_import_template"))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook[CASES.sheet]
    assert [c.value for c in sheet[1]] == TITLES
    assert sheet.data_validations.dataValidation
    assert "填写说明" in workbook.sheetnames


def test_the_import_pages_speak_chinese(officer_client):
    from tests.responsibility.test_imports import _visible_words

    pages = [
        officer_client.get(reverse("enforcement:case_import")),
        _upload(officer_client, [{**GOOD, "镇街": "不存在镇"}]),
        _upload(officer_client, [GOOD, CLOSED]),
    ]
    assert [_visible_words(page.content.decode()) for page in pages] == [[], [], []]


def test_an_imported_case_naming_a_registered_firm_points_at_it(officer_client, township_a):
    firm = EnterpriseFactory.create(org_unit=township_a, name="城关建材厂")
    _import(officer_client, [GOOD, CLOSED])
    assert Case.objects.get(party_name="城关建材厂").enterprise == firm
    assert Case.objects.get(party_name="临江化工有限公司").enterprise is None
