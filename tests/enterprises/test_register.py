"""The enterprise register (issue 19): credit codes checked as GB 32100-2015 defines them, with the message at
the field; the GB/T 4754 picker; every change audited and versioned; a township sees only its own."""

from __future__ import annotations

import io
import re
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from enterprises.codes import validate_credit_code
from enterprises.models import Enterprise
from org.divisions import validate_division_code
from org.models import AuditEntry
from tests.factories.enterprises import EnterpriseFactory, credit_code

pytestmark = pytest.mark.django_db

CREATE = reverse("enterprises:create")
LIST = reverse("enterprises:list")
# Published codes of real companies, their check characters computed by their registrars.
REAL = ["91350100M000100Y43", "91110000802100433B", "911101085923662400"]


@pytest.mark.parametrize("code", REAL)
def test_real_credit_codes_pass(code):
    validate_credit_code(code)


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("91350100M000100Y44", "校验码不符：第18位应为“3”"),
        ("91350100M000100Y4", "统一社会信用代码应为18位，当前为17位。"),
        ("91350100M0001O0Y43", "不使用字母 I、O、Z、S、V，请核对第14位（“O”）"),
        ("91350100S000100Y43", "请核对第9位（“S”）"),
        ("91350100M000100Y4#", "第18位（“#”）不能出现在统一社会信用代码中"),
        ("91A50100M000100Y43", "第3至8位应为登记管理机关的6位行政区划代码"),
    ],
)
def test_bad_credit_codes_say_what_is_wrong_and_where(code, message):
    with pytest.raises(ValidationError) as raised:
        validate_credit_code(code)
    assert message in raised.value.messages[0]


def _form(township, **overrides):
    return {
        "credit_code": credit_code(7),
        "name": "临江五金制品有限公司",
        "org_unit": township.pk,
        "industry": "C33 金属制品业",
        "standardization": "3",
        "risk": "yellow",
        "key_kinds": ["dust"],
        **overrides,
    }


def _field_errors(html: str) -> list[str]:
    return [
        unescape(re.sub(r"<[^>]+>", "", e)).strip()
        for e in re.findall(r'class="invalid-feedback"[^>]*>(.*?)</', html, re.S)
    ]


def test_staff_add_an_enterprise_with_its_industry_code_and_an_audit_entry(staff_a_client, township_a):
    response = staff_a_client.post(CREATE, _form(township_a, credit_code=credit_code(7).lower()))
    enterprise = Enterprise.objects.get()
    assert response.status_code == 302
    assert (enterprise.credit_code, enterprise.industry_code, enterprise.key_kinds) == (credit_code(7), "33", ["dust"])
    assert AuditEntry.objects.filter(action="enterprises.enterprise.created", target_id=enterprise.pk).exists()
    page = staff_a_client.get(reverse("enterprises:detail", args=[enterprise.pk])).content.decode()
    assert [t for t in ("C33 金属制品业", "粉尘涉爆", "黄色（一般风险）") if t not in page] == []


def test_a_wrong_check_character_is_refused_at_the_field(staff_a_client, township_a):
    code = credit_code(7)
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    response = staff_a_client.post(CREATE, _form(township_a, credit_code=wrong))
    assert response.status_code == 400
    assert any(e.startswith(f"校验码不符：第18位应为“{code[17]}”") for e in _field_errors(response.content.decode()))
    assert not Enterprise.objects.exists()


def test_an_unknown_industry_is_refused_at_the_field(staff_a_client, township_a):
    response = staff_a_client.post(CREATE, _form(township_a, industry="C99 不存在的行业"))
    assert "不是 GB/T 4754-2017 中的行业大类，请从列表中选择。" in _field_errors(response.content.decode())


def test_the_industry_picker_lists_the_standards_divisions(staff_a_client):
    page = staff_a_client.get(CREATE).content.decode()
    options = re.findall(r'<option value="([A-T]\d\d [^"]+)">', page)
    assert len(options) == 97
    assert {"C26 化学原料和化学制品制造业", "E47 房屋建筑业"} <= set(options)


def test_a_second_enterprise_with_the_same_code_is_refused(staff_a_client, township_a):
    EnterpriseFactory.create(org_unit=township_a, credit_code=credit_code(7))
    response = staff_a_client.post(CREATE, _form(township_a))
    assert "名录中已有使用该统一社会信用代码的企业。" in _field_errors(response.content.decode())
    assert Enterprise.objects.count() == 1


def test_a_renamed_enterprise_keeps_its_old_name_and_is_found_by_it(staff_a_client, township_a):
    enterprise = EnterpriseFactory.create(org_unit=township_a, credit_code=credit_code(7), name="城关五金厂")
    staff_a_client.post(
        reverse("enterprises:edit", args=[enterprise.pk]), _form(township_a, name="临江五金制品有限公司", version=1)
    )
    enterprise.refresh_from_db()
    assert (enterprise.former_names, enterprise.version) == ("城关五金厂", 2)
    assert "临江五金制品有限公司" in staff_a_client.get(LIST, {"q": "五金厂"}).content.decode()


def test_a_stale_edit_is_refused_with_who_changed_what(staff_a_client, client_for, township_a, township_a_staff):
    from tests.factories.org import UserFactory

    enterprise = EnterpriseFactory.create(org_unit=township_a, credit_code=credit_code(7), name="城关五金厂")
    other = client_for(UserFactory.create(username="other", display_name="赵干事", org_unit=township_a))
    other.post(reverse("enterprises:edit", args=[enterprise.pk]), _form(township_a, address="解放路1号", version=1))
    response = staff_a_client.post(
        reverse("enterprises:edit", args=[enterprise.pk]), _form(township_a, address="解放路9号", version=1)
    )
    enterprise.refresh_from_db()
    assert response.status_code == 409
    assert "赵干事" in response.content.decode()
    assert enterprise.address == "解放路1号"


def test_a_township_sees_only_its_own_enterprises_by_list_and_by_url(staff_b_client, township_a, township_b):
    mine = EnterpriseFactory.create(org_unit=township_b, name="青山石材厂")
    theirs = EnterpriseFactory.create(org_unit=township_a, name="城关化工厂")
    page = staff_b_client.get(LIST).content.decode()
    assert ("青山石材厂" in page, "城关化工厂" in page) == (True, False)
    assert staff_b_client.get(reverse("enterprises:detail", args=[theirs.pk])).status_code == 404
    assert staff_b_client.get(reverse("enterprises:edit", args=[theirs.pk])).status_code == 404
    assert staff_b_client.get(reverse("enterprises:detail", args=[mine.pk])).status_code == 200


def test_an_enterprise_cannot_be_placed_outside_ones_area(staff_b_client, township_a):
    response = staff_b_client.post(CREATE, _form(township_a))
    assert response.status_code == 400
    assert not Enterprise.objects.exists()


def test_the_list_takes_the_same_queries_for_5_or_50_enterprises(
    leader_client, township_a, django_assert_max_num_queries
):
    EnterpriseFactory.create_batch(5, org_unit=township_a)
    with django_assert_max_num_queries(12) as five:
        leader_client.get(LIST)
    EnterpriseFactory.create_batch(45, org_unit=township_a)
    with django_assert_max_num_queries(12) as fifty:
        leader_client.get(LIST)
    assert len(five.captured_queries) == len(fifty.captured_queries)


def test_the_export_lists_the_register_with_the_import_titles(leader_client, township_a):
    EnterpriseFactory.create(
        org_unit=township_a,
        credit_code=credit_code(7),
        name="城关五金厂",
        industry_code="33",
        key_kinds=["dust", "confined"],
        risk="orange",
    )
    book = load_workbook(io.BytesIO(leader_client.get(reverse("enterprises:export")).content))
    sheet = book.active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("统一社会信用代码", "企业名称")
    assert rows[1][:2] == (credit_code(7), "城关五金厂")
    assert {"C33 金属制品业", "粉尘涉爆、有限空间作业", "橙色（较大风险）"} <= set(rows[1])


@pytest.mark.parametrize(
    ("kind", "code", "parent", "message"),
    [
        ("district", "33010", "", "此类单位的行政区划代码为6位数字。"),
        ("township", "330102001", "330103", "镇街的区划代码应以所属区县的6位代码（330103）开头。"),
        ("department", "330102", "", "只有市、区县和镇街有行政区划代码。"),
    ],
)
def test_division_codes_are_checked_by_the_kind_of_unit(kind, code, parent, message):
    with pytest.raises(ValidationError) as raised:
        validate_division_code(kind, code, parent)
    assert raised.value.messages == [message]


def test_good_division_codes_pass():
    validate_division_code("district", "330102")
    validate_division_code("township", "330102001", "330102")
