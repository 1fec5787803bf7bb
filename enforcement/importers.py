"""Backlog import of penalty cases decided or closed on paper (issue 15, 历史案件批量补录).

Declared for the shared pipeline (org.imports), which reads, checks and previews the file. The write is
this module's own (:func:`import_cases`): a case needs a number from its authority's sequence
(enforcement.services.numbering, the same as 立案), a stage that follows from its dates, and its measures;
the pipeline's generic bulk insert knows none of that.

What the file does not carry:

* the authority (issuer): the first 应急管理局 of the user's area (the city bureau for a city-wide officer);
* the officers: a paper case's officers are on paper; the case has none here;
* the facts and the provisions violated, when left empty: :data:`PAPER_TEXT`, pointing at the paper file;
* the source: 其他 (OTHER); the executed stage: a closed case has its 结案 date and no 执行 date.

Each row's key (township, filing date, party, cause) is also the case's ``import_key``, unique in the
database: the second import of a file adds nothing, even when two imports race.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from enforcement.models import Case
from enforcement.selectors import issuer_choices
from enforcement.services.common import WRITERS, TransitionError
from enforcement.services.numbering import CASE_CODE, format_number, number_take_block
from enterprises.linking import Linker
from hazards.models import Sector
from org import imports
from org.audit import record_audit_each
from org.imports import CHOICE, DATE, DECIMAL, INT, TEXT, UNIT, Column, ImportResult, LiveChoices, RecordImport
from org.models import OrgUnit, Role, User
from org.scoping import user_has_role

# The roles of the case filing page, and clerks, who enter the backlog (issue 15: 录入历史台账).
IMPORTERS = (*WRITERS, Role.CLERK)
PAPER_TEXT = "见纸质案卷（历史案件批量补录）"
YES, NO = "1", "0"
YES_NO = ((YES, "是"), (NO, "否"))
MEASURES = ("warning", "suspension", "closure", "seal", "three_stops", "judicial_transfer", "exposure")
AUDIT_ACTION = "enforcement.case.filed"  # as case_file writes it, with "imported": True


def _active_sectors() -> Iterable[tuple[int, str]]:
    return Sector.objects.filter(is_active=True).values_list("pk", "name")


SECTORS = LiveChoices(_active_sectors)


def _yes_no(name: str, title: str) -> Column:
    return Column(name, title, False, CHOICE, YES_NO, note="选“是”或“否”，不填为否", width=10)


_DATE_NOTE = "如 2026-03-10，不能晚于今天"


def case_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """A checked row as the fields of its Case (the number, issuer and key are added on import)."""
    values = dict(fields)
    for name in MEASURES:
        values[name] = values.get(name) == YES
    values["sector_id"] = int(values["sector_id"]) if values.get("sector_id") else None
    values["facts"] = values.get("facts") or PAPER_TEXT
    values["legal_basis"] = values.get("legal_basis") or PAPER_TEXT
    values["stage"] = Case.Stage.CLOSED if values.get("closed_on") else Case.Stage.DECIDED
    values["source"] = Case.Source.OTHER
    return values


def _case_rules(fields: dict[str, Any], context: Any = None) -> None:
    """The stage services' rules: decided on or after filing, closed on or after the decision, a penalty."""
    filed, decided, closed = (fields.get(n) for n in ("filed_on", "decided_on", "closed_on"))
    errors: dict[str, str] = {}
    if filed and decided and decided < filed:
        errors["decided_on"] = _before(Case.Stage.FILED, filed)
    if decided and closed and closed < decided:
        errors["closed_on"] = _before(Case.Stage.DECIDED, decided)
    values = case_fields(fields)
    if not (values.get("fine_yuan") or values.get("detained_people") or any(values[n] for n in MEASURES)):
        errors["fine_yuan"] = _("Choose at least one penalty or measure.")
    if errors:
        raise ValidationError(errors)


def _checked_case(fields: dict[str, Any]) -> Case:
    """The Case a row would be, with a stand-in number: the real one is taken on import."""
    return Case(**case_fields(fields), number="-", year=2000, seq=1)


def _before(stage: Case.Stage, on: dt.date) -> str:
    return _("The date cannot be before %(label)s (%(date)s).") % {
        "label": _("the date of %(stage)s") % {"stage": stage.label},
        "date": on.isoformat(),
    }


def _write(result: ImportResult, user: User) -> tuple[int, int]:
    return import_cases(result, acting_user=user)


CASES = RecordImport(
    slug="case",
    model=Case,
    record=_checked_case,
    unchecked=("import_key",),
    stored_key="import_key",
    rules=_case_rules,
    # The figures count a case's fine and measures on its decision date, as they count the case on its filing.
    closed_date_fields=("decided_on",),
    write=_write,
    sheet="案件导入",
    filename="行政处罚案件补录模板.xlsx",
    columns=(
        Column(
            "org_unit", "镇街", True, UNIT, townships_only=True, note="本人辖区内当事人所在的镇（街道）名称", width=12
        ),
        Column("sector_id", "行业领域", True, CHOICE, SECTORS, note="从下拉列表中选择", width=12),
        Column("party_name", "当事人名称", True, TEXT, note="单位名称或个人姓名", width=24, max_length=120),
        Column("credit_code", "统一社会信用代码/身份证号", False, TEXT, note="可不填", width=22, max_length=18),
        Column("cause", "案由", True, TEXT, width=30, max_length=200),
        Column("filed_on", "立案日期", True, DATE, note=_DATE_NOTE, width=12),
        Column("decided_on", "决定日期", True, DATE, note="不能早于立案日期，不能晚于今天", width=12),
        Column("closed_on", "结案日期", False, DATE, note="已结案的填写，不能早于决定日期；未结案的不填", width=12),
        Column("fine_yuan", "罚款金额（元）", False, DECIMAL, note="单位为元（不是万元），不填为0", width=14),
        _yes_no("warning", "警告"),
        _yes_no("suspension", "责令停产停业"),
        _yes_no("closure", "关闭"),
        _yes_no("seal", "查封扣押"),
        _yes_no("three_stops", "责令“三停”"),
        Column("detained_people", "移送行政拘留（人）", False, INT, note="整数，不填为0", width=12),
        _yes_no("judicial_transfer", "移送司法机关"),
        _yes_no("exposure", "曝光"),
        Column("facts", "违法事实", False, TEXT, note=f"可不填，不填时记为“{PAPER_TEXT}”", width=30),
        Column("legal_basis", "违反的法律条款", False, TEXT, note="可不填", width=24),
    ),
    date_field="filed_on",
    key_fields=("org_unit", "filed_on", "party_name", "cause"),
    audit_action=AUDIT_ACTION,
    instructions=(
        "1. 在“案件导入”工作表中从第2行起每行填写一起已作出处罚决定（或已结案）的纸质案件，不要修改第1行的列名。",
        "2. 红色列名为必填项；带下拉列表的列请从列表中选择。",
        "3. 日期请写成 2026-03-10 的形式，不能晚于今天；决定日期不能早于立案日期，结案日期不能早于决定日期；"
        "立案日期和决定日期不能落在已审定的半年总结期间内。",
        "4. 填了结案日期的案件记为“结案归档”，没填的记为“已决定”。罚款金额以元为单位；罚款和各项措施至少有一项。",
        "5. 只能导入本人辖区内镇街的案件；案号由系统按本局案件编号顺序自动生成。",
        "6. 上传后系统先逐行检查，列出所有错误及其单元格；有任何错误时一行也不导入，改正后重新上传即可。",
        "7. 同一镇街、立案日期、当事人和案由相同的视为同一案件，重复导入同一文件不会重复登记。",
    ),
    example=(
        "城关街道",
        "工贸",
        "某某建材厂",
        "",
        "未按规定对从业人员进行安全生产教育和培训",
        "2026-01-05",
        "2026-02-20",
        "2026-03-10",
        20000,
        "否",
        "否",
        "否",
        "否",
        "否",
        0,
        "否",
        "否",
        "",
        "",
    ),
)


def check_cases(file: IO[bytes], user: User) -> ImportResult:
    """The dry run (org.imports does it all, the decision dates included)."""
    return imports.check_file(CASES, file, user)


def default_issuer(user: User) -> OrgUnit | None:
    return issuer_choices(user=user).order_by("path").first()


@transaction.atomic
def import_cases(result: ImportResult, *, acting_user: User) -> tuple[int, int]:
    """Create every new case of a checked file, or none: numbers in row order, one audit entry each.

    The numbers are one block per year reserved under the sequence's lock (number_take_block), not one
    lock-and-write per case: 5,000 paper cases take seconds, and a case filed meanwhile by hand takes the
    number after the block.
    """
    if not user_has_role(acting_user, IMPORTERS):
        raise TransitionError(_("Your role may not do this."))
    if result.errors:
        raise ValueError("a file with errors cannot be imported")
    issuer = default_issuer(acting_user)
    if issuer is None:
        raise ValidationError(_("Your role may not do this."))
    unit_ids = sorted({row.fields["org_unit"].pk for row in result.rows})
    list(OrgUnit.objects.select_for_update().filter(pk__in=unit_ids).order_by("pk").values_list("pk", flat=True))
    imports.mark_duplicates(CASES, result.rows)
    existing = set(
        Case.objects.filter(import_key__in=[r.key for r in result.rows]).values_list("import_key", flat=True)
    )
    new = []
    for row in result.rows:
        if row.duplicate or row.key in existing:
            row.duplicate = True
            continue
        new.append((row.key, case_fields(row.fields)))
    years: dict[int, int] = {}
    for _key, values in new:
        years[values["filed_on"].year] = years.get(values["filed_on"].year, 0) + 1
    following = {
        year: number_take_block(issuer=issuer, code=CASE_CODE, year=year, count=count)
        for year, count in sorted(years.items())
    }
    cases = []
    linker = Linker(user=acting_user)
    for key, values in new:
        year = values["filed_on"].year
        seq = following[year]
        following[year] += 1
        case = Case(
            **values,
            number=format_number(issuer, CASE_CODE, year, seq),
            issuer=issuer,
            year=year,
            seq=seq,
            import_key=key,
        )
        linker.link(case)
        cases.append(case)
    created = Case.objects.bulk_create(cases, batch_size=imports.CHUNK)
    record_audit_each(
        actor=acting_user,
        action=AUDIT_ACTION,
        entries=[
            (
                case,
                {
                    "imported": True,
                    "to": case.stage,
                    "number": case.number,
                    "on": case.filed_on.isoformat(),
                    "decided_on": case.decided_on.isoformat() if case.decided_on else None,  # a required column
                    "closed_on": case.closed_on.isoformat() if case.closed_on else None,
                    "fine_yuan": str(Decimal(case.fine_yuan)),
                },
            )
            for case in created
        ],
    )
    return len(created), sum(1 for row in result.rows if row.duplicate)
