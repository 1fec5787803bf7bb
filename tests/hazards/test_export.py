"""The ledger's Excel export: the same rows as the ledger, streamed, safe to open."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from hazards.exporters import (
    LEVEL_LABELS,
    SOURCE_LABELS,
    STATUS_LABELS,
    SUPERVISION_LABELS,
    HazardLedgerExporter,
)
from hazards.models import Hazard
from org.models import ExportJob
from tests.factories.hazards import CampaignFactory, CriterionFactory, HazardFactory, sector

pytestmark = pytest.mark.django_db


def _sheet(content: bytes) -> Worksheet:
    sheet = load_workbook(io.BytesIO(content)).active
    assert isinstance(sheet, Worksheet)
    return sheet


def _export(client: Client, query: str, capture) -> Worksheet:
    """POST the ledger's export button, follow to the job page, download the file."""
    with capture(execute=True):
        response = client.post(f"{reverse('hazards:export')}?{query}")
    assert response.status_code == 302
    job_page = client.get(response["Location"])
    assert job_page.status_code == 200
    job = job_page.context["job"]
    assert job.status == ExportJob.Status.DONE
    download = client.get(reverse("org:export_job_download", args=[job.pk]))
    return _sheet(download.getvalue())


def _data_rows(sheet: Worksheet) -> list[tuple]:
    return list(sheet.iter_rows(min_row=2, values_only=True))


@pytest.fixture
def mixed_ledger(township_a, township_b, village_a) -> None:
    HazardFactory.create_batch(3, org_unit=township_a, village=village_a, sector=sector("消防"))
    HazardFactory.create_batch(2, org_unit=township_a, sector=sector("工贸"))
    HazardFactory.create_batch(4, org_unit=township_b, sector=sector("消防"))


@pytest.mark.usefixtures("mixed_ledger")
def test_export_has_the_ledger_rows_for_the_filter(staff_a_client, township_a, django_capture_on_commit_callbacks):
    fire = sector("消防")
    sheet = _export(staff_a_client, f"sector={fire.pk}&township={township_a.pk}", django_capture_on_commit_callbacks)
    rows = _data_rows(sheet)
    assert [c.value for c in sheet[1]] == HazardLedgerExporter().headers
    assert len(rows) == Hazard.objects.filter(org_unit=township_a, sector=fire).count() == 3
    assert {(r[1], r[6]) for r in rows} == {("城关街道", "消防")}


@pytest.mark.usefixtures("mixed_ledger")
def test_township_staff_export_leaves_out_other_townships(
    staff_a_client, township_b, django_capture_on_commit_callbacks
):
    # Township A's staff naming township B in the query gets their own rows, never B's.
    sheet = _export(staff_a_client, f"township={township_b.pk}", django_capture_on_commit_callbacks)
    rows = _data_rows(sheet)
    assert len(rows) == 5
    assert "青山镇" not in {r[1] for r in rows}


@pytest.mark.usefixtures("mixed_ledger")
def test_leader_export_filtered_by_township(leader_client, township_b, django_capture_on_commit_callbacks):
    sheet = _export(leader_client, f"township={township_b.pk}", django_capture_on_commit_callbacks)
    assert {r[1] for r in _data_rows(sheet)} == {"青山镇"}
    assert len(_data_rows(sheet)) == 4


def test_typed_text_that_looks_like_a_formula_is_written_as_text(township_a):
    HazardFactory.create(
        org_unit=township_a,
        place_name='=HYPERLINK("http://evil.example","点我")',
        description="+1+2",
        responsible_unit="@SUM(A1)",
        measures="-2+3",
    )
    content = HazardLedgerExporter().write_xlsx(Hazard.objects.all())
    row = _sheet(content)[2]
    cells = [row[3], row[9], row[13], row[15]]
    assert [c.data_type for c in cells] == ["s"] * 4
    assert row[3].value == '=HYPERLINK("http://evil.example","点我")'
    assert all(c.quotePrefix for c in cells)


def test_a_row_has_every_column_in_order(township_a, village_a):
    campaign = CampaignFactory.create(name="安全生产治本攻坚")
    criterion = CriterionFactory.create(clause="第十一条第（三）项")
    hazard = HazardFactory.create(
        org_unit=township_a,
        village=village_a,
        campaign=campaign,
        criterion=criterion,
        sector=sector("工贸"),
        place_name="城关木业",
        credit_code="91330100MA2XXXXX0X",
        address="城关街道工业路1号",
        level=Hazard.Level.MAJOR,
        status=Hazard.Status.RECTIFYING,
        found_on=dt.date(2026, 3, 10),
        responsible_unit="城关木业有限公司",
        responsible_person="王五",
        measures="加装泄爆装置",
        deadline=dt.date(2026, 4, 10),
        supervision_level=Hazard.SupervisionLevel.CITY,
        delisted_on=dt.date(2026, 4, 20),
        rectification_note="已订购设备",
    )
    rows = list(HazardLedgerExporter(today=dt.date(2026, 5, 1)).iterate_rows(Hazard.objects.all()))
    assert rows == [
        [
            1,
            "城关街道",
            "和平社区",
            "城关木业",
            "91330100MA2XXXXX0X",
            "城关街道工业路1号",
            "工贸",
            "安全生产治本攻坚",
            SOURCE_LABELS.get(hazard.source),
            hazard.description,
            LEVEL_LABELS.get("major"),
            "工贸企业重大事故隐患判定标准（2023） 第十一条第（三）项",
            dt.date(2026, 3, 10),
            "城关木业有限公司",
            "王五",
            "加装泄爆装置",
            dt.date(2026, 4, 10),
            STATUS_LABELS.get("rectifying"),
            "是",
            None,
            f"{SUPERVISION_LABELS.get('city')}（已摘牌）",
            "已订购设备",
        ]
    ]


def test_optional_columns_are_blank_and_a_closed_hazard_is_not_overdue(township_a):
    HazardFactory.create(
        org_unit=township_a, status=Hazard.Status.CLOSED, deadline=dt.date(2026, 4, 10), closed_on=dt.date(2026, 4, 9)
    )
    (row,) = HazardLedgerExporter(today=dt.date(2026, 5, 1)).iterate_rows(Hazard.objects.all())
    assert [row[2], row[7], row[11], row[18], row[20]] == ["", "", "", "否", ""]


def test_dates_are_real_dates_with_a_date_format(township_a):
    HazardFactory.create(org_unit=township_a, found_on=dt.date(2026, 3, 10), deadline=dt.date(2026, 4, 10))
    content = HazardLedgerExporter().write_xlsx(Hazard.objects.all())
    found = _sheet(content)["M2"]
    assert found.value == dt.datetime(2026, 3, 10)
    assert found.number_format == "yyyy-mm-dd"


def test_iterate_rows_reads_the_ledger_in_one_query(township_a, village_a, django_assert_num_queries):
    HazardFactory.create_batch(5, org_unit=township_a, village=village_a)
    with django_assert_num_queries(1):
        rows = list(HazardLedgerExporter().iterate_rows(Hazard.objects.all()))
    assert len(rows) == 5


def test_progress_is_reported_as_rows_are_written(township_a):
    HazardFactory.create_batch(3, org_unit=township_a)
    calls: list[tuple[int, int]] = []
    HazardLedgerExporter().write_xlsx(Hazard.objects.all(), progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (3, 3)


def test_export_with_no_matching_rows_goes_back_to_the_ledger(staff_a_client, township_a):
    response = staff_a_client.post(reverse("hazards:export") + "?q=nothing")
    assert response.status_code == 302
    assert not ExportJob.objects.exists()


def test_export_needs_login(client):
    response = client.post(reverse("hazards:export"))
    assert response.status_code == 302
    assert "login" in response.url
