"""The shared import pipeline (org.imports) on whole files, as a user meets it: the dry-run page's errors with
their cells and its counts, the worker's progress, and the template's dropdowns. Driven through the meeting
import (four columns), the inspection import (several rows make one record), the hazard ledger, the roster and
the register."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
from collections.abc import Mapping, Sequence
from html import unescape
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from enforcement.importers_inspections import INSPECTIONS
from enterprises.exporters import COLUMNS as REGISTER_COLUMNS
from enterprises.importers import REGISTER
from floodprep.importers import ROSTER
from hazards.importers import HAZARDS
from hazards.models import Hazard
from org import imports
from org.closed_periods import closed_periods
from org.models import ExportJob
from reports.services import report_approve, report_submit
from responsibility.importers import ACCIDENTS, IMPORTS, MEETINGS
from responsibility.models import Meeting
from responsibility.tasks import import_records_task
from tests.factories.enforcement import OfficerFactory
from tests.factories.enterprises import EnterpriseFactory, credit_code
from tests.factories.hazards import sector
from tests.factories.reports import draft_report
from tests.spreadsheets import workbook

pytestmark = pytest.mark.django_db

MEETING: dict[str, Any] = {
    "会议日期": dt.date(2026, 1, 15),
    "会议类型": "安委会全体会议",
    "召集单位": "城关街道",
    "会议主题": "部署全年工作",
}
JULY = dt.date(2026, 7, 20)  # after the approved first half
HAZARD: dict[str, Any] = {
    "镇街": "城关街道",
    "场所/企业名称": "城关五金厂",
    "行业领域": "消防",
    "隐患来源": "镇街检查",
    "隐患描述": "疏散通道堆放杂物",
    "隐患等级": "一般隐患",
    "发现日期": dt.date(2026, 3, 10),
}


# --- Files and pages ----------------------------------------------------------------------------------------


def _workbook(spec: imports.RecordImport, rows: Sequence[Mapping[str, Any] | None], *, first: str = "") -> bytes:
    return workbook(spec.sheet, [column.title for column in spec.columns], rows, first=first)


def _upload(client: Client, url: str, spec: imports.RecordImport, rows: Sequence[Mapping[str, Any] | None], **kw: Any):
    return client.post(reverse(url), {"file": SimpleUploadedFile("台账.xlsx", _workbook(spec, rows, **kw))})


def _meetings(client: Client, rows: Sequence[Mapping[str, Any] | None], **kw: Any):
    return _upload(client, "responsibility:meeting_import", MEETINGS, rows, **kw)


def _topics(n: int, **cells: Any) -> list[dict[str, Any]]:
    return [{**MEETING, "会议主题": f"部署全年工作{i}", **cells} for i in range(n)]


def _error_table(response) -> list[tuple[str, str, str, str]]:
    """The dry-run page's error table as the user reads it: (row, column, cell, reason) per line."""
    found = re.search(r'<table[^>]*id="import-errors".*?</table>', response.content.decode(), re.S)
    assert found is not None, "no error table on the page"
    lines = []
    for row in re.findall(r"<tr>(.*?)</tr>", found.group(0), re.S)[1:]:
        texts = [unescape(re.sub(r"<[^>]+>", "", td)).strip() for td in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        lines.append((texts[0], texts[1], texts[2], texts[3]))
    return lines


def _summary(response) -> str:
    found = re.search(r'<div[^>]*id="import-summary"[^>]*>(.*?)</div>', response.content.decode(), re.S)
    assert found is not None, _error_table(response)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", found.group(1))).split())


def _preview_rows(response) -> list[list[str]]:
    found = re.search(r'<table[^>]*id="import-rows".*?</table>', response.content.decode(), re.S)
    assert found is not None
    body = found.group(0).split("<tbody>")[1]
    return [
        [unescape(re.sub(r"<[^>]+>", "", td)).strip() for td in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


def _errors(response) -> list[tuple[Any, ...]]:
    return [(e.row, e.column, getattr(e, "cell", ""), e.message) for e in response.context["result"].errors]


@pytest.fixture
def capped(monkeypatch):
    """The meeting import with a cap of ``n`` rows a file (RecordImport.max_rows)."""

    def cap(n: int) -> None:
        monkeypatch.setitem(IMPORTS, "meeting", dataclasses.replace(MEETINGS, max_rows=n))

    return cap


@pytest.fixture
def first_half_approved(clerk, city_leader, city):
    report = draft_report(clerk=clerk, scope=city)
    report_submit(acting_user=clerk, report=report)
    return report_approve(acting_user=city_leader, report=report)


# --- The dry run: rows read ---------------------------------------------------------------------------------


def test_the_data_sheet_is_read_even_when_another_sheet_comes_first(township_a, staff_a_client):
    response = _meetings(staff_a_client, [MEETING], first="填写说明")
    assert _summary(response) == "将新增1条记录。"


def test_blank_rows_between_records_are_skipped_and_the_rows_after_them_read(township_a, staff_a_client):
    response = _meetings(staff_a_client, [_topics(2)[0], None, _topics(2)[1]])
    assert _summary(response) == "将新增2条记录。"
    assert [row[0] for row in _preview_rows(response)] == ["2", "4"]


def test_the_preview_shows_each_row_as_read(township_a, staff_a_client):
    response = _meetings(staff_a_client, [{**MEETING, "会议日期": "2026/1/15", "召集单位": "TA"}])
    assert _preview_rows(response) == [["2", "2026-01-15", "安委会全体会议", "城关街道", "部署全年工作", ""]]


def test_meetings_differing_only_in_their_date_are_two_records(township_a, staff_a_client):
    rows = [MEETING, {**MEETING, "会议日期": dt.date(2026, 2, 15)}]
    assert _summary(_meetings(staff_a_client, rows)) == "将新增2条记录。"


def test_a_file_with_no_rows_says_so(township_a, staff_a_client):
    response = _meetings(staff_a_client, [None, None])
    assert _errors(response) == [(None, "", "", "文件中没有可导入的数据行。")]
    assert _error_table(response) == [("—", "—", "—", "文件中没有可导入的数据行。")]


# --- The row cap ----------------------------------------------------------------------------------------------


def test_a_file_of_exactly_the_cap_is_checked_whole(township_a, staff_a_client, capped):
    capped(3)
    assert _summary(_meetings(staff_a_client, [*_topics(3), None])) == "将新增3条记录。"


def test_a_file_over_the_cap_is_refused_as_a_whole(township_a, staff_a_client, capped):
    capped(3)
    response = _meetings(staff_a_client, _topics(4))
    assert _errors(response) == [(None, "", "", "每次最多导入3行。")]
    assert _error_table(response) == [("—", "—", "—", "每次最多导入3行。")]
    assert response.context["token"] == ""


def test_a_file_over_the_cap_still_lists_the_approved_period_of_its_first_rows(
    township_a, staff_a_client, capped, first_half_approved
):
    capped(2)
    response = _meetings(staff_a_client, [MEETING, *_topics(2, 会议日期=JULY)])
    assert [(row, cell) for row, _column, cell, _message in _errors(response)] == [(None, ""), (2, "A2")]
    assert response.context["result"].rows == []


def test_the_worker_reports_its_progress_every_chunk_of_rows(township_a, township_a_staff):
    rows = [*_topics(imports.CHUNK), {**MEETING, "召集单位": "不存在镇"}]
    job = imports.import_job_create(
        spec=MEETINGS,
        acting_user=township_a_staff,
        content=_workbook(MEETINGS, rows),
        filename="会议.xlsx",
        rows=len(rows),
        task=import_records_task,
    )
    job.refresh_from_db()
    assert (job.status, job.progress) == (ExportJob.Status.FAILED, imports.CHUNK)
    assert job.params["errors"][0]["cell"] == f"C{imports.CHUNK + 2}"


# --- Approved periods -----------------------------------------------------------------------------------------


def test_a_row_in_an_approved_half_year_is_refused_at_its_date_cell(township_a, staff_a_client, first_half_approved):
    response = _meetings(staff_a_client, [{**MEETING, "会议日期": JULY}, MEETING])
    [period] = closed_periods(org_units=[township_a], start=MEETING["会议日期"], end=MEETING["会议日期"])
    assert _error_table(response) == [
        ("3", "会议日期", "A3", f"该日期在{period.label}内，该期间的总结已审定：须由领导重新打开后才能补录其中的记录。")
    ]


def test_approved_period_errors_are_listed_in_row_order(township_a, staff_a_client, first_half_approved):
    response = _meetings(staff_a_client, [MEETING, {**MEETING, "召集单位": "不存在镇", "会议日期": JULY}])
    assert [cell for _row, _column, cell, _message in _error_table(response)] == ["A2", "C3"]


# --- Records already there ------------------------------------------------------------------------------------


def test_the_records_already_there_are_looked_up_by_the_files_units_and_dates(township_a, staff_a_client):
    Meeting.objects.create(org_unit=township_a, held_on=MEETING["会议日期"], kind="plenary", topic="部署全年工作")
    with CaptureQueriesContext(connection) as queries:
        response = _meetings(staff_a_client, [MEETING, {**MEETING, "会议主题": "另一主题"}])
    # One indexed query whatever the table's size: only the file's units and dates are read.
    [lookup] = [q["sql"] for q in queries if 'FROM "responsibility_meeting"' in q["sql"]]
    assert '"responsibility_meeting"."org_unit_id" IN' in lookup
    assert '"responsibility_meeting"."held_on" IN' in lookup
    assert _summary(response) == "将新增1条记录。 1行已登记，将跳过。"


REGISTER_TITLES = [title for title, _required, _width in REGISTER_COLUMNS]


def _firm(code: str, township: str) -> dict[str, Any]:
    return {REGISTER_TITLES[0]: code, REGISTER_TITLES[1]: "城关五金制品有限公司", REGISTER_TITLES[3]: township}


def test_the_register_finds_a_firm_by_its_credit_code_alone(township_a, township_b, village_a, village_b, clerk_client):
    EnterpriseFactory.create(org_unit=township_b, credit_code=credit_code(21), name="青山五金厂")
    with CaptureQueriesContext(connection) as queries:
        response = _upload(
            clerk_client,
            "enterprises:enterprise_import",
            REGISTER,
            [_firm(credit_code(21), "城关街道"), _firm(credit_code(22), "城关街道")],
        )
    # Registered in another township of the area, yet the same firm: the key is the code, not the township.
    assert _summary(response) == "将新增1条记录。 已在名录中、将按本表更新：1。"
    # The key has one field: the lookup reads only the file's codes.
    [lookup] = [q["sql"] for q in queries if q["sql"].startswith('SELECT "enterprises_enterprise"."credit_code" AS')]
    assert 'WHERE "enterprises_enterprise"."credit_code" IN' in lookup


# --- Several rows, one record (an inspection and its findings) ------------------------------------------------

INSPECTION: dict[str, Any] = {
    "检查日期": dt.date(2026, 3, 10),
    "镇街": "城关街道",
    "被检查单位": "城关建材厂",
    "行业领域": "工贸",
    "执法人员": "张执法、赵执法",
    "发现问题": "消防通道堵塞",
}
INSPECTION_TITLES = [column.title for column in INSPECTIONS.columns]


def _cell(title: str, row: int) -> str:
    return f"{get_column_letter(INSPECTION_TITLES.index(title) + 1)}{row}"


@pytest.fixture
def inspectors(township_a, officer) -> None:
    OfficerFactory.create(username="officer2", display_name="赵执法", org_unit=officer.org_unit, certificate="3399")
    sector("工贸")
    sector("消防")


def _inspections(client: Client, rows: Sequence[Mapping[str, Any] | None]):
    return _upload(client, "enforcement:inspection_import", INSPECTIONS, rows)


@pytest.mark.usefixtures("inspectors")
def test_two_findings_differing_only_in_their_text_are_two_lines_of_one_inspection(clerk_client):
    response = _inspections(clerk_client, [INSPECTION, {**INSPECTION, "发现问题": "安全警示标志缺失"}])
    assert _summary(response) == "将新增1条记录。 其中发现问题2条。"


@pytest.mark.usefixtures("inspectors")
def test_a_cell_left_empty_on_the_first_row_of_a_record_is_named_as_empty(clerk_client):
    rows = [INSPECTION, {**INSPECTION, "发现问题": "安全警示标志缺失", "地址": "工业路1号"}]
    [(row, column, cell, message)] = _error_table(_inspections(clerk_client, rows))
    assert (row, column, cell) == ("3", "地址", _cell("地址", 3))
    assert message == "同一记录的第2行此处为“—”；同一记录的各行必须一致。"


@pytest.mark.usefixtures("inspectors")
def test_rows_without_their_unit_name_are_not_compared_as_one_record(clerk_client):
    rows = [{**INSPECTION, "被检查单位": None}, {**INSPECTION, "被检查单位": None, "行业领域": "消防"}]
    errors = _error_table(_inspections(clerk_client, rows))
    assert [(cell, message) for _row, _column, cell, message in errors] == [
        (_cell("被检查单位", 2), "必填项，请填写。"),
        (_cell("被检查单位", 3), "必填项，请填写。"),
    ]


# --- A row repeated -------------------------------------------------------------------------------------------


def test_a_hazard_repeated_in_one_file_is_called_the_same_hazard(township_a, village_a, staff_a_client):
    sector("消防")
    hazard = HAZARD
    response = _upload(staff_a_client, "hazards:import", HAZARDS, [hazard, hazard])
    assert _error_table(response) == [("3", "—", "—", "与第2行为同一隐患。")]


def test_hazards_imported_before_are_looked_up_by_their_kept_key_within_the_files_units(township_a, staff_a_client):
    """A hazard corrected since its import (its date found, say) is still found by the key it keeps (import_key),
    in the same one query, narrowed by the file's townships: the unique index is (township, import_key)."""
    sector("消防")
    hazard = HAZARD
    first = _upload(staff_a_client, "hazards:import", HAZARDS, [hazard])
    staff_a_client.post(reverse("hazards:import_confirm"), {"token": first.context["token"]})
    Hazard.objects.update(found_on=dt.date(2026, 3, 9))  # corrected since

    with CaptureQueriesContext(connection) as queries:
        response = _upload(staff_a_client, "hazards:import", HAZARDS, [hazard])

    [lookup] = [q["sql"] for q in queries if 'FROM "hazards_hazard"' in q["sql"] and "import_key" in q["sql"]]
    assert re.search(r'"hazards_hazard"\."import_key" IN \([^)]*\) AND "hazards_hazard"\."org_unit_id" IN', lookup)
    assert _summary(response) == "将新增0条记录。 1行已登记，将跳过。"


# --- The template ---------------------------------------------------------------------------------------------


def _template(client: Client, url: str):
    response: Any = client.get(reverse(url))  # a FileResponse: its streaming_content
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def _dropdown(book, spec: imports.RecordImport, title: str) -> list[str]:
    """The values the dropdown of the column ``title`` offers, as the list its data validation points at."""
    sheet = book[spec.sheet]
    letter = get_column_letter([c.title for c in spec.columns].index(title) + 1)
    [validation] = [v for v in sheet.data_validations.dataValidation if str(v.sqref).startswith(f"{letter}2:")]
    lists, cells = validation.formula1.split("!")
    return [c.value for row in book[lists.strip("'")][cells.replace("$", "")] for c in row]


def test_the_unit_dropdown_offers_the_areas_units_by_path_without_villages(clerk_client, township_b, village_a):
    book = _template(clerk_client, "responsibility:meeting_import_template")
    assert _dropdown(book, MEETINGS, "召集单位") == ["临江市", "临江区", "城关街道", "青山县", "青山镇"]
    assert _dropdown(book, MEETINGS, "会议类型") == [str(label) for _value, label in Meeting.Kind.choices]


def test_a_township_column_offers_only_the_townships_of_the_area(clerk_client, township_b, village_a):
    book = _template(clerk_client, "responsibility:accident_import_template")
    assert _dropdown(book, ACCIDENTS, "镇街") == ["城关街道", "青山镇"]


def test_the_template_formats_date_columns_as_dates_and_mobiles_as_text(staff_a_client):
    meetings = _template(staff_a_client, "responsibility:meeting_import_template")[MEETINGS.sheet]
    formats = {
        title: meetings.column_dimensions[letter].number_format
        for title, letter in (("会议日期", "A"), ("会议主题", "D"))
    }
    assert formats == {"会议日期": "yyyy-mm-dd", "会议主题": "General"}
    roster = _template(staff_a_client, "floodprep:persons_import_template")[ROSTER.sheet]
    mobile = get_column_letter([c.name for c in ROSTER.columns].index("mobile") + 1)
    assert roster[f"{mobile}2"].number_format == "@"
