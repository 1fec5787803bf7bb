"""Broken workbooks, made here, each refused with an error at the right row and column, writing nothing.

The corpus is what real offices send: the wrong sheet, renamed headers, merged cells, formulas,
dates typed as text, a 100,000-row dump, a zip bomb and a file that is no workbook at all. Where
the error's msgid is in the Chinese catalogue, the message is checked in Chinese too.
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
from collections.abc import Callable
from xml.sax.saxutils import escape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from hazards.importers import HAZARDS, SHEET
from hazards.models import Hazard
from org.imports import MAX_ROWS, check_file
from org.spreadsheets import MAX_UNPACKED_BYTES
from tests.factories.hazards import sector
from tests.hazards.test_import import HEADERS, _row

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u4e00-\u9fff]")


def _workbook(rows: list[list], *, title: str = SHEET, headers: list[str] = HEADERS, edit=None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    if edit:
        edit(sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cells(**overrides) -> list:
    row = _row(**overrides)
    return [row.get(title) for title in HEADERS]


def _merged(sheet) -> None:
    # Three hazards of one township, its name typed once across a merged block, as people lay out ledgers.
    for number in (3, 4):
        sheet.cell(row=number, column=1).value = None
    sheet.merge_cells("A2:A4")


def _formula(sheet) -> None:
    # A formula openpyxl writes has no cached value: Excel would compute it, the import cannot.
    sheet.cell(row=2, column=HEADERS.index("隐患描述") + 1).value = '=C2&"存在隐患"'


def _many_rows(count: int) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET)
    sheet.append(HEADERS)
    row = _cells()
    for number in range(count):
        row[2] = f"商铺{number}"
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@functools.cache
def _hundred_thousand_rows() -> bytes:
    """A real 100,000-row workbook, its sheet XML written directly (openpyxl would take ten seconds)."""
    cells = "".join(f'<c t="inlineStr"><is><t>{escape(str(value or ""))}</t></is></c>' for value in _cells())
    rows = "".join(f'<row r="{number}">{cells}</row>' for number in range(2, 100_002))
    head = "".join(f'<c t="inlineStr"><is><t>{escape(title)}</t></is></c>' for title in HEADERS)
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main"><sheetData><row r="1">{head}</row>{rows}</sheetData></worksheet>'
    )
    source = zipfile.ZipFile(io.BytesIO(_workbook([])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in source.infolist():
            is_sheet = member.filename == "xl/worksheets/sheet1.xml"
            archive.writestr(member.filename, sheet if is_sheet else source.read(member.filename))
    return buffer.getvalue()


def _zip_bomb() -> bytes:
    # 60 MB of blanks inside the sheet deflate to about 60 KB.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (MAX_UNPACKED_BYTES + 10 * 1024 * 1024))
    return buffer.getvalue()


# name: (bytes, [(row, column) the first errors must name], msgid of the first error)
CORPUS: dict[str, tuple[Callable[[], bytes], list[tuple[int | None, str]], str]] = {
    "wrong_sheet": (
        lambda: _workbook([["张三", "13800000000"]], title="Sheet1", headers=["姓名", "电话"]),
        [(1, "镇街"), (1, "场所/企业名称")],
        "This column is missing.",
    ),
    "wrong_headers": (
        lambda: _workbook([_cells()], headers=["镇街名称", *HEADERS[1:]]),
        [(1, "镇街")],
        "This column is missing.",
    ),
    "merged_cells": (
        lambda: _workbook(
            [_cells(), _cells(**{"场所/企业名称": "二号店"}), _cells(**{"场所/企业名称": "三号店"})], edit=_merged
        ),
        [(3, "镇街"), (4, "镇街")],
        "Required; please fill it in.",
    ),
    "formula": (lambda: _workbook([_cells()], edit=_formula), [(2, "隐患描述")], "Required; please fill it in."),
    "date_as_words": (
        lambda: _workbook([_cells(**{"发现日期": "三月十日"})]),
        [(2, "发现日期")],
        "Date is not valid; use the form 2026-03-10.",
    ),
    "impossible_date": (
        lambda: _workbook([_cells(**{"发现日期": "2026-02-30"})]),
        [(2, "发现日期")],
        "Date is not valid; use the form 2026-03-10.",
    ),
    # It unpacks to some 90 MB of XML, so the archive check refuses it before a row is parsed.
    "hundred_thousand_rows": (
        _hundred_thousand_rows,
        [(None, "")],
        "The workbook unpacks to more than 50 MB; split it into smaller files.",
    ),
    "over_the_row_limit": (
        functools.partial(_many_rows, MAX_ROWS + 1),
        [(None, "")],
        "At most %(max)s rows can be imported at once.",
    ),
    "zip_bomb": (_zip_bomb, [(None, "")], "The workbook unpacks to more than 50 MB; split it into smaller files."),
    "pdf_renamed_xlsx": (
        lambda: b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n",
        [(None, "")],
        "The file could not be read as an Excel workbook (.xlsx).",
    ),
    "csv_renamed_xlsx": (
        lambda: "镇街,场所/企业名称\n城关街道,某店\n".encode("gbk"),
        [(None, "")],
        "The file could not be read as an Excel workbook (.xlsx).",
    ),
    "headers_only": (lambda: _workbook([]), [(None, "")], "The file has no rows to import."),
}


@pytest.fixture
def area(township_a, village_a, township_b):
    sector("消防")


def _in_catalogue(msgid: str) -> bool:
    with translation.override("zh-hans"):
        return translation.gettext(msgid) != msgid


@pytest.mark.usefixtures("area")
@pytest.mark.parametrize("name", list(CORPUS))
def test_a_broken_workbook_is_refused_at_the_right_cell(name, township_a_staff):
    make, where, msgid = CORPUS[name]

    with translation.override("zh-hans"):
        errors = check_file(HAZARDS, SimpleUploadedFile("台账.xlsx", make()), township_a_staff).errors

    assert [(error.row, error.column) for error in errors[: len(where)]] == where
    if _in_catalogue(msgid):
        assert CJK.search(errors[0].message), errors[0].message


@pytest.mark.usefixtures("area")
@pytest.mark.parametrize("name", list(CORPUS))
def test_a_broken_workbook_writes_nothing_even_when_confirmed(name, staff_a_client):
    upload = SimpleUploadedFile("台账.xlsx", CORPUS[name][0]())
    preview = staff_a_client.post(reverse("hazards:import"), {"file": upload})

    confirm = staff_a_client.post(reverse("hazards:import_confirm"), {"token": preview.context["token"]})

    assert (preview.status_code, confirm.status_code) == (200, 400)
    assert not Hazard.objects.exists()


def test_the_hundred_thousand_rows_are_really_there():
    with zipfile.ZipFile(io.BytesIO(_hundred_thousand_rows())) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    assert sheet.count(b"<row ") == 100_001
