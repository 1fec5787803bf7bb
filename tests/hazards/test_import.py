"""Bulk import: template, dry run with every bad cell listed, all-or-nothing, no duplicates."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from hazards.importers import COLUMNS, HAZARDS, SHEET
from hazards.models import Hazard
from org.imports import build_template, check_file
from org.models import AuditEntry
from tests.spreadsheets import upload

pytestmark = pytest.mark.django_db

HEADERS = [column.title for column in COLUMNS]


def _row(**overrides: Any) -> dict[str, Any]:
    row = {
        "镇街": "城关街道",
        "村社": "和平社区",
        "场所/企业名称": "城关五金厂",
        "统一社会信用代码": "",
        "地址": "解放路1号",
        "行业领域": "消防",
        "专项行动": "",
        "隐患来源": "镇街检查",
        "隐患描述": "疏散通道堆放杂物，安全出口指示标志损坏",
        "隐患等级": "一般隐患",
        "发现日期": dt.date(2026, 3, 10),
        "责任单位": "",
        "责任人": "",
        "整改措施": "",
        "整改期限": "",
    }
    row.update(overrides)
    return row


def _good_rows() -> list[dict[str, Any]]:
    return [
        _row(),
        _row(
            **{
                "场所/企业名称": "和平饭店",
                "行业领域": "城镇燃气",
                "隐患描述": "燃气软管超过2米",
                "责任单位": "和平饭店",
                "整改期限": "2026-03-20",
            }
        ),
        _row(**{"场所/企业名称": "城关化工", "隐患等级": "重大事故隐患", "发现日期": "2026/3/12", "村社": ""}),
    ]


def _xlsx(rows: list[dict[str, Any]], name: str = "隐患.xlsx") -> SimpleUploadedFile:
    return upload(SHEET, HEADERS, rows, name)


def _upload(client: Client, rows: list[dict[str, Any]]):
    return client.post(reverse("hazards:import"), {"file": _xlsx(rows)})


def _confirm(client: Client, response):
    return client.post(reverse("hazards:import_confirm"), {"token": response.context.get("token", "")})


@pytest.fixture
def area(township_a, village_a, township_b, village_b) -> None:
    """Both townships and their villages exist."""


@pytest.mark.usefixtures("area")
def test_good_file_is_previewed_then_imported_with_audit_entries(staff_a_client, township_a):
    preview = _upload(staff_a_client, _good_rows())
    assert preview.context["result"].to_create == 3
    response = _confirm(staff_a_client, preview)
    assert response.status_code == 302
    assert Hazard.objects.filter(org_unit=township_a).count() == 3
    assert AuditEntry.objects.filter(action="hazards.hazard.created").count() == 3


@pytest.mark.usefixtures("area")
def test_imported_rows_keep_their_values(staff_a_client, village_a):
    _confirm(staff_a_client, _upload(staff_a_client, _good_rows()))
    gas = Hazard.objects.get(place_name="和平饭店")
    major = Hazard.objects.get(place_name="城关化工")
    assert (gas.village, gas.status, gas.deadline) == (village_a, Hazard.Status.ASSIGNED, dt.date(2026, 3, 20))
    assert (major.level, major.found_on, major.source) == (Hazard.Level.MAJOR, dt.date(2026, 3, 12), "township")


@pytest.mark.usefixtures("area")
def test_one_bad_row_is_listed_and_nothing_is_imported(staff_a_client):
    rows = [*_good_rows(), _row(**{"场所/企业名称": "坏行", "发现日期": "2026-13-45"})]
    preview = _upload(staff_a_client, rows)
    errors = preview.context["result"].errors
    assert [(e.row, e.column) for e in errors] == [(5, "发现日期")]
    assert "2026-03-10" in preview.content.decode()
    confirmed = _confirm(staff_a_client, preview)
    assert confirmed.status_code == 400
    assert Hazard.objects.count() == 0


@pytest.mark.usefixtures("area")
def test_every_bad_cell_of_a_row_is_reported(staff_a_client):
    row = _row(
        **{
            "行业领域": "不存在",
            "隐患等级": "很严重",
            "隐患描述": "",
            "统一社会信用代码": "123",
            "发现日期": "2026-03-10",
            "整改期限": "2026-03-01",
            "村社": "新华村",
        }
    )
    result = _upload(staff_a_client, [row]).context["result"]
    expected = {"行业领域", "隐患等级", "隐患描述", "统一社会信用代码", "整改期限", "村社"}
    assert {e.column for e in result.errors} == expected


@pytest.mark.usefixtures("area")
def test_found_date_in_the_future_is_an_error(staff_a_client):
    tomorrow = dt.date.today() + dt.timedelta(days=2)
    result = _upload(staff_a_client, [_row(**{"发现日期": tomorrow})]).context["result"]
    assert [(e.row, e.column) for e in result.errors] == [(2, "发现日期")]


@pytest.mark.usefixtures("area")
def test_reimporting_the_same_file_creates_no_duplicates(staff_a_client):
    _confirm(staff_a_client, _upload(staff_a_client, _good_rows()))
    again = _upload(staff_a_client, _good_rows())
    assert (again.context["result"].to_create, again.context["result"].duplicates) == (0, 3)
    _confirm(staff_a_client, again)
    assert Hazard.objects.count() == 3


@pytest.mark.usefixtures("area")
def test_the_same_row_twice_in_one_file_is_an_error(staff_a_client):
    # The same text with stray spaces is the same hazard.
    spaced = _row(**{"隐患描述": " 疏散通道堆放杂物，安全出口指示标志损坏 "})
    result = _upload(staff_a_client, [_row(), spaced]).context["result"]
    assert [(e.row, e.column) for e in result.errors] == [(3, "")]


@pytest.mark.usefixtures("area")
def test_township_staff_cannot_import_into_another_township(staff_a_client):
    rows = [_row(), _row(**{"镇街": "青山镇", "村社": "新华村"})]
    preview = _upload(staff_a_client, rows)
    assert [(e.row, e.column) for e in preview.context["result"].errors] == [(3, "镇街")]
    _confirm(staff_a_client, preview)
    assert Hazard.objects.count() == 0


@pytest.mark.usefixtures("area")
def test_officer_may_import_into_any_township(officer_client, township_b):
    preview = _upload(officer_client, [_row(**{"镇街": "青山镇", "村社": "新华村"})])
    _confirm(officer_client, preview)
    assert Hazard.objects.get().org_unit == township_b


def test_missing_required_column_is_reported(staff_a_client, township_a):
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["镇街", "场所/企业名称"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = staff_a_client.post(reverse("hazards:import"), {"file": SimpleUploadedFile("x.xlsx", buffer.getvalue())})
    assert "发现日期" in {e.column for e in response.context["result"].errors}


def test_a_file_that_is_not_excel_is_rejected(staff_a_client, township_a):
    response = staff_a_client.post(reverse("hazards:import"), {"file": SimpleUploadedFile("x.xlsx", b"not a zip")})
    assert response.context["result"].errors[0].row is None
    assert response.context["token"] == ""  # nothing to confirm: a refused file is not kept


@pytest.mark.usefixtures("area")
def test_another_users_batch_is_404(staff_a_client, township_b_staff):
    preview = _upload(staff_a_client, _good_rows())
    other = Client()
    other.force_login(township_b_staff)
    assert _confirm(other, preview).status_code == 404


def test_upload_page_links_to_the_template(staff_a_client):
    response = staff_a_client.get(reverse("hazards:import"))
    assert reverse("hazards:import_template") in response.content.decode()


@pytest.mark.usefixtures("area")
def test_confirm_reports_the_counts_on_the_ledger(staff_a_client):
    response = staff_a_client.post(
        reverse("hazards:import_confirm"),
        {"token": _upload(staff_a_client, _good_rows()).context["token"]},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("hazards:list")
    [message] = list(response.context["messages"])
    assert (message.level_tag, "3" in message.message) == ("success", True)


def test_leader_may_not_import(leader_client):
    assert leader_client.get(reverse("hazards:import")).status_code == 403


def test_template_has_dropdowns_for_sector_level_and_source(staff_a_client, township_a):
    response = staff_a_client.get(reverse("hazards:import_template"))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook[SHEET]
    lists = {}
    for validation in sheet.data_validations.dataValidation:
        target = str(validation.sqref).split(":")[0].rstrip("0123456789")
        source_sheet, ref = validation.formula1.split("!")
        cells = workbook[source_sheet.strip("'")][ref.replace("$", "")]
        lists[sheet[f"{target}1"].value] = [row[0].value for row in cells]
    assert "消防" in lists["行业领域"]
    assert lists["隐患等级"] == ["一般隐患", "重大事故隐患"]
    assert "镇街检查" in lists["隐患来源"]
    assert "填写说明" in workbook.sheetnames


@pytest.mark.usefixtures("area")
def test_a_filled_in_template_passes_the_check(township_a_staff):
    workbook = load_workbook(io.BytesIO(build_template(HAZARDS, user=township_a_staff)))
    values = _row()
    workbook[SHEET].append([values[title] for title in HEADERS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = check_file(HAZARDS, buffer, township_a_staff)
    assert (result.errors, result.to_create) == ([], 1)
