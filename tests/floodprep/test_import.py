"""Roster import: template, dry run listing every bad cell, all-or-nothing, re-import without duplicates."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from floodprep.models import PersonLevel, ResponsiblePerson
from floodprep.roster_sheet import COLUMNS, SHEET
from org.models import AuditEntry
from tests.factories.floodprep import ResponsiblePersonFactory, RiskPointFactory
from tests.spreadsheets import upload

pytestmark = pytest.mark.django_db

HEADERS = [column.title for column in COLUMNS]


def _row(**overrides: Any) -> dict[str, Any]:
    row = {
        "镇街": "城关街道",
        "村社": "和平社区",
        "层级": "村级",
        "岗位": "社区书记",
        "姓名": "张和平",
        "手机号码": "13812345678",
        "负责风险点": "",
        "备注": "",
    }
    row.update(overrides)
    return row


def _good_rows() -> list[dict[str, Any]]:
    return [
        _row(),
        _row(**{"层级": "网格", "岗位": "网格员", "姓名": "李网格", "手机号码": 13900001111}),
        _row(
            **{
                "村社": "",
                "层级": "乡级",
                "岗位": "镇长",
                "姓名": "王镇长",
                "手机号码": "139 0000 2222",
                "负责风险点": "和平社区后山、城关下穿通道",
            }
        ),
        _row(
            **{
                "镇街": "临江区",
                "村社": "",
                "层级": "县级",
                "岗位": "分管副区长",
                "姓名": "赵区长",
                "手机号码": "13700003333",
            }
        ),
    ]


def _xlsx(rows: list[dict[str, Any]], headers: list[str] = HEADERS) -> SimpleUploadedFile:
    return upload(SHEET, headers, rows, "防汛责任人.xlsx")


def _upload(client: Client, rows: list[dict[str, Any]], **kwargs: Any):
    return client.post(reverse("floodprep:persons_import"), {"file": _xlsx(rows, **kwargs)})


def _confirm(client: Client, response, **kwargs: Any):
    return client.post(
        reverse("floodprep:persons_import_confirm"), {"token": response.context.get("token", "")}, **kwargs
    )


def _errors(response) -> list[tuple[int | None, str]]:
    return [(e.row, e.column) for e in response.context["result"].errors]


@pytest.fixture
def points(township_a, village_a, township_b, village_b, district_a) -> None:
    RiskPointFactory.create(org_unit=village_a, name="和平社区后山")
    RiskPointFactory.create(org_unit=township_a, name="城关下穿通道")
    RiskPointFactory.create(org_unit=village_b, name="新华村山洪点")


@pytest.fixture
def admin_client(client_for, city):
    from tests.factories.org import UserFactory

    return client_for(UserFactory.create(username="admin_user", org_unit=city, role="admin"))


@pytest.mark.usefixtures("points")
def test_good_file_is_previewed_then_imported_with_audit_entries(admin_client):
    preview = _upload(admin_client, _good_rows())
    assert preview.context["result"].to_create == 4
    assert _confirm(admin_client, preview).status_code == 302
    assert ResponsiblePerson.objects.count() == 4
    assert AuditEntry.objects.filter(action="floodprep.person.created").count() == 4


@pytest.mark.usefixtures("points")
def test_imported_rows_keep_their_units_levels_numbers_and_risk_points(admin_client, village_a, township_a, district_a):
    _confirm(admin_client, _upload(admin_client, _good_rows()))
    grid = ResponsiblePerson.objects.get(name="李网格")
    mayor = ResponsiblePerson.objects.get(name="王镇长")
    assert (grid.org_unit, grid.level, grid.mobile) == (village_a, PersonLevel.GRID, "13900001111")
    assert (mayor.org_unit, mayor.mobile) == (township_a, "13900002222")
    assert sorted(mayor.risk_points.values_list("name", flat=True)) == ["和平社区后山", "城关下穿通道"]
    assert ResponsiblePerson.objects.get(name="赵区长").org_unit == district_a


@pytest.mark.usefixtures("points")
def test_one_bad_row_is_listed_and_nothing_is_imported(staff_a_client):
    rows = [_row(), _row(**{"姓名": "坏号码", "手机号码": "1381234"})]
    preview = _upload(staff_a_client, rows)
    assert _errors(preview) == [(3, "手机号码")]
    assert _confirm(staff_a_client, preview).status_code == 400
    assert ResponsiblePerson.objects.count() == 0


@pytest.mark.usefixtures("points")
def test_every_bad_cell_of_a_row_is_reported(staff_a_client):
    row = _row(**{"层级": "省级", "手机号码": "12345", "岗位": "", "村社": "不存在村", "负责风险点": "无此点"})
    columns = {column for _row_number, column in _errors(_upload(staff_a_client, [row]))}
    assert columns == {"层级", "手机号码", "岗位", "村社", "负责风险点"}


@pytest.mark.usefixtures("points")
@pytest.mark.parametrize(
    ("overrides", "column"),
    [
        ({"层级": "村级", "村社": ""}, "村社"),  # a village person needs the village
        ({"层级": "乡级"}, "村社"),  # a township person is not in a village
        ({"层级": "县级", "村社": ""}, "镇街"),  # a county person sits on a district
    ],
)
def test_level_must_fit_the_unit(staff_a_client, overrides, column):
    assert [c for _r, c in _errors(_upload(staff_a_client, [_row(**overrides)]))] == [column]


@pytest.mark.usefixtures("points")
def test_township_staff_cannot_import_into_another_township(staff_a_client):
    rows = [_row(), _row(**{"镇街": "青山镇", "村社": "新华村", "姓名": "外镇人"})]
    preview = _upload(staff_a_client, rows)
    assert _errors(preview) == [(3, "镇街")]
    _confirm(staff_a_client, preview)
    assert ResponsiblePerson.objects.count() == 0


@pytest.mark.usefixtures("points")
def test_risk_points_of_another_township_are_refused(admin_client):
    row = _row(**{"负责风险点": "新华村山洪点"})
    assert _errors(_upload(admin_client, [row])) == [(2, "负责风险点")]


@pytest.mark.usefixtures("points")
def test_reimporting_the_same_file_creates_no_duplicates(admin_client):
    _confirm(admin_client, _upload(admin_client, _good_rows()))
    again = _upload(admin_client, _good_rows())
    assert (again.context["result"].to_create, again.context["result"].duplicates) == (0, 4)
    assert "新增0人，更新0人，4人无变化" in again.content.decode()
    _confirm(admin_client, again)
    assert ResponsiblePerson.objects.count() == 4


@pytest.mark.usefixtures("points")
def test_reimport_updates_a_changed_post_instead_of_adding_the_person(staff_a_client):
    _confirm(staff_a_client, _upload(staff_a_client, [_row()]))
    response = _confirm(staff_a_client, _upload(staff_a_client, [_row(**{"岗位": "转移责任人"})]))
    assert response.status_code == 302
    assert list(ResponsiblePerson.objects.values_list("post", flat=True)) == ["转移责任人"]
    assert AuditEntry.objects.filter(action="floodprep.person.updated").count() == 1


@pytest.mark.usefixtures("points")
def test_reimport_brings_back_a_person_who_had_left(staff_a_client, village_a):
    ResponsiblePersonFactory.create(
        org_unit=village_a, name="张和平", mobile="13812345678", post="社区书记", is_active=False
    )
    _confirm(staff_a_client, _upload(staff_a_client, [_row()]))
    assert ResponsiblePerson.objects.get().is_active


@pytest.mark.usefixtures("points")
def test_the_same_person_twice_in_one_file_is_an_error(staff_a_client):
    assert _errors(_upload(staff_a_client, [_row(), _row(**{"岗位": "转移责任人"})])) == [(3, "")]


@pytest.mark.usefixtures("points")
def test_missing_required_column_is_reported(staff_a_client):
    headers = [title for title in HEADERS if title != "手机号码"]
    assert _errors(_upload(staff_a_client, [_row()], headers=headers)) == [(1, "手机号码")]


def test_a_file_that_is_not_a_workbook_is_refused(staff_a_client, township_a):
    upload = SimpleUploadedFile("名册.xlsx", b"not a zip")
    response = staff_a_client.post(reverse("floodprep:persons_import"), {"file": upload})
    assert _errors(response) == [(None, "")]


@pytest.mark.usefixtures("points")
def test_a_file_is_imported_only_once(staff_a_client):
    preview = _upload(staff_a_client, [_row()])
    first = _confirm(staff_a_client, preview, follow=True)
    second = _confirm(staff_a_client, preview, follow=True)
    assert ("名册已导入：新增1人" in first.content.decode(), "该文件已导入" in second.content.decode()) == (True, True)
    assert ResponsiblePerson.objects.count() == 1


@pytest.mark.usefixtures("points")
def test_another_users_upload_cannot_be_confirmed(staff_a_client, client_for, township_a):
    from tests.factories.org import UserFactory

    preview = _upload(staff_a_client, [_row()])
    colleague = client_for(UserFactory.create(org_unit=township_a, role="township_staff"))
    assert _confirm(colleague, preview).status_code == 404


def test_template_has_the_columns_the_importer_reads(staff_a_client, township_a):
    response = staff_a_client.get(reverse("floodprep:persons_import_template"))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)))[SHEET]
    assert [cell.value for cell in sheet[1]] == HEADERS


@pytest.mark.parametrize("client_name", ["leader_client", "clerk_client", "officer_client"])
def test_only_roster_keepers_may_import(request, client_name):
    assert request.getfixturevalue(client_name).get(reverse("floodprep:persons_import")).status_code == 403


@pytest.mark.usefixtures("points")
def test_a_long_roster_is_imported_by_the_worker_and_its_progress_page_says_so(staff_a_client):
    from org.import_views import ImportSite

    # More rows than a confirmation imports itself (the roster's site keeps the default sync_rows).
    rows = [
        _row(**{"姓名": f"网格员{i}", "层级": "网格", "岗位": "网格员", "手机号码": f"139{i:08d}"})
        for i in range(ImportSite.sync_rows + 1)
    ]
    confirm = _confirm(staff_a_client, _upload(staff_a_client, rows))
    assert confirm.url.startswith(reverse("floodprep:persons_import_progress"))

    page = staff_a_client.get(confirm.url).content.decode()
    assert f"名册已导入：新增{len(rows)}人" in page
    assert ResponsiblePerson.objects.count() == len(rows)
