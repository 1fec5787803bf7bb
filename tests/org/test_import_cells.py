"""How the import pipeline (org.imports) reads one spreadsheet cell, as the dry-run page shows it: a required
cell left empty, a text one character too long, whole numbers and amounts, today's date, a choice written as
its stored value, a unit named within the user's area (never a village, and a shared name asks for the code),
each error at its cell ("D7") in Chinese; the rules that also run on a row with bad cells; a model's error
named after a relation, or after no column at all, at the column a user can correct."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from html import unescape
from typing import Any

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from enforcement.importers_inspections import INSPECTIONS
from hazards.importers import COLUMNS as HAZARD_COLUMNS
from hazards.importers import SHEET as HAZARD_SHEET
from org.models import OrgUnit
from responsibility.importers import IMPORTS, MEETINGS
from tests.factories.enforcement import OfficerFactory, bureau
from tests.factories.hazards import sector
from tests.factories.org import OrgUnitFactory
from tests.spreadsheets import upload

pytestmark = pytest.mark.django_db

ACCIDENT: dict[str, Any] = {
    "发生日期": dt.date(2026, 3, 10),
    "镇街": "城关街道",
    "发生地点/单位": "城关建材厂",
    "事故类别": "建筑施工",
    "事故等级": "一般",
    "死亡人数": 1,
    "重伤人数": 0,
    "直接经济损失（元）": 800000,
    "事故简况": "脚手架坍塌",
}
MEETING: dict[str, Any] = {
    "会议日期": dt.date(2026, 1, 15),
    "会议类型": "安委会全体会议",
    "召集单位": "城关街道",
    "会议主题": "部署全年安全生产工作",
}
HAZARD: dict[str, Any] = {
    "镇街": "城关街道",
    "场所/企业名称": "城关五金厂",
    "行业领域": "消防",
    "隐患来源": "镇街检查",
    "隐患描述": "疏散通道堆放杂物",
    "隐患等级": "一般隐患",
    "发现日期": dt.date(2026, 3, 10),
}
INSPECTION: dict[str, Any] = {
    "检查日期": dt.date(2026, 3, 10),
    "镇街": "城关街道",
    "被检查单位": "城关建材厂",
    "行业领域": "工贸",
    "检查类型": "日常检查",
    "执法人员": "张执法、赵执法",
}


def _upload(client: Client, kind: str, rows: list[dict[str, Any]]):
    spec = IMPORTS[kind]
    file = upload(spec.sheet, [c.title for c in spec.columns], rows)
    return client.post(reverse(f"responsibility:{kind}_import"), {"file": file})


def _table_rows(response, table_id: str) -> list[list[str]] | None:
    """The body rows of the page's table, each as its cells' visible texts; None when the page has no such table."""
    assert response.status_code == 200, response.content.decode()[:2000]
    found = re.search(rf'<table[^>]*id="{table_id}".*?</table>', response.content.decode(), re.S)
    if found is None:
        return None
    body = re.search(r"<tbody>(.*?)</tbody>", found.group(0), re.S)
    assert body is not None
    return [
        [unescape(re.sub(r"<[^>]+>", "", td)).strip() for td in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body.group(1), re.S)
    ]


def _errors(response) -> list[tuple[str, str, str]]:
    """The error list of the dry-run page: (column, cell, reason) per line."""
    rows = _table_rows(response, "import-errors")
    assert rows is not None, "the page lists no errors"
    return [(column, cell, reason) for _row, column, cell, reason in rows]


def _preview(response) -> list[list[str]]:
    """The preview table of a good file: the cells as shown, without the row number and the status badge."""
    assert _table_rows(response, "import-errors") is None, _errors(response)
    rows = _table_rows(response, "import-rows")
    assert rows is not None
    return [row[1:-1] for row in rows]


# --- Required cells and text length ---------------------------------------------------------------------------


def test_an_empty_required_cell_is_asked_for_at_its_cell(township_a, staff_a_client):
    response = _upload(staff_a_client, "accident", [{**ACCIDENT, "事故简况": None}])
    assert _errors(response) == [("事故简况", "I2", "必填项，请填写。")]


def test_a_text_may_be_as_long_as_its_column_allows(township_a, staff_a_client):
    response = _upload(staff_a_client, "accident", [{**ACCIDENT, "发生地点/单位": "厂" * 120}])
    assert len(_preview(response)) == 1


def test_a_text_one_character_too_long_is_refused_with_the_limit(township_a, staff_a_client):
    response = _upload(staff_a_client, "accident", [{**ACCIDENT, "发生地点/单位": "厂" * 121}])
    assert _errors(response) == [("发生地点/单位", "C2", "内容过长：最多120个字符。")]


# --- Whole numbers and amounts --------------------------------------------------------------------------------


def test_a_count_must_be_a_whole_number_of_zero_or_more(township_a, staff_a_client):
    rows = [
        {**ACCIDENT, "死亡人数": text, "发生地点/单位": f"城关建材厂{i}"} for i, text in enumerate(("1.5", "-1", "abc"))
    ]
    response = _upload(staff_a_client, "accident", rows)
    assert _errors(response) == [("死亡人数", f"F{n}", "请填写0或正整数。") for n in (2, 3, 4)]


def test_an_amount_may_have_thousands_commas_and_be_zero_shown_in_yuan_and_fen(township_a, staff_a_client):
    rows = [
        {**ACCIDENT, "直接经济损失（元）": "12,000.5"},
        {**ACCIDENT, "直接经济损失（元）": "0", "发生地点/单位": "城关砖厂"},
    ]
    shown = [row[7] for row in _preview(_upload(staff_a_client, "accident", rows))]
    assert shown == ["12000.50", "0.00"]


def test_an_amount_below_zero_or_not_a_number_is_refused(township_a, staff_a_client):
    rows = [
        {**ACCIDENT, "直接经济损失（元）": text, "发生地点/单位": f"城关建材厂{i}"}
        for i, text in enumerate(("-5", "若干"))
    ]
    response = _upload(staff_a_client, "accident", rows)
    message = "请填写不小于0的金额，如 12000 或 12000.50。"
    assert _errors(response) == [("直接经济损失（元）", f"H{n}", message) for n in (2, 3)]


# --- Dates and choices ----------------------------------------------------------------------------------------


def test_an_accident_of_today_is_not_in_the_future(township_a, staff_a_client):
    today = timezone.localdate()
    response = _upload(staff_a_client, "accident", [{**ACCIDENT, "发生日期": today}])
    assert _preview(response)[0][0] == today.isoformat()


def test_a_choice_may_be_written_as_its_stored_value(township_a, staff_a_client):
    response = _upload(staff_a_client, "accident", [{**ACCIDENT, "事故类别": "construction"}])
    assert _preview(response)[0][3] == "construction"


def test_a_choice_not_in_the_list_names_every_label_of_the_dropdown(township_a, staff_a_client):
    response = _upload(staff_a_client, "accident", [{**ACCIDENT, "事故类别": "茶话会"}])
    labels = "工矿商贸、建筑施工、道路交通、火灾、燃气、水上交通、铁路交通、农业机械、渔业船舶、其他"
    assert _errors(response) == [("事故类别", "D2", f"不在可选范围内，请从以下选项中选择：{labels}。")]


# --- Units ----------------------------------------------------------------------------------------------------


def test_a_village_is_not_a_unit_a_record_may_name(township_a, village_a, staff_a_client):
    response = _upload(staff_a_client, "meeting", [{**MEETING, "召集单位": village_a.name}])
    assert _errors(response) == [("召集单位", "C2", "您的辖区内没有这个名称的单位。")]


@pytest.fixture
def two_chengguan(township_a, district_b) -> OrgUnit:
    """A second 城关街道, in the other district: the city's leader sees both."""
    return OrgUnitFactory.create(name="城关街道", code="TB2", kind=OrgUnit.Kind.TOWNSHIP, parent=district_b)


def test_a_name_two_townships_share_asks_for_the_unit_code(two_chengguan, leader_client):
    response = _upload(leader_client, "accident", [ACCIDENT])
    assert _errors(response) == [("镇街", "B2", "有多个同名单位，请改填单位编码。")]


def test_the_unit_code_picks_one_of_two_townships_of_the_same_name(two_chengguan, leader_client):
    response = _upload(leader_client, "accident", [{**ACCIDENT, "镇街": "TB2"}])
    assert _preview(response)[0][1] == "城关街道"


# --- Rules across cells and the model's errors ------------------------------------------------------------------


def _upload_hazards(client: Client, rows: list[dict[str, Any]], titles: list[str]):
    return client.post(reverse("hazards:import"), {"file": upload(HAZARD_SHEET, titles, rows)})


def test_a_hazard_row_with_a_bad_date_still_has_its_credit_code_checked(township_a, staff_a_client):
    sector("消防")
    row = {**HAZARD, "发现日期": "2026-13-45", "统一社会信用代码": "91330100MA2XXXXX0"}
    response = _upload_hazards(staff_a_client, [row], [c.title for c in HAZARD_COLUMNS])
    assert _errors(response) == [
        ("发现日期", "K2", "日期无效，请按 2026-03-10 的格式填写。"),
        ("统一社会信用代码", "D2", "统一社会信用代码应为18位。"),
    ]


def test_an_error_at_a_column_the_file_lacks_is_listed_without_a_cell(township_a, staff_a_client):
    sector("消防")
    row = {**HAZARD, "责任单位": "城关五金厂", "整改期限": dt.date(2026, 3, 20), "状态": "已销号"}
    titles = [c.title for c in HAZARD_COLUMNS] + ["状态"]  # an older template with the status, no closing date
    response = _upload_hazards(staff_a_client, [row], titles)
    assert _errors(response) == [("销号日期", "—", "状态为已销号的隐患须填写销号日期。")]


def test_a_joint_inspection_without_its_action_is_refused_at_the_action_column(city, township_a, officer, clerk_client):
    bureau(city)
    sector("工贸")
    OfficerFactory.create(username="officer2", display_name="赵执法", org_unit=city, certificate="33990002")
    titles = [c.title for c in INSPECTIONS.columns]
    file = upload(INSPECTIONS.sheet, titles, [{**INSPECTION, "检查类型": "联合执法"}])
    response = clerk_client.post(reverse("enforcement:inspection_import"), {"file": file})
    assert _errors(response) == [("联合执法行动", "J2", "联合执法检查须关联联合执法行动。")]


def test_an_error_of_the_whole_row_is_shown_at_its_first_column(township_a, staff_a_client, monkeypatch):
    def refuse(fields: dict[str, Any], context: Any) -> None:
        raise ValidationError({NON_FIELD_ERRORS: ["本行与已审定的会议记录冲突。"]})

    monkeypatch.setitem(IMPORTS, "meeting", dataclasses.replace(MEETINGS, rules=refuse))
    response = _upload(staff_a_client, "meeting", [MEETING])
    assert _errors(response) == [("会议日期", "A2", "本行与已审定的会议记录冲突。")]


def test_a_rule_refusing_the_row_without_naming_a_field_is_shown_at_its_first_column(
    township_a, staff_a_client, monkeypatch
):
    """A plain ValidationError("…"), the usual way clean() refuses a whole row, answered 500 (no message_dict)."""

    def refuse(fields: dict[str, Any], context: Any) -> None:
        raise ValidationError("本行与已审定的会议记录冲突。")

    monkeypatch.setitem(IMPORTS, "meeting", dataclasses.replace(MEETINGS, rules=refuse))
    response = _upload(staff_a_client, "meeting", [MEETING])
    assert _errors(response) == [("会议日期", "A2", "本行与已审定的会议记录冲突。")]
