"""Bulk import of the flood roster from the Excel template (防汛责任人批量导入).

Upload → dry run listing every bad cell → all-or-nothing import, as for hazards.
A person is (unit, name, mobile): a row that names someone already on the roster
updates their level, post, note and risk points instead of adding them again, so
importing the same file twice adds nobody the second time.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from floodprep.models import LEVEL_UNIT_KIND, RiskPoint, RosterImport
from floodprep.models.roster import MOBILE_PATTERN
from floodprep.roster_sheet import BY_NAME, COLUMNS, EXAMPLE, LEVEL_LABELS, POINT_SEPARATORS, SHEET
from floodprep.services import RosterRow, responsible_persons_import, roster_match
from org.audit import record_audit
from org.models import OrgUnit, User
from org.retention import FileKind, file_remove, pending_upload_retention, register, registered_kind
from org.spreadsheets import RowError, build_import_template, cell_text, open_table

ROSTER_FILES = "floodprep.roster_import"  # the kind of file org.retention removes

MAX_ROWS = 10000  # seed 000's city has 6,000+ persons; one file may carry them all
MAX_BYTES = 10 * 1024 * 1024
TEMPLATE_ROWS = 3000


@dataclass
class ImportResult:
    rows: list[RosterRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)

    @property
    def to_create(self) -> int:
        return sum(1 for row in self.rows if row.existing is None)

    @property
    def to_update(self) -> int:
        return sum(1 for row in self.rows if row.existing is not None and row.changes)

    @property
    def unchanged(self) -> int:
        return len(self.rows) - self.to_create - self.to_update


# ------------------------------------------------------------------------------
# The template
# ------------------------------------------------------------------------------
def build_template() -> bytes:
    return build_import_template(
        sheet_title=SHEET,
        columns=COLUMNS,
        choices={"level": list(LEVEL_LABELS.values())},
        instructions=(

            f"1. 在“{SHEET}”工作表中从第2行起每行填写一名防汛责任人，不要修改第1行的列名。",
            "2. 红色列名为必填项；层级请从下拉列表中选择：县级、乡级、村级、网格。",
            "3. 县级责任人在“镇街”列填写区（县）名称；乡级填写镇街；村级和网格还须填写村社。",
            "4. 只能导入本人辖区内的责任人。",
            "5. 上传后系统先逐行检查，列出所有错误；有任何错误时一行也不导入，改正后重新上传即可。",
            "6. 同一单位、姓名和手机号码视为同一人：再次导入时更新其层级、岗位、备注和风险点，不会重复登记。",
            "7. 从系统导出的名册可直接修改后重新导入；名册最后两列（最近进岗日期、状态）导入时不读取。",
        ),
        example=EXAMPLE,
        rows=TEMPLATE_ROWS,
        text_columns=("mobile",),
        note_width=50,
    )


# ------------------------------------------------------------------------------
# The dry run
# ------------------------------------------------------------------------------
class _Lookups:
    """Everything a file may name, limited to the user's area, read once per file."""

    def __init__(self, user: User) -> None:
        units = OrgUnit.objects.visible_to(user)
        self.areas: dict[str, list[OrgUnit]] = {}
        for unit in units.filter(kind__in=(OrgUnit.Kind.DISTRICT, OrgUnit.Kind.TOWNSHIP)):
            for name in {unit.name, unit.short_name, unit.code} - {""}:
                self.areas.setdefault(name, []).append(unit)
        self.villages = {(v.parent_id, v.name): v for v in units.filter(kind=OrgUnit.Kind.VILLAGE)}
        self.points: dict[str, list[RiskPoint]] = {}
        for point in RiskPoint.objects.visible_to(user).active().select_related("org_unit"):
            self.points.setdefault(point.name, []).append(point)
        self.levels = {label: value for value, label in LEVEL_LABELS.items()}


def _read_row(number: int, values: dict[str, Any], look: _Lookups) -> tuple[RosterRow | None, list[RowError]]:
    """Turn one row's cells into a RosterRow, reporting every bad cell."""
    errors: list[RowError] = []

    def error(name: str, message: str) -> None:
        errors.append(RowError(number, BY_NAME[name].title, message))

    text = {name: cell_text(values.get(name)) for name in BY_NAME}
    for column in COLUMNS:
        if column.required and not text[column.name]:
            error(column.name, _("Required; please fill it in."))
        elif column.max_length and len(text[column.name]) > column.max_length:
            error(column.name, _("Too long: at most %(max)s characters.") % {"max": column.max_length})

    level = look.levels.get(text["level"])
    if text["level"] and level is None:
        error("level", _("Not in the list; choose one of: %(choices)s.") % {"choices": "、".join(look.levels)})
    mobile = re.sub(r"[\s-]", "", text["mobile"])
    if mobile and not re.fullmatch(MOBILE_PATTERN, mobile):
        error("mobile", _("Enter an 11-digit mobile number starting with 1."))

    area = unit = None
    if text["unit"]:
        matches = look.areas.get(text["unit"], [])
        if not matches:
            # The same answer whether the unit exists elsewhere or not at all (outside scope reveals nothing).
            error("unit", _("No township or district of this name in your area."))
        elif len(matches) > 1:
            error("unit", _("Several units have this name; write the unit code instead."))
        else:
            area = unit = matches[0]
    if area is not None and text["village"]:
        unit = look.villages.get((area.pk, text["village"]))
        if unit is None:
            error("village", _("No village of this name in that township."))
    if unit is not None and level is not None and LEVEL_UNIT_KIND[level] != unit.kind:
        if LEVEL_UNIT_KIND[level] == OrgUnit.Kind.VILLAGE:
            error("village", _("A village-level or grid person needs the village."))
        elif unit.kind == OrgUnit.Kind.VILLAGE:
            error("village", _("Leave the village empty for a county- or township-level person."))
        else:
            error("unit", _("A %(level)s person belongs to a unit of kind %(kind)s.")
                  % {"level": text["level"], "kind": OrgUnit.Kind(LEVEL_UNIT_KIND[level]).label})

    points: list[RiskPoint] | None = None
    if text["risk_points"] and area is not None:
        points = []
        for name in filter(None, (n.strip() for n in re.split(f"[{POINT_SEPARATORS}]", text["risk_points"]))):
            found = [p for p in look.points.get(name, []) if p.org_unit.path.startswith(area.path)]
            if len(found) != 1:
                error("risk_points", _("No risk point called “%(name)s” in this township.") % {"name": name}
                      if not found else _("Several risk points are called “%(name)s”.") % {"name": name})
            else:
                points.append(found[0])
    if errors or unit is None or level is None:
        return None, errors
    return RosterRow(row=number, org_unit=unit, level=level, post=text["post"], name=text["name"], mobile=mobile,
                     note=text["note"], risk_points=points), []


def check_file(file: IO[bytes], user: User) -> ImportResult:
    """The dry run: every row parsed and every problem listed; nothing is written."""
    result = ImportResult()
    rows, index, result.errors = open_table(file, SHEET, COLUMNS, max_bytes=MAX_BYTES)
    if result.errors:
        return result

    look = _Lookups(user)
    seen: dict[tuple[int, str, str], int] = {}
    count = 0
    for number, cells in enumerate(rows, start=2):
        values = {name: cells[i] if i < len(cells) else None for name, i in index.items()}
        if not any(cell_text(v) for v in values.values()):
            continue
        count += 1
        if count > MAX_ROWS:
            result.errors.append(RowError(None, "", _("At most %(max)s rows can be imported at once.") % {
                "max": MAX_ROWS}))
            break
        row, row_errors = _read_row(number, values, look)
        if row is not None:
            if row.key in seen:
                row_errors.append(RowError(number, "", _("The same person as row %(row)s.") % {"row": seen[row.key]}))
            else:
                seen[row.key] = number
                result.rows.append(row)
        result.errors.extend(row_errors)
    if not result.rows and not result.errors:
        result.errors.append(RowError(None, "", _("The file has no rows to import.")))
    if result.rows:
        roster_match(result.rows)
    return result


# ------------------------------------------------------------------------------
# Upload and confirmation
# ------------------------------------------------------------------------------
def roster_import_create(*, owner: User, upload: UploadedFile) -> tuple[RosterImport, ImportResult]:
    """Keep the uploaded file with the outcome of its dry run until it is confirmed.

    A refused file is not stored at all (org.retention): the row says it was refused, the preview says why.
    """
    result = check_file(upload, owner)
    batch = RosterImport(
        owner=owner, filename=(upload.name or "")[:200], row_count=len(result.rows),
        status=RosterImport.Status.REJECTED if result.errors else RosterImport.Status.CHECKED,
    )
    if not result.errors:
        batch.file = upload
    batch.save()
    return batch, result


def register_roster_files() -> None:
    """Files of rosters never imported go after RETENTION_PENDING_UPLOAD_HOURS (org.retention); an imported
    roster's file is the original its persons came from, and is kept."""

    def expired(now: dt.datetime) -> models.QuerySet[RosterImport]:
        return (RosterImport.objects.exclude(status=RosterImport.Status.IMPORTED)
                .filter(created_at__lt=now - pending_upload_retention()).select_related("owner__org_unit"))

    def pending(user: User) -> models.QuerySet[RosterImport]:
        return RosterImport.objects.filter(owner=user, status=RosterImport.Status.CHECKED)

    register(FileKind(key=ROSTER_FILES, model=RosterImport, expired=expired, pending=pending))


@transaction.atomic
def roster_import_confirm(*, acting_user: User, batch: RosterImport) -> ImportResult:
    """Check the stored file again and, only if it is still clean, import it whole."""
    batch = RosterImport.objects.select_for_update().get(pk=batch.pk)
    if not batch.file:
        raise ValidationError(_("This file was not confirmed within %(hours)s hours and has been removed; "
                                "please upload it again.") % {"hours": settings.RETENTION_PENDING_UPLOAD_HOURS})
    with batch.file.open("rb") as file:
        result = check_file(file, acting_user)
    if not result.ok:
        batch.status = RosterImport.Status.REJECTED
        batch.save(update_fields=["status"])
        file_remove(kind=registered_kind(ROSTER_FILES), row=batch, now=timezone.now(), reason="refused")
        return result
    counts = responsible_persons_import(acting_user=acting_user, rows=result.rows, filename=batch.filename)
    batch.status = RosterImport.Status.IMPORTED
    batch.row_count = len(result.rows)
    batch.created_count, batch.updated_count, batch.unchanged_count = counts.created, counts.updated, counts.unchanged
    batch.save(update_fields=["status", "row_count", "created_count", "updated_count", "unchanged_count"])
    record_audit(
        actor=acting_user, action="floodprep.roster_import.completed", target=batch, org_unit=acting_user.org_unit,
        data={"file": batch.filename, "rows": len(result.rows), "created": counts.created,
              "updated": counts.updated, "unchanged": counts.unchanged},
    )
    return result
