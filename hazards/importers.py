"""Bulk import of hazards from the Excel template (隐患批量导入), on the shared pipeline (org.imports).

Upload → dry run listing every bad cell → all-or-nothing import, from the columns declared here once. A row's
key (township, place, description, date found) is also the hazard's ``import_key``, unique per township in the
database: the same file imported twice adds nothing the second time, even when two imports race.

A row may carry the hazard's whole history (a bureau starting in July enters January to June): its status and
the stated dates of rectification, re-inspection and closing, checked against each other like the one-hazard
steps (:func:`_rules`). The found and closing dates may not fall inside an approved summary's period. The write
is the pipeline's bulk insert with one audit entry per hazard ("hazards.hazard.created", as hazard_create
writes it), the rollup's triggers left on; a long file goes to hazards.tasks.import_hazards_task.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from enterprises.linking import link_all
from hazards.models import Campaign, Hazard, Sector
from org.audit import AuditAction
from org.imports import CHOICE, DATE, TEXT, UNIT, Column, LiveChoices, RecordImport, row_key
from org.models import OrgUnit, User

IMPORTERS = ("township_staff", "officer", "admin")
SHEET = "隐患导入"
S = Hazard.Status
# Statuses that come after 交办 (they need the responsible unit and deadline), and those rectified at least once.
HANDED_OVER = (S.ASSIGNED, S.RECTIFYING, S.AWAITING_REVIEW, S.CLOSED)
NOT_RECTIFIED = (S.REPORTED, S.ASSIGNED)


def _sectors() -> list[tuple[int, str]]:
    return list(Sector.objects.filter(is_active=True).values_list("pk", "name"))


def _campaigns() -> list[tuple[int, str]]:
    return list(Campaign.objects.order_by("-start", "name").values_list("pk", "name"))


COLUMNS: tuple[Column, ...] = (
    Column("org_unit", "镇街", True, UNIT, townships_only=True, width=12, note="本人辖区内的镇（街道）名称"),
    Column("village", "村社", width=12, note="所在村（社区），须属于上一列的镇街；可不填"),
    Column("place_name", "场所/企业名称", True, max_length=120, width=24),
    Column("credit_code", "统一社会信用代码", width=20, note="18位，可不填"),
    Column("address", "地址", max_length=200, width=24),
    Column("sector_id", "行业领域", True, CHOICE, LiveChoices(_sectors), width=12, note="从下拉列表中选择"),
    Column(
        "campaign_id", "专项行动", False, CHOICE, LiveChoices(_campaigns), width=18, note="系统中已有的专项行动，可不填"
    ),
    Column("source", "隐患来源", True, CHOICE, Hazard.Source.choices, width=14, note="从下拉列表中选择"),
    Column("description", "隐患描述", True, width=40),
    Column("level", "隐患等级", True, CHOICE, Hazard.Level.choices, width=14, note="一般隐患或重大事故隐患"),
    Column("found_on", "发现日期", True, DATE, width=12, note="如 2026-03-10，不能晚于今天"),
    Column("responsible_unit", "责任单位", max_length=120, width=18, note="与整改期限同时填写时即为交办"),
    Column("responsible_person", "责任人", max_length=50, width=10),
    Column("measures", "整改措施", width=30),
    Column("deadline", "整改期限", False, DATE, width=12, note="如 2026-04-10，不能早于发现日期", future=True),
)
# What happened to it since: optional, so a file made from the older template still reads.
HISTORY_COLUMNS: tuple[Column, ...] = (
    Column(
        "status",
        "状态",
        False,
        CHOICE,
        Hazard.Status.choices,
        width=10,
        # 已登记 as the dropdown says it, and 登记 as ledgers often write it.
        aliases=((S.REPORTED, "登记"), (S.ASSIGNED, "交办"), (S.CLOSED, "销号")),
        note="从下拉列表中选择；不填时，填了责任单位和整改期限的为已交办，否则为已登记",
    ),
    Column("rectified_on", "整改完成日期", False, DATE, width=14, note="不能早于发现日期，不能晚于今天"),
    Column("reinspected_on", "复查日期", False, DATE, width=12, note="已销号的隐患填写；不能早于整改完成日期"),
    Column("reinspector", "复查人", False, TEXT, max_length=50, width=10, note="已销号的隐患填写复查人姓名"),
    Column("closed_on", "销号日期", False, DATE, width=12, note="状态为已销号时必填；不能早于复查日期，不能晚于今天"),
)
ALL_COLUMNS = COLUMNS + HISTORY_COLUMNS
EXAMPLE = (
    "城关街道",
    "和平社区",
    "某某餐饮店",
    "91330100MA2XXXXX0X",
    "解放路12号",
    "消防",
    "",
    "镇街检查",
    "疏散通道堆放杂物，安全出口指示标志损坏",
    "一般隐患",
    "2026-03-10",
    "某某餐饮店",
    "张三",
    "清理杂物，更换指示标志",
    "2026-03-20",
    "已销号",
    "2026-03-18",
    "2026-03-19",
    "李四",
    "2026-03-19",
)
INSTRUCTIONS = (
    f"1. 在“{SHEET}”工作表中从第2行起每行填写一条隐患，不要修改第1行的列名。",
    "2. 红色列名为必填项；行业领域、专项行动、隐患来源、隐患等级、状态请从下拉列表中选择。",
    "3. 日期请写成 2026-03-10 的形式；发现日期不能晚于今天，整改期限不能早于发现日期。",
    "4. 只能导入本人辖区内镇街的隐患；村社须属于所填镇街。",
    "5. 上传后系统先逐行检查，列出所有错误及其单元格；有任何错误时一行也不导入，改正后重新上传即可。",
    "6. 同一镇街、场所、隐患描述和发现日期相同的隐患视为重复，重复导入同一文件不会重复登记。",
    "7. 补录以往的隐患时可填写状态和各环节的日期：整改完成日期、复查日期、销号日期都不能晚于今天、"
    "不能早于发现日期，且依次不早于前一环节；已销号的隐患须填写销号日期，填写销号日期的隐患状态须为已销号。"
    "已销号的隐患按销号日期计入整改完成数。",
    "8. 已交办及以后的隐患须填写责任单位和整改期限；重大事故隐患请导入后在系统中补全“五落实”再销号。",
)
KEY_FIELDS = ("org_unit", "place_name", "description", "found_on")

# (earlier step, this step) → the message when this step is dated before the earlier one.
ORDER_MESSAGES: dict[tuple[str, str], Callable[[], str]] = {
    ("found_on", "rectified_on"): lambda: _("The rectification cannot be before the date found (%(date)s)."),
    ("found_on", "reinspected_on"): lambda: _("The re-inspection cannot be before the date found (%(date)s)."),
    ("found_on", "closed_on"): lambda: _("The closing cannot be before the date found (%(date)s)."),
    ("rectified_on", "reinspected_on"): lambda: _("The re-inspection cannot be before the rectification (%(date)s)."),
    ("rectified_on", "closed_on"): lambda: _("The closing cannot be before the rectification (%(date)s)."),
    ("reinspected_on", "closed_on"): lambda: _("The closing cannot be before the re-inspection (%(date)s)."),
}


def _prepare(user: User) -> dict[tuple[int | None, str], OrgUnit]:
    """The villages of the user's area by (township, name), read once per file."""
    return {(v.parent_id, v.name): v for v in OrgUnit.objects.visible_to(user).filter(kind=OrgUnit.Kind.VILLAGE)}


def _rules(fields: dict[str, Any], villages: dict[tuple[int | None, str], OrgUnit]) -> None:
    """The rules across a row's cells, as hazard_create and the steps check them; every broken one at its cell.

    They also run on a row with bad cells (RecordImport.rules_on_bad_rows), where those cells are None.
    """
    errors: dict[str, list[str]] = {}

    def error(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    township, name = fields.get("org_unit"), fields.get("village") or ""
    fields["village"] = None
    if name and township is not None:
        fields["village"] = villages.get((township.pk, name))
        if fields["village"] is None:
            error("village", _("No village of this name in that township."))
    if fields.get("credit_code") and len(fields["credit_code"]) != 18:
        error("credit_code", _("A unified social credit code has 18 characters."))
    for column in ("sector_id", "campaign_id"):
        fields[column] = int(fields[column]) if fields.get(column) else None
    found_on, deadline = fields.get("found_on"), fields.get("deadline")
    if found_on is not None and deadline is not None and deadline < found_on:
        error("deadline", _("The deadline cannot be before the date the hazard was found."))

    handed_over = bool(fields.get("responsible_unit") and deadline)
    status = fields.get("status")
    if status is None:
        status = S.ASSIGNED if handed_over else S.REPORTED  # the older template's rule, when no status is given
    elif status in HANDED_OVER and not handed_over:
        error("status", _("A hazard handed over (assigned or later) needs the responsible unit and the deadline."))
    elif status == S.CLOSED and fields.get("level") == Hazard.Level.MAJOR:
        error(
            "status",
            _(
                "A major accident hazard cannot be imported as closed: import it, record its five "
                "in place in the portal, then close it there."
            ),
        )
    fields["status"] = status

    # The loop's order: found ≤ rectified ≤ re-inspected ≤ closed (a bad later date is still compared).
    earlier: tuple[str, dt.date] | None = ("found_on", found_on) if found_on else None
    for step in ("rectified_on", "reinspected_on", "closed_on"):
        on = fields.get(step)
        if on is not None and earlier is not None and on < earlier[1]:
            error(step, ORDER_MESSAGES[earlier[0], step]() % {"date": earlier[1].isoformat()})
        if on is not None:
            earlier = (step, on)

    closed_on, reinspected_on, reinspector = (fields.get(n) for n in ("closed_on", "reinspected_on", "reinspector"))
    if status == S.CLOSED and not closed_on:
        error("closed_on", _("A closed hazard needs its closing date."))
    elif status != S.CLOSED and closed_on:
        error("closed_on", _("Only a closed hazard has a closing date: set the status to closed or leave it empty."))
    if status != S.CLOSED and (reinspected_on or reinspector):
        error(
            "reinspected_on" if reinspected_on else "reinspector",
            _("Only a closed hazard has a re-inspection date and a re-inspector (one that passed)."),
        )
    if status == S.CLOSED and reinspector and reinspector == fields.get("responsible_person"):
        # Separation of duties (hazards.duties), as far as a sheet of names can show it.
        error(
            "reinspector",
            _(
                "The re-inspector is the responsible person who rectified it (%(name)s): a "
                "re-inspection is done by someone else."
            )
            % {"name": reinspector},
        )
    if status in NOT_RECTIFIED and fields.get("rectified_on"):
        error("rectified_on", _("A hazard not yet rectified (reported or assigned) has no rectification date."))
    if errors:
        raise ValidationError(errors)


def _record(fields: dict[str, Any]) -> Hazard:
    """The hazard a row describes, for the model's own checks (the village is a name until the rules find it)."""
    values = {k: v for k, v in fields.items() if k != "village"}
    village = fields.get("village")
    return Hazard(**values, village=village if isinstance(village, OrgUnit) else None)


def _before_insert(hazards: list[models.Model], user: User) -> None:
    """As hazard_create makes them: found by the importer, pointed at the register's enterprise, and keyed, so
    that the database refuses a race."""
    link_all(hazards, user)
    for hazard in hazards:
        assert isinstance(hazard, Hazard)
        hazard.finder = user
        hazard.import_key = row_key(HAZARDS, {name: getattr(hazard, name) for name in KEY_FIELDS})


def _audit_data(hazard: models.Model) -> dict[str, Any]:
    """What the audit entry keeps of an imported hazard and its past: who did each step is not known, only when."""
    assert isinstance(hazard, Hazard)
    data: dict[str, Any] = {"to": hazard.status, "level": hazard.level, "version": hazard.version}
    for name in ("deadline", "rectified_on", "reinspected_on", "closed_on"):
        if getattr(hazard, name):
            data[name] = getattr(hazard, name).isoformat()
    data.update({name: getattr(hazard, name) for name in ("responsible_unit", "reinspector") if getattr(hazard, name)})
    return data


HAZARDS = RecordImport(
    slug="hazard",
    model=Hazard,
    sheet=SHEET,
    filename="隐患导入模板.xlsx",
    columns=ALL_COLUMNS,
    date_field="found_on",
    closed_date_fields=("closed_on",),
    key_fields=KEY_FIELDS,
    audit_action=AuditAction.HAZARD_CREATED,
    audit_data=_audit_data,
    instructions=INSTRUCTIONS,
    example=EXAMPLE,
    record=_record,
    unchecked=("status",),
    prepare=_prepare,
    rules=_rules,
    rules_on_bad_rows=True,
    before_insert=_before_insert,
    stored_key="import_key",
    same_row_message=lambda: _("The same hazard as row %(row)s."),
)
IMPORTS = {"hazard": HAZARDS}
IMPORT_ROLES = {"hazard": IMPORTERS}


def done_message(created: int, skipped: int) -> str:
    return _("Imported %(created)s hazard(s); %(duplicates)s already in the ledger were skipped.") % {
        "created": created,
        "duplicates": skipped,
    }
