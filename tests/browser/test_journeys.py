"""The three journeys the portal exists for, in a real browser (issue 9).

1. A grid worker on a phone enters a hazard with a photo and follows it to closure.
2. A leader watches the dashboard count change and clicks through to the records.
3. A clerk drafts the half-year summary, edits a paragraph and downloads the PDF and the Excel annex.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from PIL import Image

from hazards.models import Hazard, HazardPhoto
from reports.models import SummaryReport
from tests.browser.conftest import DESK, PHONE
from tests.factories.hazards import HazardFactory, sector

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLACE = "城关五金加工厂"
EDITED = "经人工修改：上半年共排查隐患6处，整改完成4处，整改完成率66.7%，剩余隐患全部落实限期整改。"


def _jpeg(path: Path, colour: str) -> Path:
    Image.new("RGB", (64, 48), colour).save(path, "JPEG")
    return path


def _loaded_images(page) -> list[int]:
    """Natural widths of the photos on the page: 0 means the browser could not show one."""
    return page.eval_on_selector_all("img.photo-thumb", "imgs => imgs.map(i => i.complete ? i.naturalWidth : 0)")


def test_grid_worker_follows_a_hazard_from_the_phone_to_closure(
    journey, township_a, village_a, township_a_staff, officer, tmp_path
):
    tab = journey("1-grid-worker", PHONE)
    page = tab.page
    tab.log_in("staff_a")
    tab.shot("landing")

    # The phone menu: burger, then Hazards, then New hazard.
    page.click(".navbar-toggler")
    page.click("#mainNav .dropdown-toggle >> nth=0")
    page.click("#mainNav a[href='/hazards/new/']")
    page.fill("#id_place_name", PLACE)
    page.select_option("#id_sector", label="消防")
    page.fill("#id_description", "二楼疏散通道堆放纸箱，安全出口指示灯损坏")
    page.set_input_files("#id_photos", str(_jpeg(tmp_path / "before.jpg", "red")))
    tab.shot("entry-form")
    with page.expect_navigation():
        page.click("main form button[type=submit]:not([name])")
    hazard = Hazard.objects.get(place_name=PLACE)
    assert page.url.endswith(f"/hazards/{hazard.pk}/")
    assert _loaded_images(page) == [64]
    tab.shot("saved")

    tab.goto("/hazards/")
    assert page.locator(f"#ledger a[href='/hazards/{hazard.pk}/']").first.is_visible()
    tab.shot("ledger")
    page.locator(f"#ledger a[href='/hazards/{hazard.pk}/']").first.click()

    deadline = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    page.fill(f"form[action='/hazards/{hazard.pk}/assign/'] [name=responsible_unit]", "城关五金加工厂")
    page.fill(f"form[action='/hazards/{hazard.pk}/assign/'] [name=deadline]", deadline)
    tab.shot("assign")
    with page.expect_navigation():
        page.click(f"form[action='/hazards/{hazard.pk}/assign/'] button")

    rectify = f"form[action='/hazards/{hazard.pk}/rectify/']"
    page.click(f"details:has({rectify}) > summary")
    page.fill(f"{rectify} [name=note]", "纸箱已清理，指示灯已更换")
    page.set_input_files(f"{rectify} [name=photos]", str(_jpeg(tmp_path / "after.jpg", "green")))
    tab.shot("rectify")
    with page.expect_navigation():
        page.click(f"{rectify} button")

    # Separation of duties: the worker who reported the rectification is not offered its re-inspection.
    reinspect = f"form[action='/hazards/{hazard.pk}/reinspect/']"
    assert page.locator(reinspect).count() == 0
    assert "复查和销号须由他人完成" in page.locator("[data-duty-refusal]").inner_text()
    tab.shot("own-reinspection-refused")

    # An officer re-inspects and closes it.
    tab = journey("1-grid-worker-officer", PHONE)
    page = tab.page
    tab.log_in("officer")
    tab.goto(f"/hazards/{hazard.pk}/")
    page.check(f"{reinspect} input[name=passed][value='1']")
    tab.shot("reinspect")
    with page.expect_navigation():
        page.click(f"{reinspect} button")
    tab.shot("closed")

    hazard.refresh_from_db()
    assert hazard.status == Hazard.Status.CLOSED
    assert sorted(HazardPhoto.objects.filter(hazard=hazard).values_list("kind", flat=True)) == ["after", "before"]
    assert _loaded_images(page) == [64, 64]


def test_leader_sees_the_dashboard_count_change_and_clicks_through_to_the_records(journey, township_a, city_leader):
    HazardFactory.create(org_unit=township_a, found_on=timezone.localdate())
    tab = journey("2-leader", DESK)
    page = tab.page
    tab.log_in("leader")
    found = page.locator("[data-kpi=hazards_found] .kpi-value")
    before = int(found.inner_text().replace(",", ""))
    tab.shot("dashboard")

    HazardFactory.create(
        org_unit=township_a, found_on=timezone.localdate(), place_name="新发现的加油站", sector=sector("工贸")
    )
    page.reload()
    assert int(found.inner_text().replace(",", "")) == before + 1
    tab.shot("dashboard-after")

    with page.expect_navigation():
        page.click("[data-kpi=hazards_found]")
    assert page.url.split("?")[0].endswith("/hazards/")
    tab.shot("records")
    with page.expect_navigation():
        page.locator("#ledger a", has_text="新发现的加油站").first.click()
    assert "新发现的加油站" in page.locator("h1").inner_text()
    tab.shot("record")


def _download(tab, button: str, tmp_path: Path) -> Path:
    """Generate a file, wait for the export page to offer it, and download it as the browser would."""
    page = tab.page
    with page.expect_navigation():
        page.click(button)
    link = page.locator("#export-job a[href*='/download/']")
    link.wait_for(timeout=60_000)
    tab.shot("export-ready")
    with page.expect_download() as info:
        link.click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    return path


def test_clerk_edits_the_half_year_summary_and_downloads_pdf_and_annex(journey, city, clerk, half_year, tmp_path):
    tab = journey("3-clerk", DESK)
    page = tab.page
    tab.log_in("clerk")
    tab.goto("/reports/new/")
    page.fill("#id_year", "2026")
    page.select_option("#id_half", "1")
    page.fill("#id_as_of", "2026-06-30")
    tab.shot("new-summary")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    report = SummaryReport.objects.get()
    assert page.url.endswith(f"/reports/{report.pk}/")

    page.click("#section-hazards button[hx-get]")
    body = page.locator("form#section-hazards textarea[name=body]")
    body.fill(EDITED)
    tab.shot("edit-paragraph")
    page.click("form#section-hazards button[type=submit]")
    page.locator("#section-hazards p", has_text=EDITED).wait_for()
    tab.shot("paragraph-saved")
    assert report.sections.get(key="hazards").body == EDITED

    pdf = _download(tab, f"form[action='/reports/{report.pk}/generate/pdf/'] button", tmp_path)
    tab.goto(f"/reports/{report.pk}/")
    annex = _download(tab, f"form[action='/reports/{report.pk}/generate/xlsx/'] button", tmp_path)

    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert EDITED in "".join(text.split())
    sheet = load_workbook(BytesIO(annex.read_bytes()), data_only=True)["隐患-按镇街"]
    total = next(row for row in sheet.iter_rows(values_only=True) if row[0] == "合计")
    assert total[1:3] == (6, 4)  # found, rectified: the hand-counted half year
