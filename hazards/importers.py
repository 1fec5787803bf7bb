"""Bulk import of hazards from the Excel template (隐患批量导入).

Upload → dry run listing every bad cell → all-or-nothing import. Each row gets
a key (township, place, description, date found), so the same file imported
twice adds nothing the second time. The column titles, dropdown values and the
instructions sheet are Chinese data in a Chinese template; the error messages
are gettext msgids because the preview page shows them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hazards.exporters import LEVEL_LABELS, SOURCE_LABELS
from hazards.models import Campaign, Hazard, ImportBatch, Sector
from hazards.services import hazard_create
from org.audit import record_audit
from org.models import OrgUnit, User
from org.spreadsheets import RowError, build_import_template, cell_text, open_table, parse_date

SHEET = "隐患导入"
MAX_ROWS = 5000
MAX_BYTES = 10 * 1024 * 1024
TEMPLATE_ROWS = 1000  # rows that carry the dropdowns


@dataclass(frozen=True)
class ImportColumn:
    name: str  # keyword of hazard_create
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
BY_NAME = {column.name: column for column in COLUMNS}
EXAMPLE = ("城关街道", "和平社区", "某某餐饮店", "91330100MA2XXXXX0X", "解放路12号", "消防", "", "镇街检查",
           "疏散通道堆放杂物，安全出口指示标志损坏", "一般隐患", "2026-03-10", "某某餐饮店", "张三",
           "清理杂物，更换指示标志", "2026-03-20")


@dataclass
class ImportRow:
    row: int
    key: str
    fields: dict[str, Any]
    duplicate: bool = False

    @property
    def level_label(self) -> str:
        return str(Hazard.Level(self.fields["level"]).label)


@dataclass
class ImportResult:
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)

    @property
    def duplicates(self) -> int:
        return sum(1 for row in self.rows if row.duplicate)

    @property
    def to_create(self) -> int:
        return len(self.rows) - self.duplicates


def build_template() -> bytes:
    return build_import_template(
        sheet_title=SHEET,
        columns=COLUMNS,
        choices={
            "sector": list(Sector.objects.filter(is_active=True).values_list("name", flat=True)),
            "source": SOURCE_LABELS.values(),
            "level": LEVEL_LABELS.values(),
        },
        instructions=(

            f"1. 在“{SHEET}”工作表中从第2行起每行填写一条隐患，不要修改第1行的列名。",
            "2. 红色列名为必填项；行业领域、隐患来源、隐患等级请从下拉列表中选择。",
            "3. 日期请写成 2026-03-10 的形式；发现日期不能晚于今天，整改期限不能早于发现日期。",
            "4. 只能导入本人辖区内镇街的隐患；村社须属于所填镇街。",
            "5. 上传后系统先逐行检查，列出所有错误；有任何错误时一行也不导入，改正后重新上传即可。",
            "6. 同一镇街、场所、隐患描述和发现日期相同的隐患视为重复，重复导入同一文件不会重复登记。",
        ),
        example=EXAMPLE,
        rows=TEMPLATE_ROWS,
        date_columns=("found_on", "deadline"),
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


def _read_row(number: int, values: dict[str, Any], look: _Lookups) -> tuple[dict[str, Any], list[RowError]]:
    """Turn one row's cells into hazard_create() arguments, reporting every bad cell."""
    errors: list[RowError] = []

    def error(name: str, message: str) -> None:
        errors.append(RowError(number, BY_NAME[name].title, message))

    text = {name: cell_text(values.get(name)) for name in BY_NAME}
    for column in COLUMNS:
        if column.required and not text[column.name]:
            error(column.name, _("Required; please fill it in."))
        elif column.max_length and len(text[column.name]) > column.max_length:
            error(column.name, _("Too long: at most %(max)s characters.") % {"max": column.max_length})
    fields: dict[str, Any] = {name: text[name] for name in (
        "place_name", "credit_code", "address", "description", "responsible_unit", "responsible_person", "measures")}
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
    if text["campaign"]:
        fields["campaign"] = look.campaigns.get(text["campaign"])
        if fields["campaign"] is None:
            error("campaign", _("No campaign of this name."))

    found_on = deadline = None
    if text["found_on"]:
        found_on = parse_date(values["found_on"])
        if found_on is None:
            error("found_on", _("Date is not valid; use the form 2026-03-10."))
        elif found_on > timezone.localdate():
            error("found_on", _("The date found cannot be in the future."))
    if text["deadline"]:
        deadline = parse_date(values["deadline"])
        if deadline is None:
            error("deadline", _("Date is not valid; use the form 2026-03-10."))
        elif found_on is not None and deadline < found_on:
            error("deadline", _("The deadline cannot be before the date the hazard was found."))
    fields.update(found_on=found_on, deadline=deadline)
    return fields, errors


def check_file(file: IO[bytes], user: User) -> ImportResult:
    """The dry run: every row parsed and every problem listed; nothing is written."""
    result = ImportResult()
    rows, index, result.errors = open_table(file, SHEET, COLUMNS, max_bytes=MAX_BYTES)
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
        if count > MAX_ROWS:
            message = _("At most %(max)s rows can be imported at once.") % {"max": MAX_ROWS}
            result.errors.append(RowError(None, "", message))
            break
        fields, row_errors = _read_row(number, values, look)
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


@transaction.atomic
def import_rows(result: ImportResult, user: User) -> tuple[int, int]:
    """Create every new row through hazard_create (one audit entry each), or nothing at all."""
    if result.errors:
        raise ValueError("a file with errors cannot be imported")
    _mark_duplicates(result.rows)  # someone may have imported some of them since the dry run
    created = 0
    for row in result.rows:
        if not row.duplicate:
            hazard_create(acting_user=user, import_key=row.key, **row.fields)
            created += 1
    return created, result.duplicates


def import_batch_create(*, owner: User, upload: UploadedFile) -> tuple[ImportBatch, ImportResult]:
    """Keep the uploaded file with the outcome of its dry run until it is confirmed."""
    result = check_file(upload, owner)
    batch = ImportBatch(
        owner=owner, file=upload, filename=(upload.name or "")[:200], row_count=len(result.rows),
        duplicate_count=result.duplicates,
        status=ImportBatch.Status.REJECTED if result.errors else ImportBatch.Status.CHECKED,
    )
    batch.save()
    return batch, result


@transaction.atomic
def import_batch_confirm(*, acting_user: User, batch: ImportBatch) -> ImportResult:
    """Check the stored file again and, only if it is still clean, import it whole."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    with batch.file.open("rb") as file:
        result = check_file(file, acting_user)
    if not result.ok:
        batch.status = ImportBatch.Status.REJECTED
        batch.save(update_fields=["status"])
        return result
    created, duplicates = import_rows(result, acting_user)
    batch.status = ImportBatch.Status.IMPORTED
    batch.row_count, batch.created_count, batch.duplicate_count = len(result.rows), created, duplicates
    batch.save(update_fields=["status", "row_count", "created_count", "duplicate_count"])
    record_audit(
        actor=acting_user, action="hazards.import.completed", target=batch, org_unit=acting_user.org_unit,
        data={"file": batch.filename, "rows": len(result.rows), "created": created, "duplicates": duplicates},
    )
    return result
