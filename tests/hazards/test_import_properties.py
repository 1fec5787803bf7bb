"""Property-based tests (hypothesis) of the spreadsheet rules the hazard import and export share.

Whatever a cell holds, reading it never crashes; a date survives every way people type it; a row
the dry run accepts carries every required field; and text written to an export is read back as
the same text, never as a formula.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from hazards.importers import COLUMNS, HAZARDS, SHEET
from hazards.models import Hazard
from org.imports import check_file, row_key
from org.models import OrgUnit
from org.spreadsheets import cell_text, parse_date, safe_cell
from tests.factories.hazards import sector
from tests.hazards.test_import import HEADERS, _row

# Anything a cell can hold once openpyxl has read it.
CELL = st.one_of(
    st.none(),
    st.text(max_size=40),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True),
    st.dates(dt.date(1900, 3, 1), dt.date(2100, 12, 31)),
    st.datetimes(dt.datetime(1900, 3, 1)),
    st.booleans(),
)
TYPED = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")
# openpyxl refuses the control characters XML 1.0 cannot carry; everything else a user may type.
USER_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60)
FAST = settings(max_examples=200, deadline=None)
DB = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FAST
@given(CELL)
def test_reading_any_cell_as_text_never_fails_and_is_stable(value):
    text = cell_text(value)
    assert cell_text(text) == text


@FAST
@given(CELL)
def test_reading_any_cell_as_a_date_gives_a_date_or_nothing(value):
    assert parse_date(value) is None or isinstance(parse_date(value), dt.date)


@FAST
@given(st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31)), st.sampled_from(TYPED))
def test_a_date_typed_any_usual_way_reads_back_as_that_date(day, pattern):
    assert parse_date(day.strftime(pattern)) == day


@FAST
@given(st.text(max_size=30), st.text(max_size=30), st.sampled_from([" ", "  ", "\n", " \t "]))
def test_spacing_does_not_make_a_new_hazard(place, description, gap):
    township = OrgUnit(pk=1, code="TA")
    day = dt.date(2026, 3, 10)

    def key(place_name: str, text: str) -> str:
        return row_key(HAZARDS, {"org_unit": township, "place_name": place_name, "description": text, "found_on": day})

    assert key(gap.join(place.split()) + gap, gap + description) == key(place, description)


@FAST
@given(USER_TEXT)
def test_exported_text_is_read_back_as_the_same_text_never_a_formula(text):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("隐患台账")
    sheet.append([safe_cell(sheet, text)])
    buffer = io.BytesIO()
    workbook.save(buffer)

    cell = load_workbook(io.BytesIO(buffer.getvalue()))["隐患台账"]["A1"]

    assert (cell.value, cell.data_type) == (text, "s")


def _file(rows: list[list]) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("台账.xlsx", buffer.getvalue())


# A good row with any of its cells replaced by something arbitrary.
ROWS = st.lists(
    st.dictionaries(st.sampled_from(HEADERS), st.one_of(st.none(), USER_TEXT, st.dates(), st.integers()), max_size=4),
    min_size=1,
    max_size=4,
)
REQUIRED = [column.name for column in COLUMNS if column.required]


@pytest.mark.django_db
@DB
@given(ROWS)
def test_the_dry_run_accepts_only_complete_rows_and_writes_nothing(township_a, village_a, township_a_staff, changes):
    sector("消防")
    good = _row(**{"发现日期": dt.date(2026, 3, 10)})
    rows = [[{**good, **change}.get(title) for title in HEADERS] for change in changes]

    result = check_file(HAZARDS, _file(rows), township_a_staff)

    assert all(row.fields[name] not in (None, "") for row in result.rows for name in REQUIRED)
    assert all(error.message for error in result.errors)
    assert not Hazard.objects.exists()
