"""Backlog import of inspections with their findings (issue 15): one row per finding, the rows of one township,
date and unit one inspection. The template carries its dropdowns; the dry run names every bad cell in Chinese
and writes nothing; a good file writes its inspections, officers and findings with an audit entry each; the
half-year summary counts them by the stated date; a second import, or an inspection entered by hand, adds
nothing; a long file goes to a worker, its confirmation claimed once."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from enforcement.importers_inspections import INSPECTIONS
from enforcement.models import Finding, Inspection
from enforcement.tasks import import_enforcement_records_task
from enforcement.urls import IMPORT_SITE
from org import imports
from org.closed_periods import ClosedPeriod
from org.models import AuditEntry, ExportJob, Role
from tests.factories.enforcement import InspectionFactory, OfficerFactory
from tests.factories.enterprises import EnterpriseFactory
from tests.factories.hazards import CampaignFactory, sector
from tests.factories.org import UserFactory
from tests.factories.reports import draft_report
from tests.spreadsheets import upload

pytestmark = pytest.mark.django_db

TITLES = [column.title for column in INSPECTIONS.columns]
MARCH = dt.date(2026, 3, 10)
FIRST: dict[str, Any] = {
    "检查日期": MARCH,
    "镇街": "城关街道",
    "被检查单位": "城关建材厂",
    "行业领域": "工贸",
    "检查类型": "日常检查",
    "执法人员": "张执法、赵执法",
    "发现问题": "消防通道堵塞",
    "违反的条款或判定依据": "《消防法》第二十八条",
    "当场整改": "是",
}
SECOND = {
    **FIRST,
    "发现问题": "未按规定设置安全警示标志",
    "违反的条款或判定依据": None,
    "当场整改": "否",
    "重大事故隐患": "是",
}
OTHER = {
    **FIRST,
    "检查日期": dt.date(2026, 8, 12),
    "被检查单位": "青松五金厂",
    "发现问题": None,
    "违反的条款或判定依据": None,
    "当场整改": None,
}


@pytest.fixture(autouse=True)
def _cast(bureau_unit, township_a, township_b, officer, partner):
    sector("工贸")


def _letter(title: str) -> str:
    return get_column_letter(TITLES.index(title) + 1)


def _xlsx(rows: list[dict[str, Any]]) -> SimpleUploadedFile:
    return upload(INSPECTIONS.sheet, TITLES, rows, "检查台账.xlsx")


def _upload(client: Client, rows: list[dict[str, Any]]):
    return client.post(reverse("enforcement:inspection_import"), {"file": _xlsx(rows)})


def _import(client: Client, rows: list[dict[str, Any]]):
    preview = _upload(client, rows)
    assert preview.context["token"], [e.message for e in preview.context["result"].errors]
    return client.post(reverse("enforcement:inspection_import_confirm"), {"token": preview.context["token"]})


def test_the_template_has_its_columns_dropdowns_and_instructions(clerk_client):
    response = clerk_client.get(reverse("enforcement:inspection_import_template"))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook[INSPECTIONS.sheet]
    assert [c.value for c in sheet[1]] == TITLES
    lists = {
        str(c.value)
        for ws in workbook.worksheets
        if ws.sheet_state != "visible"
        for row in ws.iter_rows()
        for c in row
        if c.value
    }
    assert {"城关街道", "青山镇", "工贸", "联合执法", "是", "否"} <= lists
    validated = {str(v.sqref).split(":")[0].rstrip("0123456789") for v in sheet.data_validations.dataValidation}
    assert {_letter("镇街"), _letter("行业领域"), _letter("检查类型"), _letter("当场整改")} <= validated
    assert "填写说明" in workbook.sheetnames


def test_the_dry_run_lists_every_bad_cell_in_chinese_and_writes_nothing(clerk_client):
    CampaignFactory.create(name="燃气安全专项整治", start=dt.date(2026, 5, 1), end=dt.date(2026, 9, 30))
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    rows = [
        {**FIRST, "检查日期": tomorrow},  # row 2
        {**FIRST, "被检查单位": "一人检查厂", "执法人员": "张执法"},  # row 3: one officer
        {**FIRST, "被检查单位": "无名检查厂", "执法人员": "张执法、孙无名"},  # row 4: nobody of that name
        {**FIRST, "被检查单位": "专项厂", "专项行动": "燃气安全专项整治"},  # row 5: March, campaign from May
        FIRST,  # row 6: good
        {**SECOND, "行业领域": "消防"},  # row 7: the same inspection as row 6 says another sector
        FIRST,  # row 8: row 6 again
        {**OTHER, "违反的条款或判定依据": "第十条"},  # row 9: a provision but no problem
        {**SECOND, "被检查单位": "一人检查厂", "执法人员": "张执法", "行业领域": "消防"},  # row 10: row 3's inspection
    ]
    sector("消防")
    response = _upload(clerk_client, rows)
    page = response.content.decode()
    cells = {getattr(e, "cell", "") or f"row {e.row}": e.message for e in response.context["result"].errors}
    assert cells == {
        f"{_letter('检查日期')}2": "日期不能晚于今天。",
        f"{_letter('执法人员')}3": "依法执法人员不得少于两人。",
        f"{_letter('执法人员')}4": "您的辖区内没有名为孙无名的在职执法人员。",
        f"{_letter('专项行动')}5": "日期2026-03-10不在专项行动“燃气安全专项整治”的开展时间"
        "（2026-05-01至2026-09-30）内，不能计入该专项行动。",
        f"{_letter('行业领域')}7": "同一记录的第6行此处为“工贸”；同一记录的各行必须一致。",
        "row 8": "与第6行是同一条记录。",
        f"{_letter('发现问题')}9": "请填写发现的问题。",
        f"{_letter('执法人员')}10": "依法执法人员不得少于两人。",
        f"{_letter('行业领域')}10": "同一记录的第3行此处为“工贸”；同一记录的各行必须一致。",
    }
    for message in cells.values():
        assert message in page
    assert response.context["token"] == ""
    assert not Inspection.objects.exists()


def test_a_township_outside_the_users_area_is_refused_at_its_cell(client_for, district_a):
    district_clerk = UserFactory.create(username="clerk_da", org_unit=district_a, role=Role.CLERK)
    response = _upload(client_for(district_clerk), [{**FIRST, "镇街": "青山镇"}])
    [error] = response.context["result"].errors
    assert (error.cell, error.message) == (f"{_letter('镇街')}2", "您的辖区内没有这个名称的单位。")
    assert not Inspection.objects.exists()


def test_a_good_file_writes_its_inspections_findings_and_audit_entries(clerk_client, clerk, officer, partner):
    response = _import(clerk_client, [FIRST, SECOND, OTHER])
    assert response.status_code == 302
    march, august = Inspection.objects.order_by("inspected_on")
    assert (march.unit_name, march.inspected_on, august.inspected_on) == ("城关建材厂", MARCH, dt.date(2026, 8, 12))
    assert set(march.officers.all()) == {officer, partner}
    assert (march.issuer.name, march.recorded_by, bool(march.import_key)) == ("临江市应急管理局", clerk, True)
    assert sorted(march.findings.values_list("handling", "is_major", "legal_basis")) == [
        (Finding.Handling.ON_SPOT, False, "《消防法》第二十八条"),
        (Finding.Handling.ORDER, True, ""),
    ]
    assert not august.findings.exists()
    created = AuditEntry.objects.filter(action="enforcement.inspection.created", data__imported=True)
    assert list(created.order_by("target_id").values_list("target_id", flat=True)) == [march.pk, august.pk]
    assert AuditEntry.objects.filter(action="enforcement.finding.added", data__imported=True).count() == 2


def test_the_summary_counts_imported_inspections_by_their_stated_date(clerk_client, clerk, city):
    _import(clerk_client, [FIRST, SECOND, OTHER])  # entered in December: March counts in the first half
    first_half = draft_report(clerk=clerk, scope=city).sections.get(key="enforcement").body
    second_half = (
        draft_report(
            clerk=clerk,
            scope=city,
            start=dt.date(2026, 7, 1),
            end=dt.date(2026, 12, 31),
            title="临江市应急管理局2026年下半年工作总结",
        )
        .sections.get(key="enforcement")
        .body
    )
    assert first_half.startswith("共检查单位1家次，发现隐患2处")
    assert second_half.startswith("共检查单位1家次")
    assert "发现隐患" not in second_half.split("。")[0]


def test_a_second_import_or_an_inspection_entered_by_hand_adds_nothing(clerk_client, township_a, bureau_unit):
    InspectionFactory.create(
        org_unit=township_a, issuer=bureau_unit, unit_name="青松五金厂", inspected_on=dt.date(2026, 8, 12)
    )
    _import(clerk_client, [FIRST, SECOND, OTHER])
    again = _upload(clerk_client, [FIRST, SECOND, OTHER])
    assert (again.context["result"].to_create, again.context["result"].duplicates) == (0, 2)
    assert Inspection.objects.count() == 2
    assert Finding.objects.count() == 2


def test_a_date_inside_an_approved_period_is_refused_at_its_cell(clerk_client, township_a, monkeypatch):
    approved = ClosedPeriod(township_a.path, dt.date(2026, 1, 1), dt.date(2026, 6, 30), "2026年上半年工作总结")
    monkeypatch.setattr(imports, "closed_periods", lambda **kwargs: [approved])
    response = _upload(clerk_client, [FIRST, OTHER])
    [error] = response.context["result"].errors
    assert error.cell == f"{_letter('检查日期')}2"
    assert "2026年上半年工作总结" in error.message


def test_the_inspection_list_offers_the_import_to_those_who_may_import(clerk_client, staff_a_client):
    link = reverse("enforcement:inspection_import")
    assert link in clerk_client.get(reverse("enforcement:inspection_list")).content.decode()
    assert link not in staff_a_client.get(reverse("enforcement:inspection_list")).content.decode()
    assert _upload(staff_a_client, [FIRST]).status_code == 403


def test_a_long_file_is_imported_by_a_worker_and_its_page_shows_the_outcome(clerk_client, monkeypatch):
    monkeypatch.setattr(IMPORT_SITE, "sync_rows", 2)
    response = _import(clerk_client, [FIRST, SECOND, OTHER])
    assert "progress" in response.url
    page = clerk_client.get(response.url).content.decode()
    assert "已导入2条记录" in page
    assert Inspection.objects.count() == 2


def test_a_long_files_confirmation_leaves_the_check_to_the_worker(clerk_client, monkeypatch):
    monkeypatch.setattr(IMPORT_SITE, "sync_rows", 2)
    preview = _upload(clerk_client, [FIRST, SECOND, OTHER])
    checks = []
    real = imports.check_file

    def counted_check(*args, **kwargs):
        checks.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(imports, "check_file", counted_check)
    clerk_client.post(reverse("enforcement:inspection_import_confirm"), {"token": preview.context["token"]})
    assert len(checks) == 1  # the worker's (eager here), not the request's as well
    assert Inspection.objects.count() == 2


def test_a_confirmation_is_claimed_once(clerk, officer):
    content = _xlsx([FIRST]).read()
    job = imports.import_job_create(
        spec=INSPECTIONS,
        acting_user=clerk,
        content=content,
        filename="a.xlsx",
        rows=1,
        task=import_enforcement_records_task,
        upload="imports/a.xlsx",
    )
    with pytest.raises(imports.ImportAlreadyConfirmed):
        imports.import_job_create(
            spec=INSPECTIONS,
            acting_user=clerk,
            content=content,
            filename="a.xlsx",
            rows=1,
            task=import_enforcement_records_task,
            upload="imports/a.xlsx",
        )
    assert ExportJob.objects.filter(kind=INSPECTIONS.job_kind).count() == 1
    assert ExportJob.objects.get(pk=job.pk).status == ExportJob.Status.DONE
    assert Inspection.objects.count() == 1


def test_an_officer_of_two_names_is_matched_by_user_name(clerk_client, city):
    OfficerFactory.create(username="zhang2", display_name="张执法", org_unit=city)
    response = _upload(clerk_client, [FIRST])
    [error] = response.context["result"].errors
    assert "用户名" in error.message
    assert _upload(clerk_client, [{**FIRST, "执法人员": "officer、赵执法"}]).context["token"]


def test_the_import_pages_speak_chinese(clerk_client):
    from tests.responsibility.test_imports import _visible_words

    pages = [
        clerk_client.get(reverse("enforcement:inspection_import")),
        _upload(clerk_client, [{**FIRST, "镇街": "不存在镇"}]),
        _upload(clerk_client, [FIRST, SECOND]),
    ]
    assert [_visible_words(page.content.decode()) for page in pages] == [[], [], []]


def test_an_imported_inspection_naming_a_registered_firm_points_at_it(clerk_client, township_a):
    firm = EnterpriseFactory.create(org_unit=township_a, name="城关建材厂", former_names="城关建材加工厂")
    _import(clerk_client, [FIRST, SECOND, {**OTHER, "被检查单位": "城关建材加工厂"}, {**OTHER, "检查日期": MARCH}])
    assert set(Inspection.objects.filter(enterprise=firm).values_list("unit_name", flat=True)) == {
        "城关建材厂",
        "城关建材加工厂",
    }
    assert not Inspection.objects.filter(unit_name="青松五金厂", enterprise__isnull=False).exists()
