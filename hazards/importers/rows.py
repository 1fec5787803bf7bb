"""Reading an upload of the hazard import template: the columns, the template itself, and the dry run.

Every cell is checked, and every bad one reported by row, column and cell; nothing here writes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from hazards.exporters import LEVEL_LABELS, SOURCE_LABELS, STATUS_LABELS
from hazards.models import Campaign, Hazard, Sector
from org.closed_periods import ClosedPeriod, closed_periods
from org.imports import ImportResult  # the same result every import on org.imports gives (rows, errors, duplicates)
from org.models import OrgUnit, User
from org.spreadsheets import RowError, build_import_template, cell_text, open_table, parse_date

SHEET = "隐患导入"
MAX_ROWS = 5000
MAX_BYTES = 10 * 1024 * 1024
TEMPLATE_ROWS = 1000  # rows that carry the dropdowns
CHUNK = 500  # rows per INSERT, and how often the worker reports its progress
JOB_KIND = "hazards.import"  # the ExportJob that carries a confirmed import's progress
IMPORTERS = ("township_staff", "officer", "admin")
S = Hazard.Status


@dataclass(frozen=True)
class ImportColumn:
    name: str  # a Hazard field
    title: str
    required: bool = False
    max_length: int | None = None
    width: int = 14
    note: str = ""


COLUMNS: tuple[ImportColumn, ...] = (
    ImportColumn("org_unit", "镇街", True, width=12, note="本人辖区内的镇（街道）名称"),
    ImportColumn("village", "村社", width=12, note="所在村（社区），须属于上一列的镇街；可不填"),
    ImportColumn("place_name", "场所/企业名称", True, 120, 24),
    ImportColumn("credit_code", "统一社会信用代码", width=20, note="18位，可不填"),
    ImportColumn("address", "地址", False, 200, 24),
    ImportColumn("sector", "行业领域", True, width=12, note="从下拉列表中选择"),
    ImportColumn("campaign", "专项行动", width=18, note="系统中已有的专项行动名称，可不填"),
    ImportColumn("source", "隐患来源", True, width=14, note="从下拉列表中选择"),
    ImportColumn("description", "隐患描述", True, width=40),
    ImportColumn("level", "隐患等级", True, width=14, note="一般隐患或重大事故隐患"),
    ImportColumn("found_on", "发现日期", True, width=12, note="如 2026-03-10，不能晚于今天"),
    ImportColumn("responsible_unit", "责任单位", False, 120, 18, "与整改期限同时填写时即为交办"),
    ImportColumn("responsible_person", "责任人", False, 50, 10),
    ImportColumn("measures", "整改措施", False, width=30),
    ImportColumn("deadline", "整改期限", width=12, note="如 2026-04-10，不能早于发现日期"),
)
# What happened to it since: optional, so a file made from the older template still reads.
HISTORY_COLUMNS: tuple[ImportColumn, ...] = (
    ImportColumn("status", "状态", width=10,
                 note="从下拉列表中选择；不填时，填了责任单位和整改期限的为已交办，否则为已登记"),
    ImportColumn("rectified_on", "整改完成日期", width=14, note="不能早于发现日期，不能晚于今天"),
    ImportColumn("reinspected_on", "复查日期", width=12, note="已销号的隐患填写；不能早于整改完成日期"),
    ImportColumn("reinspector", "复查人", False, 50, 10, "已销号的隐患填写复查人姓名"),
    ImportColumn("closed_on", "销号日期", width=12, note="状态为已销号时必填；不能早于复查日期，不能晚于今天"),
)
ALL_COLUMNS = COLUMNS + HISTORY_COLUMNS
BY_NAME = {column.name: column for column in ALL_COLUMNS}
DATE_COLUMNS = ("found_on", "deadline", "rectified_on", "reinspected_on", "closed_on")
EXAMPLE = ("城关街道", "和平社区", "某某餐饮店", "91330100MA2XXXXX0X", "解放路12号", "消防", "", "镇街检查",
           "疏散通道堆放杂物，安全出口指示标志损坏", "一般隐患", "2026-03-10", "某某餐饮店", "张三",
           "清理杂物，更换指示标志", "2026-03-20", "已销号", "2026-03-18", "2026-03-19", "李四", "2026-03-19")
# Statuses that come after 交办 (they need the responsible unit and deadline), and those rectified at least once.
HANDED_OVER = (S.ASSIGNED, S.RECTIFYING, S.AWAITING_REVIEW, S.CLOSED)
NOT_RECTIFIED = (S.REPORTED, S.ASSIGNED)


@dataclass
class CellError(RowError):
    """A RowError that also names the cell (G7), as Excel shows it."""

    cell: str = ""


@dataclass
class ImportRow:
    row: int
    key: str
    fields: dict[str, Any]
    duplicate: bool = False

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS.get(self.fields["level"])

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.fields["status"])


def build_template() -> bytes:
    return build_import_template(
        sheet_title=SHEET,
        columns=ALL_COLUMNS,
        choices={
            "sector": list(Sector.objects.filter(is_active=True).values_list("name", flat=True)),
            "source": SOURCE_LABELS.values(),
            "level": LEVEL_LABELS.values(),
            "status": STATUS_LABELS.values(),
        },
        instructions=(

            f"1. 在“{SHEET}”工作表中从第2行起每行填写一条隐患，不要修改第1行的列名。",
            "2. 红色列名为必填项；行业领域、隐患来源、隐患等级、状态请从下拉列表中选择。",
            "3. 日期请写成 2026-03-10 的形式；发现日期不能晚于今天，整改期限不能早于发现日期。",
            "4. 只能导入本人辖区内镇街的隐患；村社须属于所填镇街。",
            "5. 上传后系统先逐行检查，列出所有错误；有任何错误时一行也不导入，改正后重新上传即可。",
            "6. 同一镇街、场所、隐患描述和发现日期相同的隐患视为重复，重复导入同一文件不会重复登记。",
            "7. 补录以往的隐患时可填写状态和各环节的日期：整改完成日期、复查日期、销号日期都不能晚于今天、"
            "不能早于发现日期，且依次不早于前一环节；已销号的隐患须填写销号日期，填写销号日期的隐患状态须为已销号。"
            "已销号的隐患按销号日期计入整改完成数。",
            "8. 已交办及以后的隐患须填写责任单位和整改期限；重大事故隐患请导入后在系统中补全“五落实”再销号。",
        ),
        example=EXAMPLE,
        rows=TEMPLATE_ROWS,
        date_columns=DATE_COLUMNS,
    )


def _key(township: OrgUnit, place_name: str, description: str, found_on: dt.date) -> str:
    squash = " ".join  # the same text with different spacing is the same hazard
    parts = [township.code, squash(place_name.split()), squash(description.split()), found_on.isoformat()]
    return hashlib.sha1("\x1f".join(parts).encode()).hexdigest()


class _Lookups:
    """Everything a file may name, limited to the user's area, read once per file."""

    def __init__(self, user: User) -> None:
        units = OrgUnit.objects.visible_to(user)
        self.townships: dict[str, list[OrgUnit]] = {}
        for unit in units.townships():
            for name in {unit.name, unit.short_name, unit.code} - {""}:
                self.townships.setdefault(name, []).append(unit)
        self.villages = {(v.parent_id, v.name): v for v in units.filter(kind=OrgUnit.Kind.VILLAGE)}
        self.sectors = {s.name: s for s in Sector.objects.filter(is_active=True)}
        self.campaigns = {c.name: c for c in Campaign.objects.all()}
        self.sources = {label: value for value, label in SOURCE_LABELS.items()}
        self.levels = {label: value for value, label in LEVEL_LABELS.items()}
        # 已登记 as the dropdown says it, and 登记 as ledgers often write it.
        self.statuses = {label: value for value, label in STATUS_LABELS.items()}
        self.statuses.update({label.removeprefix("已"): value for label, value in list(self.statuses.items())})
        self.today = timezone.localdate()
        # Approved summaries' periods over the user's townships, read once: a backlog row dated inside one
        # would change figures already approved (org.closed_periods; a leader reopens the summary first).
        townships = list({u.pk: u for matches in self.townships.values() for u in matches}.values())
        self.closed = closed_periods(org_units=townships, start=dt.date(1900, 1, 1), end=self.today)

    def closed_period(self, unit: OrgUnit | None, on: dt.date | None) -> ClosedPeriod | None:
        if unit is None or on is None:
            return None
        return next((period for period in self.closed if period.covers(unit, on)), None)


def _read_row(
    number: int, values: dict[str, Any], look: _Lookups, index: dict[str, int] | None = None,
) -> tuple[dict[str, Any], list[RowError]]:
    """Turn one row's cells into Hazard fields, reporting every bad cell (``index``: where each column sits)."""
    errors: list[RowError] = []
    index = index or {}

    def error(name: str, message: str) -> None:
        cell = f"{get_column_letter(index[name] + 1)}{number}" if name in index else ""
        errors.append(CellError(number, BY_NAME[name].title, message, cell))

    text = {name: cell_text(values.get(name)) for name in BY_NAME}
    for column in ALL_COLUMNS:
        if column.required and not text[column.name]:
            error(column.name, _("Required; please fill it in."))
        elif column.max_length and len(text[column.name]) > column.max_length:
            error(column.name, _("Too long: at most %(max)s characters.") % {"max": column.max_length})
    fields: dict[str, Any] = {name: text[name] for name in (
        "place_name", "credit_code", "address", "description", "responsible_unit", "responsible_person", "measures",
        "reinspector")}
    if fields["credit_code"] and len(fields["credit_code"]) != 18:
        error("credit_code", _("A unified social credit code has 18 characters."))

    township = village = None
    if text["org_unit"]:
        matches = look.townships.get(text["org_unit"], [])
        if not matches:
            # The same answer whether the township exists elsewhere or not at all (outside scope reveals nothing).
            error("org_unit", _("No township of this name in your area."))
        elif len(matches) > 1:
            error("org_unit", _("Several townships have this name; write the township code instead."))
        else:
            township = matches[0]
    if text["village"] and township is not None:
        village = look.villages.get((township.pk, text["village"]))
        if village is None:
            error("village", _("No village of this name in that township."))
    fields.update(org_unit=township, village=village)

    for name, known in (("sector", look.sectors), ("source", look.sources), ("level", look.levels)):
        fields[name] = known.get(text[name])
        if text[name] and fields[name] is None:
            error(name, _("Not in the list; choose one of: %(choices)s.") % {"choices": "、".join(known)})
    fields["campaign"] = None
    if text["campaign"]:
        fields["campaign"] = look.campaigns.get(text["campaign"])
        if fields["campaign"] is None:
            error("campaign", _("No campaign of this name."))

    found_on = deadline = None
    if text["found_on"]:
        found_on = parse_date(values["found_on"])
        if found_on is None:
            error("found_on", _("Date is not valid; use the form 2026-03-10."))
        elif found_on > look.today:
            error("found_on", _("The date found cannot be in the future."))
            found_on = None
    if text["deadline"]:
        deadline = parse_date(values["deadline"])
        if deadline is None:
            error("deadline", _("Date is not valid; use the form 2026-03-10."))
        elif found_on is not None and deadline < found_on:
            error("deadline", _("The deadline cannot be before the date the hazard was found."))
    fields.update(found_on=found_on, deadline=deadline)
    fields.update(_read_history(text, values, fields, look, error))
    # The dates figures count by (found, closed) may not fall inside an approved summary's period.
    for name in ("found_on", "closed_on"):
        period = look.closed_period(fields["org_unit"], fields.get(name))
        if period is not None:
            error(name, _("This date lies in %(period)s, which is approved: a leader must reopen it before "
                          "records are added to it.") % {"period": period.label})
    return fields, errors


def _read_history(
    text: dict[str, str], values: dict[str, Any], fields: dict[str, Any], look: _Lookups,
    error: Callable[[str, str], None],
) -> dict[str, Any]:
    """The status and the stated step dates, in the loop's order: found ≤ rectified ≤ re-inspected ≤ closed."""
    handed_over = bool(fields["responsible_unit"] and fields["deadline"])
    status = S.ASSIGNED if handed_over else S.REPORTED  # the older template's rule, when no status is given
    if text["status"]:
        status = look.statuses.get(text["status"])
        if status is None:
            error("status", _("Not in the list; choose one of: %(choices)s.")
                  % {"choices": "、".join(STATUS_LABELS.values())})
            status = S.REPORTED
        elif status in HANDED_OVER and not handed_over:
            error("status", _("A hazard handed over (assigned or later) needs the responsible unit and the deadline."))
        elif status == S.CLOSED and fields["level"] == Hazard.Level.MAJOR:
            error("status", _("A major accident hazard cannot be imported as closed: import it, record its five "
                              "in place in the portal, then close it there."))

    stated: dict[str, dt.date | None] = {}
    earlier: tuple[str, dt.date] | None = ("found_on", fields["found_on"]) if fields["found_on"] else None
    for name in ("rectified_on", "reinspected_on", "closed_on"):
        on = parse_date(values[name]) if text[name] else None
        stated[name] = None
        if text[name] and on is None:
            error(name, _("Date is not valid; use the form 2026-03-10."))
        elif on is not None and on > look.today:
            error(name, _("A stated date cannot be later than today."))
        elif on is not None and earlier is not None and on < earlier[1]:
            error(name, ORDER_MESSAGES[earlier[0], name]() % {"date": earlier[1].isoformat()})
        elif on is not None:
            stated[name] = on
        if on is not None:
            earlier = (name, on)  # a bad later date is still compared with this one

    if status == S.CLOSED and not text["closed_on"]:
        error("closed_on", _("A closed hazard needs its closing date."))
    elif status != S.CLOSED and text["closed_on"]:
        error("closed_on", _("Only a closed hazard has a closing date: set the status to closed or leave it empty."))
    if status != S.CLOSED and (text["reinspected_on"] or text["reinspector"]):
        name = "reinspected_on" if text["reinspected_on"] else "reinspector"
        error(name, _("Only a closed hazard has a re-inspection date and a re-inspector (one that passed)."))
    if status == S.CLOSED and text["reinspector"] and text["reinspector"] == fields["responsible_person"]:
        # Separation of duties (hazards.duties), as far as a sheet of names can show it.
        error("reinspector", _("The re-inspector is the responsible person who rectified it (%(name)s): a "
                               "re-inspection is done by someone else.") % {"name": text["reinspector"]})
    if status in NOT_RECTIFIED and text["rectified_on"]:
        error("rectified_on", _("A hazard not yet rectified (reported or assigned) has no rectification date."))
    return {"status": status, **stated}


# (earlier step, this step) → the message when this step is dated before the earlier one.
ORDER_MESSAGES: dict[tuple[str, str], Callable[[], str]] = {
    ("found_on", "rectified_on"): lambda: _("The rectification cannot be before the date found (%(date)s)."),
    ("found_on", "reinspected_on"): lambda: _("The re-inspection cannot be before the date found (%(date)s)."),
    ("found_on", "closed_on"): lambda: _("The closing cannot be before the date found (%(date)s)."),
    ("rectified_on", "reinspected_on"): lambda: _(
        "The re-inspection cannot be before the rectification (%(date)s)."),
    ("rectified_on", "closed_on"): lambda: _("The closing cannot be before the rectification (%(date)s)."),
    ("reinspected_on", "closed_on"): lambda: _("The closing cannot be before the re-inspection (%(date)s)."),
}

def check_file(file: IO[bytes], user: User, progress: Callable[[int], None] | None = None) -> ImportResult:
    """The dry run: every row parsed and every problem listed; nothing is written.

    ``progress(rows read)`` every CHUNK rows, for the worker's progress bar.
    """
    result = ImportResult()
    rows, index, result.errors = open_table(file, SHEET, ALL_COLUMNS, max_bytes=MAX_BYTES)
    if result.errors:
        return result

    look = _Lookups(user)
    seen: dict[str, int] = {}
    count = 0
    for number, cells in enumerate(rows, start=2):
        values = {name: cells[i] if i < len(cells) else None for name, i in index.items()}
        if not any(cell_text(v) for v in values.values()):
            continue
        count += 1
        if progress and count % CHUNK == 0:
            progress(count)
        if count > MAX_ROWS:
            message = _("At most %(max)s rows can be imported at once.") % {"max": MAX_ROWS}
            result.errors.append(RowError(None, "", message))
            break
        fields, row_errors = _read_row(number, values, look, index)
        if not row_errors:
            key = _key(fields["org_unit"], fields["place_name"], fields["description"], fields["found_on"])
            if key in seen:
                row_errors.append(RowError(number, "", _("The same hazard as row %(row)s.") % {"row": seen[key]}))
            else:
                seen[key] = number
                result.rows.append(ImportRow(row=number, key=key, fields=fields))
        result.errors.extend(row_errors)
    if not result.rows and not result.errors:
        result.errors.append(RowError(None, "", _("The file has no rows to import.")))
    _mark_duplicates(result.rows)
    return result


def _mark_duplicates(rows: list[ImportRow]) -> None:
    """Rows already in the ledger (same key in the same township) are skipped, not errors."""
    existing = set(
        Hazard.objects.filter(import_key__in=[row.key for row in rows]).values_list("org_unit_id", "import_key")
    )
    for row in rows:
        row.duplicate = (row.fields["org_unit"].pk, row.key) in existing
