"""The register from Excel (企业名录导入), on the shared pipeline (org.imports): the same titles the export writes.

A row whose credit code is in the register already updates that enterprise — never a second one: the file's
filled cells replace the register's, an empty cell leaves it alone, and a new name keeps the old one among the
former names. Each created enterprise gets its "created" audit entry, each changed one a "merged" entry with
what changed and its new version. An enterprise of another area is refused at its code cell.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from enterprises.codes import normalize_credit_code
from enterprises.exporters import COLUMNS as EXPORT_COLUMNS
from enterprises.industries import parse_industry
from enterprises.models import Enterprise
from enterprises.services import WRITERS
from org.audit import AuditAction, record_audit_each
from org.imports import CHOICE, UNIT, Column, ImportResult, RecordImport
from org.models import OrgUnit, User
from org.versioning import bump

TITLES = [title for title, _required, _width in EXPORT_COLUMNS]
# Columns the file may fill; the register keeps its value when the cell is empty.
MERGED = (
    "name",
    "address",
    "village",
    "industry_code",
    "scale",
    "standardization",
    "risk",
    "key_kinds",
    "legal_representative",
    "contact_name",
    "contact_phone",
)


def _key_kinds(text: str) -> list[str]:
    with translation.override("zh-hans"):
        labels = {str(label): value for value, label in Enterprise.KeyKind.choices}
    parts = [p.strip() for p in (text or "").replace(",", "、").replace("，", "、").split("、") if p.strip()]
    return [labels.get(p, p) for p in parts]


def _record(fields: dict[str, Any]) -> Enterprise:
    """The enterprise a row describes, its picked texts turned into what the register stores."""
    values = {k: v for k, v in fields.items() if k not in ("village_name", "former_names")}
    values["credit_code"] = normalize_credit_code(values.get("credit_code") or "")
    typed = values.get("industry_code") or ""
    # Not a division: "?" fails the model's own check with its message ("不是 GB/T 4754-2017 中的行业大类…").
    values["industry_code"] = parse_industry(typed) or ("?" if typed else "")
    values["key_kinds"] = _key_kinds(values.get("key_kinds") or "")
    values["former_names"] = "、".join(filter(None, (fields.get("former_names") or "").replace(",", "、").split("、")))
    values["standardization"] = values.get("standardization") or Enterprise.Standardization.NONE
    for name in ("scale", "risk", "address", "legal_representative", "contact_name", "contact_phone", "name"):
        values[name] = values.get(name) or ""  # an empty cell is "not said", stored as the empty text
    return Enterprise(**{k: v for k, v in values.items() if k != "village"}, village=fields.get("village"))


def _prepare(user: User) -> dict[tuple[int | None, str], OrgUnit]:
    """The villages of the user's area by (township, name), read once per file."""
    villages = OrgUnit.objects.visible_to(user).filter(kind=OrgUnit.Kind.VILLAGE)
    return {(v.parent_id, v.name): v for v in villages}


def _rules(fields: dict[str, Any], villages: dict[tuple[int | None, str], OrgUnit]) -> None:
    errors: dict[str, str] = {}
    township, name = fields.get("org_unit"), (fields.get("village_name") or "").strip()
    if name and township is not None:
        village = villages.get((township.pk, name))
        if village is None:
            errors["village_name"] = _("This village is not in the chosen township.")
        fields["village"] = village
    code = normalize_credit_code(fields.get("credit_code") or "")
    if (
        code
        and not Enterprise.objects.filter(credit_code=code, org_unit__in=_area(villages, township)).exists()
        and Enterprise.objects.filter(credit_code=code).exists()
    ):
        errors["credit_code"] = _("An enterprise with this credit code is registered outside your area.")
    fields["credit_code"] = code
    if errors:
        raise ValidationError(errors)


def _area(villages: dict[tuple[int | None, str], OrgUnit], township: OrgUnit | None) -> list[int]:
    """The townships of the user's area, as far as the file's villages tell, and the row's own."""
    townships = {key[0] for key in villages if key[0] is not None}  # a village always has its township
    return list(townships | ({township.pk} if township is not None else set()))


@transaction.atomic
def import_register(result: ImportResult, *, acting_user: User) -> tuple[int, int]:
    """Create the new enterprises in one insert, update the registered ones: (created, merged)."""
    rows = {row.fields["credit_code"]: row for row in result.rows}
    existing = {e.credit_code: e for e in Enterprise.objects.select_for_update().filter(credit_code__in=rows)}
    new = [_record(row.fields) for code, row in rows.items() if code not in existing]
    created = Enterprise.objects.bulk_create(new, batch_size=500)
    merged = []
    for code, enterprise in existing.items():
        incoming, changed = _record(rows[code].fields), []
        for name in MERGED:
            value = getattr(incoming, name)
            if value in ("", None, []) or (name == "standardization" and value == Enterprise.Standardization.NONE):
                continue
            if getattr(enterprise, name) != value:
                if name == "name" and enterprise.name not in enterprise.former_name_list:
                    enterprise.former_names = "、".join([*enterprise.former_name_list, enterprise.name])
                    changed.append("former_names")
                setattr(enterprise, name, value)
                changed.append(name)
        extra = [n for n in incoming.former_name_list if n not in enterprise.former_name_list]
        if extra:
            enterprise.former_names = "、".join([*enterprise.former_name_list, *extra])
            changed.append("former_names")
        if changed:
            enterprise.save(update_fields=[*bump(enterprise, sorted(set(changed))), "updated_at"])
            merged.append(
                (enterprise, {"imported": True, "changed": sorted(set(changed)), "version": enterprise.version})
            )
    record_audit_each(
        actor=acting_user,
        action=AuditAction.ENTERPRISE_CREATED,
        entries=[(e, {"imported": True, "credit_code": e.credit_code, "version": 1}) for e in created],
    )
    record_audit_each(actor=acting_user, action=AuditAction.ENTERPRISE_MERGED, entries=merged)
    return len(created), len(merged)


REGISTER = RecordImport(
    slug="enterprise",
    model=Enterprise,
    sheet="企业名录",
    filename="企业名录导入模板.xlsx",
    columns=(
        Column("credit_code", TITLES[0], True, max_length=24, note="18位，与营业执照一致", width=22),
        Column("name", TITLES[1], True, max_length=200, width=30),
        Column("former_names", TITLES[2], False, note="多个用“、”分隔", width=20),
        Column("org_unit", TITLES[3], True, UNIT, townships_only=True, note="本人辖区内的镇（街道）", width=12),
        Column("village_name", TITLES[4], False, note="所属镇街下的村（社区）名称", width=12),
        Column("address", TITLES[5], False, max_length=255, width=30),
        Column("industry_code", TITLES[6], False, note="如 C33 金属制品业，或只写 33", width=26),
        Column("scale", TITLES[7], False, CHOICE, Enterprise.Scale.choices, width=8),
        Column("standardization", TITLES[8], False, CHOICE, Enterprise.Standardization.choices, width=12),
        Column("risk", TITLES[9], False, CHOICE, Enterprise.Risk.choices, width=10),
        Column(
            "key_kinds",
            TITLES[10],
            False,
            width=20,
            note="危险化学品、粉尘涉爆、涉氨制冷、有限空间作业、金属冶炼、烟花爆竹、非煤矿山，多个用“、”分隔",
        ),
        Column("legal_representative", TITLES[11], False, max_length=50, width=10),
        Column("contact_name", TITLES[12], False, max_length=50, width=10),
        Column("contact_phone", TITLES[13], False, max_length=20, width=14),
    ),
    date_field="",
    key_fields=("credit_code",),
    audit_action=AuditAction.ENTERPRISE_CREATED,
    record=_record,
    unchecked=("former_names",),
    prepare=_prepare,
    rules=_rules,
    merges=True,
    write=lambda result, user: import_register(result, acting_user=user),
    instructions=(
        "1. 在“企业名录”工作表中从第2行起每行填写一家企业，不要修改第1行的列名；"
        "本表与名录导出的列相同，可导出后修改再导入。",
        "2. 红色列名为必填项；带下拉列表的列请从列表中选择。",
        "3. 统一社会信用代码按 GB 32100-2015 校验（18位，校验码正确，不含字母 I、O、Z、S、V）。",
        "4. 名录中已有同一信用代码的企业时，按本表更新该企业（空白单元格保留原值，改名的保留曾用名），不会重复登记。",
        "5. 只能导入本人辖区内镇街的企业。上传后系统先逐行检查，列出所有错误及其单元格；有任何错误时一行也不导入。",
    ),
    example=(
        "91339901000000001K",
        "临江示例五金制品有限公司",
        "",
        "城关街道",
        "和平社区",
        "工业路8号",
        "C33 金属制品业",
        "小型",
        "三级",
        "黄色（一般风险）",
        "粉尘涉爆",
        "王建国",
        "李海燕",
        "13900000000",
    ),
)
IMPORTS = {"enterprise": REGISTER}
IMPORT_ROLES = {"enterprise": WRITERS}
