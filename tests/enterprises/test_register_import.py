"""The register from Excel (issue 19): the template's titles are the export's; the dry run lists every bad cell
(a wrong check character, an unknown industry or village, another area's firm) and writes nothing; a good file
creates the new enterprises and merges the registered ones by credit code, never doubling one."""

from __future__ import annotations

import io
import re
from html import unescape

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from enterprises.exporters import COLUMNS
from enterprises.models import Enterprise
from org.models import AuditEntry
from tests.factories.enterprises import EnterpriseFactory, credit_code
from tests.spreadsheets import upload

pytestmark = pytest.mark.django_db

TITLES = [title for title, _r, _w in COLUMNS]
UPLOAD = reverse("enterprises:enterprise_import")


def _row(**cells):
    row = {
        "统一社会信用代码": credit_code(11),
        "企业名称": "城关五金制品有限公司",
        "镇街": "城关街道",
        "村社": "和平社区",
        "行业（GB/T 4754-2017）": "C33 金属制品业",
        "风险等级": "黄色（一般风险）",
        "重点监管类别": "粉尘涉爆、有限空间作业",
    }
    row.update(cells)
    return row


def _xlsx(rows):
    return upload("企业名录", TITLES, rows, "名录.xlsx")


def _errors(response) -> dict[str, str]:
    html = response.content.decode()
    found = re.search(r'<table[^>]*id="import-errors".*?</table>', html, re.S)
    assert found is not None
    table = found.group(0)
    cells = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]:
        texts = [unescape(re.sub(r"<[^>]+>", "", td)).strip() for td in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        cells[texts[2]] = texts[3]
    return cells


def _import(client, rows):
    preview = client.post(UPLOAD, {"file": _xlsx(rows)})
    assert preview.status_code == 200, preview.content.decode()[:3000]
    found = re.search(r'name="token" value="([^"]+)"', preview.content.decode())
    assert found is not None
    token = found.group(1)
    return preview, client.post(reverse("enterprises:enterprise_import_confirm"), {"token": token})


def test_the_template_has_the_exports_titles_and_dropdowns(staff_a_client, township_a):
    response = staff_a_client.get(reverse("enterprises:enterprise_import_template"))
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book["企业名录"]
    assert [c.value for c in sheet[1]] == TITLES
    assert any("城关街道" in str(v.formula1) or v.formula1 for v in sheet.data_validations.dataValidation)


def test_the_dry_run_lists_every_bad_cell_and_writes_nothing(staff_a_client, township_a, village_a, township_b):
    EnterpriseFactory.create(org_unit=township_b, credit_code=credit_code(12), name="青山石材厂")
    wrong = credit_code(13)[:17] + ("0" if credit_code(13)[17] != "0" else "1")
    response = staff_a_client.post(
        UPLOAD,
        {
            "file": _xlsx(
                [
                    _row(**{"统一社会信用代码": wrong}),
                    _row(**{"统一社会信用代码": credit_code(14), "行业（GB/T 4754-2017）": "C99 不存在"}),
                    _row(**{"统一社会信用代码": credit_code(15), "村社": "不存在村"}),
                    _row(**{"统一社会信用代码": credit_code(12)}),
                ]
            )
        },
    )
    cells = _errors(response)
    assert cells["A2"].startswith("校验码不符")
    assert cells["G3"] == "不是 GB/T 4754-2017 中的行业大类，请从列表中选择。"
    assert cells["E4"] == "该村（社区）不属于所选镇街。"
    assert cells["A5"] == "名录中已有此信用代码的企业，但属于您辖区以外的镇街。"
    assert Enterprise.objects.count() == 1


def test_a_good_file_creates_and_merges_by_credit_code(staff_a_client, township_a, village_a):
    known = EnterpriseFactory.create(
        org_unit=township_a, credit_code=credit_code(11), name="城关五金厂", contact_phone="13900000001"
    )
    preview, done = _import(
        staff_a_client,
        [
            _row(),  # the registered one, renamed, with its trade filled in
            _row(
                **{
                    "统一社会信用代码": credit_code(16),
                    "企业名称": "和平饭店",
                    "行业（GB/T 4754-2017）": "62",
                    "重点监管类别": "",
                }
            ),
        ],
    )
    assert "已在名录中、将按本表更新：1" in unescape(preview.content.decode())
    assert done.status_code == 302
    known.refresh_from_db()
    assert Enterprise.objects.count() == 2
    assert (
        known.name,
        known.former_names,
        known.industry_code,
        known.key_kinds,
        known.contact_phone,
        known.version,
    ) == ("城关五金制品有限公司", "城关五金厂", "33", ["dust", "confined"], "13900000001", 2)
    assert Enterprise.objects.get(credit_code=credit_code(16)).industry_code == "62"
    assert AuditEntry.objects.filter(action="enterprises.enterprise.merged", target_id=known.pk).exists()
    assert AuditEntry.objects.filter(action="enterprises.enterprise.created").count() == 1


def test_importing_the_same_file_twice_doubles_nothing(staff_a_client, township_a, village_a):
    _import(staff_a_client, [_row()])
    _import(staff_a_client, [_row()])
    assert Enterprise.objects.count() == 1
    assert Enterprise.objects.get().version == 1


def test_leaders_may_not_import_the_register(leader_client):
    assert leader_client.get(UPLOAD).status_code == 403
