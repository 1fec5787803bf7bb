"""Small Excel helpers shared by every app's imports and exports (openpyxl).

Reading: cell values as text and dates written in any of the ways people type
them. Writing: cells that cannot run as formulas. Used by the hazards and
floodprep imports and exports alike.

An .xlsx file is a zip archive, and a small upload can unpack to gigabytes
(a "zip bomb"); ``read_sheet`` reads the archive's table of contents first
and refuses one that would unpack to more than MAX_UNPACKED_BYTES.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any, Protocol

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

if TYPE_CHECKING:
    from openpyxl.cell import Cell
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

# Excel, LibreOffice and WPS all run a cell typed as text starting with one of
# these as a formula (CSV/formula injection, OWASP); such cells are stored as text.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "yyyy-mm-dd"
DATE_PATTERNS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")
# A 10,000-row ledger unpacks to about 10 MB of XML; five times that is no honest workbook.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_MEMBERS = 500


class WorkbookTooLarge(ValueError):
    """The archive would unpack to more than MAX_UNPACKED_BYTES (or holds absurdly many parts)."""


@dataclass
class RowError:
    """One problem in an uploaded file, as the dry-run page lists it."""

    row: int | None  # as Excel numbers it; None for the file as a whole
    column: str
    message: str


def cell_text(value: Any) -> str:
    """A cell as trimmed text: 13812345678.0 → "13812345678", a datetime → its date."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    return str(value).strip()


def parse_date(value: Any) -> dt.date | None:
    """A date cell, an Excel serial number or text such as 2026-03-10 / 2026/3/10."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and 1 < value < 200000:
        return from_excel(value).date()
    for pattern in DATE_PATTERNS:
        try:
            return dt.datetime.strptime(cell_text(value), pattern).date()  # noqa: DTZ007 (a date, no time)
        except ValueError:
            continue
    return None


def header_key(title: Any) -> str:
    """A column title without the asterisks and spaces people add to mark required columns."""
    return re.sub(r"[*＊\s]", "", cell_text(title))


def check_archive(data: bytes) -> None:
    """Refuse a zip bomb from the archive's directory alone, before anything is unpacked.

    The sizes are the ones the archive declares; zipfile never inflates a member past its
    declared size (it stops and fails the CRC check), so a lying header cannot get round this.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS or sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
            raise WorkbookTooLarge


def read_sheet(file: IO[bytes], title: str) -> Any:
    """The named sheet of an uploaded workbook (or its first sheet), read-only.

    Raises WorkbookTooLarge for a zip bomb, and openpyxl's InvalidFileException,
    zipfile.BadZipFile, KeyError, OSError or ValueError for a file that is not an
    .xlsx workbook.
    """
    file.seek(0)
    data = file.read()
    check_archive(data)
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    return workbook[title] if title in workbook.sheetnames else workbook.worksheets[0]


class TemplateColumn(Protocol):
    # Read-only members, so that a frozen dataclass (org.imports.Column) is one.
    @property
    def name(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def required(self) -> bool: ...
    @property
    def width(self) -> int: ...
    @property
    def note(self) -> str: ...


LISTS_SHEET = "选项"
HELP_SHEET = "填写说明"


def build_import_template(
    *,
    sheet_title: str,
    columns: Sequence[TemplateColumn],
    choices: dict[str, list[str]],
    instructions: Sequence[str],
    example: Sequence[Any],
    rows: int,
    text_columns: Sequence[str] = (),
    date_columns: Sequence[str] = (),
    note_width: int = 40,
) -> bytes:
    """An import template: the sheet to fill (required titles in red), dropdowns for
    ``choices`` (column name → allowed values), and an instructions sheet with an example.

    The dropdown lists live on a hidden sheet: an inline list is capped at 255 characters.
    """
    workbook = Workbook()
    sheet = workbook.worksheets[0]  # a new workbook's one (active) sheet
    sheet.title = sheet_title
    position = {column.name: index for index, column in enumerate(columns, start=1)}
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=column.title)
        cell.font = Font(bold=True, color="C00000" if column.required else None)
        if column.required:
            cell.fill = PatternFill("solid", fgColor="FCE4D6")
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        if column.name in date_columns:
            sheet.column_dimensions[letter].number_format = DATE_FORMAT
    # Text columns (mobile numbers) so Excel neither rounds them nor shows 1.38E+10.
    for name in text_columns:
        letter = get_column_letter(position[name])
        for row in range(2, rows + 2):
            sheet[f"{letter}{row}"].number_format = "@"
    sheet.freeze_panes = "A2"

    lists = workbook.create_sheet(LISTS_SHEET)
    by_name = {column.name: column for column in columns}
    for list_index, (name, values) in enumerate(choices.items(), start=1):
        list_letter = get_column_letter(list_index)
        lists.cell(row=1, column=list_index, value=by_name[name].title)
        for row, value in enumerate(values, start=2):
            lists.cell(row=row, column=list_index, value=value)
        validation = DataValidation(
            type="list",
            formula1=f"'{LISTS_SHEET}'!${list_letter}$2:${list_letter}${len(values) + 1}",
            allow_blank=not by_name[name].required,
            showErrorMessage=True,
            errorTitle="输入有误",
            error="请从下拉列表中选择",
        )
        target = get_column_letter(position[name])
        validation.add(f"{target}2:{target}{rows + 1}")
        sheet.add_data_validation(validation)
    lists.sheet_state = "hidden"

    help_sheet = workbook.create_sheet(HELP_SHEET)
    help_sheet.append(["填写说明"])
    help_sheet["A1"].font = Font(bold=True, size=14)
    for line in [*instructions, "", "各列说明："]:
        help_sheet.append([line])
    for column in columns:
        help_sheet.append([column.title, "必填" if column.required else "选填", column.note])
    help_sheet.append([])
    help_sheet.append(["示例（请勿在本表填写）："])
    help_sheet.append([column.title for column in columns])
    help_sheet.append(list(example))
    help_sheet.column_dimensions["A"].width = 18
    help_sheet.column_dimensions["C"].width = note_width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def open_table(
    file: IO[bytes], sheet: str, columns: Sequence[TemplateColumn], *, max_bytes: int
) -> tuple[Iterator[tuple[Any, ...]], dict[str, int], list[RowError]]:
    """Open an upload made from one of our templates: its data rows, where each template
    column sits (people reorder columns), and what is wrong with the file as a whole.

    When the error list is not empty there are no rows to read.
    """
    none: Iterator[tuple[Any, ...]] = iter(())
    if (getattr(file, "size", 0) or 0) > max_bytes:
        limit = max_bytes // (1024 * 1024)
        return none, {}, [RowError(None, "", _("The file is larger than %(mb)s MB.") % {"mb": limit})]
    try:
        rows = read_sheet(file, sheet).iter_rows(values_only=True)
        header = next(rows, ())
    except WorkbookTooLarge:
        message = _("The workbook unpacks to more than 50 MB; split it into smaller files.")
        return none, {}, [RowError(None, "", message)]
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        return none, {}, [RowError(None, "", _("The file could not be read as an Excel workbook (.xlsx)."))]
    positions = {header_key(title): i for i, title in enumerate(header)}
    # Both sides without spaces and asterisks: a title such as "行业（GB/T 4754-2017）" has a space of its own.
    keys = {column.name: header_key(column.title) for column in columns}
    index = {column.name: positions[keys[column.name]] for column in columns if keys[column.name] in positions}
    missing = [
        RowError(1, c.title, _("This column is missing.")) for c in columns if c.required and c.name not in index
    ]
    return (none if missing else rows), index, missing


def safe_cell(sheet: WriteOnlyWorksheet, value: Any) -> Any:
    """A value for a write-only sheet: dates formatted, text that looks like a formula kept as text."""
    if isinstance(value, dt.date):
        cell = WriteOnlyCell(sheet, value=value)  # type: ignore[arg-type]  # openpyxl writes a date; its stubs say datetime
        cell.number_format = DATE_FORMAT
        return cell
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        cell = WriteOnlyCell(sheet, value=value)
        # Text, not a formula; quotePrefix keeps it text when someone edits the cell.
        cell.data_type = "s"
        cell.quotePrefix = True
        return cell
    return value


def header_cell(sheet: WriteOnlyWorksheet, title: str, *, required: bool = False) -> Cell:
    cell = WriteOnlyCell(sheet, value=title)
    cell.font = Font(bold=True, color="C00000" if required else None)
    cell.fill = PatternFill("solid", fgColor="FCE4D6" if required else "DDEBF7")
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    return cell


ProgressFn = Callable[[int, int], None]


def write_table(
    title: str,
    headers: Sequence[tuple[str, bool]],
    widths: Sequence[float],
    rows: Iterable[Iterable[Any]],
    *,
    freeze: str = "A2",
    progress: ProgressFn | None = None,
    total: int = 0,
    progress_every: int = 500,
) -> bytes:
    """One write-only sheet of an export: the widths, a frozen header row (title, required), every value
    through safe_cell; ``progress(done, total)`` every ``progress_every`` rows and once at the end."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = freeze
    sheet.append([header_cell(sheet, text, required=required) for text, required in headers])
    done = 0
    for done, values in enumerate(rows, start=1):
        sheet.append([safe_cell(sheet, value) for value in values])
        if progress and done % progress_every == 0:
            progress(done, max(total, done))
    if progress:
        progress(done, max(total, done))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
