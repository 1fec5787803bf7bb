"""A grid worker without signal (issue 18): the entry is kept on the phone, shown as waiting, and saved once
when the connection returns; its photo is downscaled on the phone and keeps its EXIF time and position."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from PIL import Image

from hazards.models import Hazard, HazardPhoto
from tests.browser.conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLACE = "青石岭采石场"


def camera_jpeg(path: Path) -> Path:
    """A 2400×1200 photo as a phone camera writes it: taken 1 May 09:30 at 30.274085 N, 120.155070 E."""
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9003] = "2026:05:01 09:30:00"  # DateTimeOriginal
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (30.0, 16.0, 26.706), 3: "E", 4: (120.0, 9.0, 18.252)})
    Image.new("RGB", (2400, 1200), "orange").save(path, "JPEG", exif=exif, quality=95)
    return path


def fill_entry(page, place: str, photo: Path, description: str = "采石场边坡浮石未清理，下方有作业人员") -> None:
    page.fill("#id_place_name", place)
    page.select_option("#id_sector", label="工贸")
    page.fill("#id_description", description)
    page.set_input_files("#id_photos", str(photo))
    # The phone reads the EXIF and downscales before the entry can be kept or sent.
    page.wait_for_function("() => document.querySelector('#id_photo_meta').value !== ''")


def test_a_hazard_entered_offline_is_kept_then_saved_once_online(journey, township_a, township_a_staff, tmp_path):
    tab = journey("offline-entry", PHONE)
    page = tab.page
    tab.log_in("staff_a")
    tab.goto("/hazards/new/")
    tab.context.set_offline(True)
    fill_entry(page, PLACE, camera_jpeg(tmp_path / "camera.jpg"))
    page.click("main form button[type=submit]:not([name])")
    page.locator("#offline-queue", has_text="1 条待上传").wait_for()
    assert page.locator("[data-offline-notice]").is_visible()
    # The queue and the notice fit the phone: nothing scrolls sideways at 375 px.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    tab.shot("kept-offline")
    assert not Hazard.objects.exists()

    tab.context.set_offline(False)
    page.locator("#offline-queue .badge", has_text="已上传").wait_for(timeout=15000)
    tab.shot("uploaded")
    hazard = Hazard.objects.get()
    assert (hazard.place_name, hazard.photos.count()) == (PLACE, 1)


def test_a_photo_is_downscaled_on_the_phone_and_keeps_its_exif(journey, township_a, township_a_staff, tmp_path):
    tab = journey("photo-exif", PHONE)
    page = tab.page
    tab.log_in("staff_a")
    tab.goto("/hazards/new/")
    fill_entry(page, PLACE, camera_jpeg(tmp_path / "camera.jpg"))
    with page.expect_navigation():
        page.click("main form button[type=submit]:not([name])")
    photo = HazardPhoto.objects.get()
    taken = timezone.localtime(photo.taken_at)
    assert Image.open(photo.image.path).size == (1600, 800)
    assert (photo.gps_lat, photo.gps_lon) == (Decimal("30.274085"), Decimal("120.155070"))
    assert (taken.date(), taken.hour, taken.minute) == (dt.date(2026, 5, 1), 9, 30)


def test_the_same_entry_sent_twice_from_the_phone_makes_one_hazard(journey, township_a, township_a_staff, tmp_path):
    tab = journey("double-post", PHONE)
    page = tab.page
    tab.log_in("staff_a")
    tab.goto("/hazards/new/")
    fill_entry(page, PLACE, camera_jpeg(tmp_path / "camera.jpg"))
    # A double tap, or a retry after the first answer was lost: the same form posted twice.
    urls = page.evaluate("""async () => {
        const data = new FormData(document.querySelector('form[data-offline-entry]'));
        const send = () => fetch(location.pathname, {method: 'POST', body: data}).then(r => r.url);
        return [await send(), await send()];
    }""")
    hazard = Hazard.objects.get()
    assert urls == [f"{tab.base_url}/hazards/{hazard.pk}/"] * 2


def test_a_photo_chosen_before_a_refusal_is_saved_with_the_corrected_hazard(
    journey, township_a, township_a_staff, tmp_path
):
    tab = journey("held-photo", PHONE)
    page = tab.page
    tab.log_in("staff_a")
    tab.goto("/hazards/new/")
    fill_entry(page, PLACE, camera_jpeg(tmp_path / "camera.jpg"), description="")
    with page.expect_navigation():
        page.click("main form button[type=submit]:not([name])")
    assert "已保留您选择的照片（1 张）" in page.locator("[data-held-notice]").inner_text()
    tab.shot("photo-kept")
    page.fill("#id_description", "采石场边坡浮石未清理")
    with page.expect_navigation():
        page.click("main form button[type=submit]:not([name])")
    assert HazardPhoto.objects.filter(hazard=Hazard.objects.get()).count() == 1


def test_an_entry_refused_on_sync_stays_on_the_phone_with_the_reason(
    journey, township_a, township_b, township_a_staff, tmp_path
):
    tab = journey("offline-conflict", PHONE)
    page = tab.page
    tab.log_in("staff_a")
    tab.goto("/hazards/new/")
    tab.context.set_offline(True)
    fill_entry(page, PLACE, camera_jpeg(tmp_path / "camera.jpg"))
    page.click("main form button[type=submit]:not([name])")
    page.locator("#offline-queue", has_text="1 条待上传").wait_for()
    # Meanwhile the worker was moved to another township: the kept entry's township is no longer theirs.
    township_a_staff.org_unit = township_b
    township_a_staff.save(update_fields=["org_unit"])

    tab.context.set_offline(False)
    page.locator("#offline-queue .badge", has_text="未能保存").wait_for(timeout=15000)
    assert "1 条待上传" in page.locator("#offline-queue").inner_text()
    assert "镇街：" in page.locator("#offline-queue .text-danger").inner_text()
    tab.shot("conflict")
    assert not Hazard.objects.exists()
    with page.expect_navigation():
        page.locator("#offline-queue a", has_text="在表单中打开").click()
    assert page.input_value("#id_place_name") == PLACE
    tab.shot("conflict-reopened")
