"""Bulk import of the flood roster from the Excel template (防汛责任人批量导入), on the shared pipeline (org.imports).

Upload → dry run listing every bad cell → all-or-nothing import, from the columns declared here once (the same
titles the roster export writes: floodprep.roster_sheet). A person is (unit, name, mobile): a row that names
someone already on the roster updates their level, post, note and risk points instead of adding them again,
so importing the same file twice adds nobody the second time. The write is the roster's own service
(floodprep.services.responsible_persons_import): new persons in bulk, changed ones updated, one audit entry each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from floodprep.models import LEVEL_UNIT_KIND, ResponsiblePerson, RiskPoint
from floodprep.models.roster import MOBILE_PATTERN
from floodprep.roster_sheet import BY_NAME, EXAMPLE, LEVEL_LABELS, POINT_SEPARATORS, SHEET
from floodprep.services import WRITERS, RosterRow, responsible_persons_import, roster_match
from org.audit import AuditAction
from org.imports import CHOICE, TEXT, UNIT, Column, ImportResult, RecordImport
from org.models import OrgUnit, User


def _column(name: str, kind: str = TEXT, **more: Any) -> Column:
    """The roster sheet's column (its title, note and width, shared with the export) as the pipeline reads it."""
    sheet = BY_NAME[name]
    return Column(
        more.pop("field", name),
        sheet.title,
        sheet.required,
        kind,
        max_length=sheet.max_length,
        width=sheet.width,
        note=sheet.note,
        **more,
    )


COLUMNS: tuple[Column, ...] = (
    # The township, or the district of a county-level person; a village person's unit is the village below it.
    _column("unit", UNIT, field="org_unit"),
    _column("village"),
    _column("level", CHOICE, choices=tuple(LEVEL_LABELS.items())),
    _column("post"),
    _column("name"),
    _column("mobile"),
    _column("risk_points"),
    _column("note"),
)
INSTRUCTIONS = (
    f"1. 在“{SHEET}”工作表中从第2行起每行填写一名防汛责任人，不要修改第1行的列名。",
    "2. 红色列名为必填项；层级请从下拉列表中选择：县级、乡级、村级、网格。",
    "3. 县级责任人在“镇街”列填写区（县）名称；乡级填写镇街；村级和网格还须填写村社。",
    "4. 只能导入本人辖区内的责任人。",
    "5. 上传后系统先逐行检查，列出所有错误及其单元格；有任何错误时一行也不导入，改正后重新上传即可。",
    "6. 同一单位、姓名和手机号码视为同一人：再次导入时更新其层级、岗位、备注和风险点，不会重复登记。",
    "7. 从系统导出的名册可直接修改后重新导入；名册最后两列（最近进岗日期、状态）导入时不读取。",
)


@dataclass(frozen=True)
class _Area:
    """What a file may name besides its units, limited to the user's area, read once per file."""

    villages: dict[tuple[int | None, str], OrgUnit]
    points: dict[str, list[RiskPoint]]


def _prepare(user: User) -> _Area:
    points: dict[str, list[RiskPoint]] = {}
    for point in RiskPoint.objects.visible_to(user).active().select_related("org_unit"):
        points.setdefault(point.name, []).append(point)
    villages = OrgUnit.objects.visible_to(user).filter(kind=OrgUnit.Kind.VILLAGE)
    return _Area(villages={(v.parent_id, v.name): v for v in villages}, points=points)


def _mobile(text: str) -> str:
    return re.sub(r"[\s-]", "", text or "")


def _rules(fields: dict[str, Any], area: _Area) -> None:
    """The unit the level belongs to, the mobile and the risk points; every broken rule at its cell.

    They also run on a row with bad cells (RecordImport.rules_on_bad_rows), where those cells are None.
    """
    errors: dict[str, list[str]] = {}

    def error(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    fields["mobile"] = mobile = _mobile(fields.get("mobile") or "")
    if mobile and not re.fullmatch(MOBILE_PATTERN, mobile):
        error("mobile", _("Enter an 11-digit mobile number starting with 1."))
    township: OrgUnit | None = fields.get("org_unit")
    if township is not None and township.kind not in (OrgUnit.Kind.DISTRICT, OrgUnit.Kind.TOWNSHIP):
        error("org_unit", _("No township or district of this name in your area."))
        township = None
    unit, level = township, fields.get("level")
    if township is not None and fields.get("village"):
        unit = area.villages.get((township.pk, fields["village"]))
        if unit is None:
            error("village", _("No village of this name in that township."))
    if unit is not None and level is not None and LEVEL_UNIT_KIND[level] != unit.kind:
        if LEVEL_UNIT_KIND[level] == OrgUnit.Kind.VILLAGE:
            error("village", _("A village-level or grid person needs the village."))
        elif unit.kind == OrgUnit.Kind.VILLAGE:
            error("village", _("Leave the village empty for a county- or township-level person."))
        else:
            error(
                "org_unit",
                _("A %(level)s person belongs to a unit of kind %(kind)s.")
                % {"level": LEVEL_LABELS[level], "kind": OrgUnit.Kind(LEVEL_UNIT_KIND[level]).label},
            )
    fields["org_unit"] = unit

    # Empty: the person's risk points stay as they are (None); named: exactly these, of the township's area.
    points: list[RiskPoint] | None = None
    if fields.get("risk_points") and township is not None:
        points = []
        for name in filter(None, (n.strip() for n in re.split(f"[{POINT_SEPARATORS}]", fields["risk_points"]))):
            found = [p for p in area.points.get(name, []) if p.org_unit.path.startswith(township.path)]
            if len(found) != 1:
                error(
                    "risk_points",
                    _("No risk point called “%(name)s” in this township.") % {"name": name}
                    if not found
                    else _("Several risk points are called “%(name)s”.") % {"name": name},
                )
            else:
                points.append(found[0])
    fields["point_list"] = points
    if errors:
        raise ValidationError(errors)


def _record(fields: dict[str, Any]) -> ResponsiblePerson:
    """The person a row describes, for the model's own checks of its texts (the rules check unit and mobile)."""
    return ResponsiblePerson(
        level=fields.get("level") or "",
        post=fields.get("post") or "",
        name=fields.get("name") or "",
        mobile=_mobile(fields.get("mobile") or ""),
        note=fields.get("note") or "",
    )


def roster_rows(result: ImportResult) -> list[RosterRow]:
    """The checked rows as the roster service takes them."""
    return [
        RosterRow(
            row=row.row,
            org_unit=row.fields["org_unit"],
            level=row.fields["level"],
            post=row.fields["post"],
            name=row.fields["name"],
            mobile=row.fields["mobile"],
            note=row.fields["note"],
            risk_points=row.fields["point_list"],
        )
        for row in result.rows
    ]


def _write(result: ImportResult, user: User) -> tuple[int, int]:
    counts = responsible_persons_import(acting_user=user, rows=roster_rows(result), filename=result.filename)
    return counts.created, counts.updated


def preview_summary(kind: str, result: ImportResult) -> str:
    """What the file would change: persons to add, to update, and those already up to date."""
    rows = roster_rows(result)
    roster_match(rows)
    created = sum(1 for row in rows if row.existing is None)
    updated = sum(1 for row in rows if row.existing is not None and row.changes)
    return _("%(created)s to add, %(updated)s to update, %(unchanged)s already up to date.") % {
        "created": created,
        "updated": updated,
        "unchanged": len(rows) - created - updated,
    }


def done_message(created: int, updated: int, rows: int) -> str:
    return _("Roster imported: %(created)s added, %(updated)s updated, %(unchanged)s already up to date.") % {
        "created": created,
        "updated": updated,
        "unchanged": max(rows - created - updated, 0),
    }


ROSTER = RecordImport(
    slug="roster",
    model=ResponsiblePerson,
    sheet=SHEET,
    filename="防汛责任人导入模板.xlsx",
    columns=COLUMNS,
    date_field="",
    key_fields=("org_unit", "name", "mobile"),
    audit_action=AuditAction.PERSON_CREATED,
    instructions=INSTRUCTIONS,
    example=EXAMPLE,
    record=_record,
    unchecked=("mobile",),
    prepare=_prepare,
    rules=_rules,
    rules_on_bad_rows=True,
    merges=True,
    write=_write,
    same_row_message=lambda: _("The same person as row %(row)s."),
    # A city's whole roster (seed 000 has 6,000 and more) fits in one file.
    max_rows=10000,
    template_rows=3000,
    text_columns=("mobile",),
)
IMPORTS = {"persons": ROSTER}
IMPORT_ROLES = {"persons": WRITERS}
