"""Backlog import of inspections with their findings (issue 15, 执法检查及发现问题批量补录).

One sheet, one row per finding: the inspection's cells (date, township, unit, sector, kind, campaign,
officers …) are repeated on each of its findings' rows, and the rows with the same township, date and unit
are one inspection (org.imports ``line_fields``). One sheet rather than an inspection sheet and a findings
sheet: the paper ledgers offices keep (检查台账) already have one line per problem, and a flat sheet has no
cross-sheet key a clerk can mistype; the repeated cells are checked to say the same on every row of one
inspection, at the cell. A row without a problem is an inspection that found none.

Checked as the inspection form checks (enforcement.services.inspections): the date not in the future and
outside any approved summary's period, a township of the user's area, two active officers of the area,
the joint action's and the campaign's periods around the date. A finding is put right on the spot or
ordered to be rectified (责令限期整改); hazards found on paper come in through the hazard import, so no
finding is handed to the hazard loop here, and no order document is issued for a paper inspection.

The write (:func:`import_inspections`) is one bulk insert of inspections, of their officers and of their
findings, one audit entry per inspection and per finding, as inspection_create and finding_add write them.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from enforcement.filters import officers_visible_to
from enforcement.importers import CASES, SECTORS, YES, YES_NO, LiveChoices, default_issuer
from enforcement.importers import IMPORTERS as CASE_IMPORTERS
from enforcement.models import Finding, Inspection, JointAction
from enforcement.services.common import MIN_OFFICERS, TransitionError, check_campaign
from enterprises.linking import Linker
from hazards.models import Campaign
from org import imports
from org.audit import AuditAction, record_audit_each
from org.imports import CHOICE, DATE, TEXT, UNIT, Column, ImportResult, RecordImport
from org.models import OrgUnit, Role, User
from org.scoping import user_has_role

# Officers and administrators, who record inspections, and clerks, who enter the backlog.
IMPORTERS = (Role.OFFICER, Role.ADMIN, Role.CLERK)
LINE_FIELDS = ("description", "legal_basis", "is_major", "on_spot")
NAMES_SPLIT = re.compile(r"[、，,；;/\s]+")

_DATE_NOTE = "如 2026-03-10，不能晚于今天"


def _campaigns() -> list[tuple[int, str]]:
    return list(Campaign.objects.order_by("-start", "name").values_list("pk", "name"))


def _joint_actions() -> list[tuple[int, str]]:
    return list(JointAction.objects.order_by("-start", "name").values_list("pk", "name"))


# The kinds a paper inspection may have: a joint one names its joint action in the next column.
KINDS = Inspection.Kind.choices


def _inspection_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """A checked row's cells that are its Inspection's (the issuer, recorder and key come on import)."""
    return {
        "org_unit": fields["org_unit"],
        "inspected_on": fields["inspected_on"],
        "unit_name": fields["unit_name"],
        "credit_code": fields.get("credit_code") or "",
        "address": fields.get("address") or "",
        "unit_contact": fields.get("unit_contact") or "",
        "contact_phone": fields.get("contact_phone") or "",
        "sector_id": int(fields["sector_id"]) if fields.get("sector_id") else None,
        "kind": fields.get("kind") or Inspection.Kind.ROUTINE,
        "joint_action_id": int(fields["joint_action_id"]) if fields.get("joint_action_id") else None,
        "campaign_id": int(fields["campaign_id"]) if fields.get("campaign_id") else None,
        "summary": fields.get("summary") or "",
    }


def _finding_fields(fields: dict[str, Any]) -> dict[str, Any] | None:
    if not fields.get("description"):
        return None
    return {
        "description": fields["description"],
        "legal_basis": fields.get("legal_basis") or "",
        "is_major": fields.get("is_major") == YES,
        "handling": Finding.Handling.ON_SPOT if fields.get("on_spot") == YES else Finding.Handling.ORDER,
    }


def _checked_inspection(fields: dict[str, Any]) -> Inspection:
    return Inspection(**_inspection_fields(fields))


class _Context:
    """What every row is checked against, read once per file: the officers of the user's area, the joint
    actions and the campaigns."""

    def __init__(self, user: User) -> None:
        self.officers: dict[str, list[int]] = {}
        for pk, name, username in officers_visible_to(user).values_list("pk", "display_name", "username"):
            for key in {name, username} - {""}:
                self.officers.setdefault(key, []).append(pk)
        self.joint_actions = {a.pk: a for a in JointAction.objects.all()}
        self.campaigns = {c.pk: c for c in Campaign.objects.all()}


def _rules(fields: dict[str, Any], context: _Context) -> None:
    """The inspection form's rules across cells; resolves the officers into ``fields["officer_ids"]``."""
    errors: dict[str, list[str]] = {}
    people: list[int] = []
    for name in dict.fromkeys(n for n in NAMES_SPLIT.split(fields.get("officers") or "") if n):
        found = context.officers.get(name, [])
        if not found:
            errors.setdefault("officers", []).append(
                _("No active enforcement officer named %(name)s in your area.") % {"name": name}
            )
        elif len(found) > 1:
            errors.setdefault("officers", []).append(
                _("Several officers are named %(name)s; write their user name instead.") % {"name": name}
            )
        elif found[0] not in people:
            people.append(found[0])
    if "officers" not in errors and len(people) < MIN_OFFICERS:
        errors["officers"] = [_("At least two officers must take part: the law requires two.")]
    fields["officer_ids"] = people
    on = fields["inspected_on"]
    action = context.joint_actions.get(int(fields["joint_action_id"])) if fields.get("joint_action_id") else None
    if action is not None and not action.start <= on <= action.end:
        errors.setdefault("joint_action_id", []).append(_("The inspection date is outside the joint action's period."))
    campaign = context.campaigns.get(int(fields["campaign_id"])) if fields.get("campaign_id") else None
    try:
        check_campaign(campaign, on=on, field="campaign_id")
    except ValidationError as exc:
        errors.setdefault("campaign_id", []).extend(exc.message_dict["campaign_id"])
    if not fields.get("description") and (
        fields.get("legal_basis") or YES in (fields.get("is_major"), fields.get("on_spot"))
    ):
        errors["description"] = [_("Describe the problem found.")]
    if errors:
        raise ValidationError(errors)


def _yes_no(name: str, title: str, note: str) -> Column:
    return Column(name, title, False, CHOICE, YES_NO, note=note, width=10)


def _write(result: ImportResult, user: User) -> tuple[int, int]:
    return import_inspections(result, acting_user=user)


INSPECTIONS = RecordImport(
    slug="inspection",
    model=Inspection,
    record=_checked_inspection,
    unchecked=("import_key",),
    stored_key="import_key",
    rules=_rules,
    prepare=_Context,
    line_fields=LINE_FIELDS,
    write=_write,
    sheet="执法检查导入",
    filename="执法检查及发现问题补录模板.xlsx",
    columns=(
        Column("inspected_on", "检查日期", True, DATE, note=_DATE_NOTE, width=12),
        Column(
            "org_unit", "镇街", True, UNIT, townships_only=True, note="本人辖区内被检查单位所在的镇（街道）", width=12
        ),
        Column("unit_name", "被检查单位", True, TEXT, note="单位全称", width=24, max_length=120),
        Column("credit_code", "统一社会信用代码", False, TEXT, note="可不填", width=20, max_length=18),
        Column("address", "地址", False, TEXT, note="可不填", width=24, max_length=200),
        Column("unit_contact", "现场负责人", False, TEXT, note="可不填", width=12, max_length=50),
        Column("contact_phone", "联系电话", False, TEXT, note="可不填", width=14, max_length=20),
        Column("sector_id", "行业领域", True, CHOICE, SECTORS, note="从下拉列表中选择", width=12),
        Column("kind", "检查类型", False, CHOICE, KINDS, note="从下拉列表中选择，不填为日常检查", width=14),
        Column(
            "joint_action_id",
            "联合执法行动",
            False,
            CHOICE,
            LiveChoices(_joint_actions),
            note="检查类型为联合执法时必填，检查日期须在行动期间内",
            width=18,
        ),
        Column(
            "campaign_id",
            "专项行动",
            False,
            CHOICE,
            LiveChoices(_campaigns),
            note="可不填；填写时检查日期须在专项行动期间内",
            width=18,
        ),
        Column("officers", "执法人员", True, TEXT, note="至少两名本辖区执法人员的姓名，用“、”分隔", width=18),
        Column("summary", "检查内容", False, TEXT, note="可不填", width=24),
        Column("description", "发现问题", False, TEXT, note="每行一个问题；未发现问题的检查不填", width=36),
        Column("legal_basis", "违反的条款或判定依据", False, TEXT, note="可不填", width=24, max_length=300),
        _yes_no("is_major", "重大事故隐患", "选“是”或“否”，不填为否"),
        _yes_no("on_spot", "当场整改", "选“是”为当场整改完毕，选“否”为责令限期整改；不填为否"),
    ),
    date_field="inspected_on",
    key_fields=("org_unit", "inspected_on", "unit_name"),
    audit_action=AuditAction.ENFORCEMENT_INSPECTION_CREATED,
    instructions=(
        "1. 在“执法检查导入”工作表中从第2行起每行填写一个发现的问题，不要修改第1行的列名。",
        "2. 同一次检查发现多个问题时写多行：检查日期、镇街、被检查单位相同的各行视为同一次检查，"
        "这些行的检查信息（行业领域、检查类型、执法人员等）必须一致；未发现问题的检查写一行，“发现问题”不填。",
        "3. 红色列名为必填项；带下拉列表的列请从列表中选择。",
        "4. 日期请写成 2026-03-10 的形式，不能晚于今天，也不能落在已审定的半年总结期间内。",
        "5. 执法人员至少两名，填写本辖区在职执法人员的姓名（或用户名），用“、”分隔。",
        "6. 只能导入本人辖区内镇街的检查；上传后系统先逐行检查，列出所有错误及其单元格；有任何错误时一行也不导入。",
        "7. 已登记的检查（同一镇街、检查日期和被检查单位）会被跳过，重复导入同一文件不会重复登记。",
    ),
    example=(
        "2026-03-10",
        "城关街道",
        "某某建材厂",
        "",
        "",
        "",
        "",
        "工贸",
        "日常检查",
        "",
        "",
        "张执法、赵执法",
        "安全生产管理制度及现场作业",
        "消防通道堵塞",
        "《中华人民共和国消防法》第二十八条",
        "否",
        "是",
    ),
)


@transaction.atomic
def import_inspections(result: ImportResult, *, acting_user: User) -> tuple[int, int]:
    """Create every new inspection of a checked file with its officers and findings, or nothing.

    Returns (inspections created, inspections skipped as already recorded).
    """
    if not user_has_role(acting_user, IMPORTERS):
        raise TransitionError(_("Your role may not do this."))
    if result.errors:
        raise ValueError("a file with errors cannot be imported")
    issuer = default_issuer(acting_user)
    if issuer is None:
        raise ValidationError(_("Your role may not do this."))
    # Two imports of the same file at once take turns on their units' rows, the second finding the records.
    unit_ids = sorted({row.fields["org_unit"].pk for row in result.rows})
    list(OrgUnit.objects.select_for_update().filter(pk__in=unit_ids).order_by("pk").values_list("pk", flat=True))
    imports.mark_duplicates(INSPECTIONS, result.rows)
    keys = {row.key for row in result.rows}
    existing = set(Inspection.objects.filter(import_key__in=keys).values_list("import_key", flat=True))
    groups: dict[str, list[imports.ImportRow]] = {}
    for row in result.rows:
        if row.duplicate or row.key in existing:
            row.duplicate = True
            continue
        groups.setdefault(row.key, []).append(row)
    pending_inspections = [
        Inspection(**_inspection_fields(rows[0].fields), issuer=issuer, recorded_by=acting_user, import_key=key)
        for key, rows in groups.items()
    ]
    linker = Linker(user=acting_user)
    for inspection in pending_inspections:
        linker.link(inspection)
    inspections = Inspection.objects.bulk_create(pending_inspections, batch_size=imports.CHUNK)
    through = Inspection.officers.through
    through.objects.bulk_create(
        [
            through(inspection_id=inspection.pk, user_id=pk)
            for inspection, rows in zip(inspections, groups.values(), strict=True)
            for pk in rows[0].fields["officer_ids"]
        ],
        batch_size=1000,
    )
    pending = [
        (inspection, Finding(inspection=inspection, **values))
        for inspection, rows in zip(inspections, groups.values(), strict=True)
        for values in (_finding_fields(row.fields) for row in rows)
        if values
    ]
    findings = Finding.objects.bulk_create([finding for _inspection, finding in pending], batch_size=imports.CHUNK)
    counts = {inspection.pk: 0 for inspection in inspections}
    for finding in findings:
        counts[finding.inspection_id] += 1
    record_audit_each(
        actor=acting_user,
        action=AuditAction.ENFORCEMENT_INSPECTION_CREATED,
        entries=[
            (
                inspection,
                {
                    "imported": True,
                    "unit": inspection.unit_name,
                    "officers": rows[0].fields["officer_ids"],
                    "kind": inspection.kind,
                    "campaign": inspection.campaign_id,
                    "inspected_on": inspection.inspected_on.isoformat(),
                    "findings": counts[inspection.pk],
                },
            )
            for inspection, rows in zip(inspections, groups.values(), strict=True)
        ],
    )
    record_audit_each(
        actor=acting_user,
        action=AuditAction.FINDING_ADDED,
        entries=[
            (
                inspection,
                {"imported": True, "finding": finding.pk, "handling": finding.handling, "major": finding.is_major},
            )
            for (inspection, _f), finding in zip(pending, findings, strict=True)
        ],
    )
    return len(inspections), result.duplicates


# Every enforcement import, by the slug in its URLs and its job's kind, with the roles that may run it.
IMPORTS: dict[str, RecordImport] = {"case": CASES, "inspection": INSPECTIONS}
IMPORT_ROLES: dict[str, tuple[str, ...]] = {"case": CASE_IMPORTERS, "inspection": IMPORTERS}


def preview_summary(kind: str, result: ImportResult) -> str:
    """The check page's line more for an inspection file: how many findings come in with the inspections."""
    lines = sum(1 for row in result.rows if not row.duplicate and row.fields.get("description"))
    return _("Findings to create with them: %(n)s.") % {"n": lines} if kind == "inspection" and lines else ""
