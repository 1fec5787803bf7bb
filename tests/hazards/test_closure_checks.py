"""Genuine-closure checks (issue 18): flags a leader sees on a closed hazard and in the ledger, never blocks.

Each flag has a fixture built to raise it, and the same walk with an honest photo raises nothing. The
hazard is walked through the pages: a worker reports the rectification with a photo, an officer closes it.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import ExifTags, Image

from hazards import services
from hazards.closure_checks import photo_facts
from hazards.models import ClosureFlag, Hazard, HazardPhoto
from org.audit import audit_trail
from org.periods import Period
from responsibility.registry import load_figures
from tests.factories.hazards import HazardFactory

pytestmark = pytest.mark.django_db

S = Hazard.Status
F = ClosureFlag
FOUND = dt.date(2026, 3, 10)
LAT, LON = Decimal("30.250000"), Decimal("120.160000")


def scene(
    seed: int, size: int = 96, *, taken: str = "", gps: tuple[float, float] | None = None, name: str = "photo.jpg"
) -> SimpleUploadedFile:
    """A photo of a 'scene' (noise from ``seed``: another seed is another scene), with EXIF if asked."""
    pixels = random.Random(seed).randbytes(64 * 64)
    image = Image.frombytes("L", (64, 64), pixels).convert("RGB").resize((size, size))
    exif = Image.Exif()
    if taken:
        exif[0x0132] = taken
    if gps:
        lat, lon = gps
        exif[ExifTags.IFD.GPSInfo] = {1: "N", 2: (lat, 0.0, 0.0), 3: "E", 4: (lon, 0.0, 0.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, exif=exif)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def act(client, hazard: Hazard, action: str, data: dict | None = None):
    return client.post(reverse("hazards:action", args=[hazard.pk, action]), data or {})


@pytest.fixture
def found(township_a, township_a_staff):
    """A hazard of 城关街道 with its discovery photo (scene 1), rectifying; ``found(**fields)`` for another."""

    def make(**fields) -> Hazard:
        hazard = HazardFactory.create(
            org_unit=township_a,
            status=S.RECTIFYING,
            responsible_unit="城关五金加工厂",
            deadline=FOUND + dt.timedelta(days=30),
            found_on=FOUND,
            **fields,
        )
        HazardPhoto.objects.create(
            hazard=hazard, kind=HazardPhoto.Kind.BEFORE, image=scene(1), phash=photo_facts(scene(1))["phash"]
        )
        return hazard

    return make


def closed_with(hazard: Hazard, photo, staff_a_client, officer_client, on: str = "2026-04-02") -> Hazard:
    assert (
        act(staff_a_client, hazard, "rectify", {"note": "已整改", "rectified_on": on, "photos": photo}).status_code
        == 302
    )
    assert act(officer_client, hazard, "reinspect", {"passed": "1", "reinspected_on": on}).status_code == 302
    hazard.refresh_from_db()
    assert hazard.status == S.CLOSED
    return hazard


def test_an_honest_closing_raises_no_flag(found, staff_a_client, officer_client):
    hazard = closed_with(
        found(latitude=LAT, longitude=LON),
        scene(2, taken="2026:04:02 10:00:00", gps=(30.25, 120.16)),
        staff_a_client,
        officer_client,
    )
    assert hazard.closure_flags == []


def test_the_discovery_photo_sent_again_downscaled_is_flagged(found, staff_a_client, officer_client):
    hazard = closed_with(found(), scene(1, size=48), staff_a_client, officer_client)
    assert hazard.closure_flags == [F.SAME_AS_DISCOVERY]


def test_another_hazards_photo_is_flagged(found, township_a, staff_a_client, officer_client):
    other = HazardFactory.create(org_unit=township_a, found_on=FOUND)
    HazardPhoto.objects.create(
        hazard=other, kind=HazardPhoto.Kind.AFTER, image=scene(7), phash=photo_facts(scene(7))["phash"]
    )
    hazard = closed_with(found(), scene(7, size=80), staff_a_client, officer_client)
    assert hazard.closure_flags == [F.SAME_AS_OTHER]


def test_the_same_image_threshold_is_a_setting(found, township_a, staff_a_client, officer_client, settings):
    settings.HAZARD_PHOTO_SAME_DISTANCE = -1  # nothing is ever "the same"
    hazard = closed_with(found(), scene(1, size=48), staff_a_client, officer_client)
    assert hazard.closure_flags == []


def test_a_photo_taken_before_the_hazard_was_found_is_flagged(found, staff_a_client, officer_client):
    hazard = closed_with(found(), scene(2, taken="2026:03:01 09:00:00"), staff_a_client, officer_client)
    assert hazard.closure_flags == [F.TAKEN_BEFORE_FOUND]


def test_the_exif_time_is_read_from_the_file_on_the_server(found, staff_a_client):
    hazard = found()
    act(staff_a_client, hazard, "rectify", {"note": "已整改", "photos": scene(2, taken="2026:04:02 10:30:00")})
    photo = HazardPhoto.objects.get(hazard=hazard, kind=HazardPhoto.Kind.AFTER)
    assert timezone.localtime(photo.taken_at).strftime("%Y-%m-%d %H:%M") == "2026-04-02 10:30"


def test_a_photo_taken_far_from_the_hazard_is_flagged(found, staff_a_client, officer_client):
    # 0.1° of latitude: about 11 km.
    hazard = closed_with(
        found(latitude=LAT, longitude=LON), scene(2, gps=(30.35, 120.16)), staff_a_client, officer_client
    )
    assert hazard.closure_flags == [F.TAKEN_FAR_AWAY]


def test_the_distance_is_a_setting(found, staff_a_client, officer_client, settings):
    settings.HAZARD_PHOTO_FAR_METRES = 20_000
    hazard = closed_with(
        found(latitude=LAT, longitude=LON), scene(2, gps=(30.35, 120.16)), staff_a_client, officer_client
    )
    assert hazard.closure_flags == []


def test_a_position_is_not_judged_when_the_hazard_has_none(found, staff_a_client, officer_client):
    hazard = closed_with(found(), scene(2, gps=(31.5, 121.0)), staff_a_client, officer_client)
    assert hazard.closure_flags == []


def test_a_closing_too_fast_for_its_level_is_flagged(found, staff_a_client, officer_client, settings):
    settings.HAZARD_CLOSE_MIN_DAYS = {"general": 3, "major": 7}
    hazard = closed_with(found(), scene(2), staff_a_client, officer_client, on="2026-03-11")
    assert hazard.closure_flags == [F.TOO_FAST]


def test_a_closing_after_the_levels_days_is_not_flagged(found, staff_a_client, officer_client, settings):
    settings.HAZARD_CLOSE_MIN_DAYS = {"general": 3, "major": 7}
    hazard = closed_with(found(), scene(2), staff_a_client, officer_client, on="2026-03-13")
    assert hazard.closure_flags == []


def test_flags_never_block_and_are_kept_in_the_audit_entry(found, staff_a_client, officer_client):
    hazard = closed_with(found(), scene(1, size=48), staff_a_client, officer_client)
    entry = audit_trail(hazard).get(action="hazards.hazard.reinspect_pass")
    assert entry.data["closure_flags"] == [F.SAME_AS_DISCOVERY]


def test_the_leader_sees_the_flags_on_the_hazard_page(found, staff_a_client, officer_client, leader_client):
    hazard = closed_with(found(), scene(1, size=48), staff_a_client, officer_client)
    html = leader_client.get(reverse("hazards:detail", args=[hazard.pk])).content.decode()
    assert "存疑销号，请核查" in html
    assert "整改照片与发现时的照片为同一图像" in html


def test_a_bulk_closing_flags_too(found, township_a_staff, officer):
    hazard = found()
    services.hazard_rectify(
        acting_user=township_a_staff,
        hazard=hazard,
        note="已整改",
        photos=[scene(1, size=48)],
        rectified_on=dt.date(2026, 4, 2),
    )
    services.hazard_bulk_close(acting_user=officer, hazards=[hazard.pk], closed_on=dt.date(2026, 4, 3), reinspector="")
    hazard.refresh_from_db()
    assert (hazard.status, hazard.closure_flags) == (S.CLOSED, [F.SAME_AS_DISCOVERY])


@pytest.fixture
def ledger(found, township_a, township_b, staff_a_client, officer_client):
    """One doubtful closing and one honest one in 城关街道, an honest one in 青山镇."""
    doubtful = closed_with(found(place_name="存疑五金厂"), scene(1, size=48), staff_a_client, officer_client)
    honest = closed_with(found(place_name="如实五金厂"), scene(3), staff_a_client, officer_client)
    HazardFactory.create(
        org_unit=township_b, place_name="青山砖厂", status=S.CLOSED, found_on=FOUND, closed_on=dt.date(2026, 4, 2)
    )
    return doubtful, honest


def test_the_ledger_filter_lists_the_doubtful_closings_and_counts_them(ledger, leader_client):
    doubtful, honest = ledger
    html = leader_client.get(reverse("hazards:list"), {"doubtful": "on"}).content.decode()
    assert f"/hazards/{doubtful.pk}/" in html
    assert f"/hazards/{honest.pk}/" not in html
    assert "共1项隐患" in html


def test_the_ledger_marks_a_doubtful_closing_with_a_badge(ledger, leader_client):
    assert "data-doubtful" in leader_client.get(reverse("hazards:list"), {"q": "存疑五金厂"}).content.decode()


def test_the_ledger_marks_no_honest_closing(ledger, leader_client):
    assert "data-doubtful" not in leader_client.get(reverse("hazards:list"), {"q": "如实五金厂"}).content.decode()


def test_the_filtered_ledger_takes_no_more_queries_than_the_plain_one(
    ledger, leader_client, django_assert_max_num_queries
):
    from tests.hazards.test_ledger import LEDGER_QUERIES

    with django_assert_max_num_queries(LEDGER_QUERIES):
        leader_client.get(reverse("hazards:list"), {"doubtful": "on"})


def test_the_ranking_reads_the_doubtful_closings_per_township(ledger, city_leader, township_a, township_b):
    _townships, values = load_figures(
        ["hazards.doubtful_closures"],
        user=city_leader,
        period=Period(dt.date(2026, 1, 1), dt.date(2026, 6, 30)),
        today=dt.date(2026, 7, 1),
    )
    assert (values[township_a.pk]["hazards.doubtful_closures"], values[township_b.pk]["hazards.doubtful_closures"]) == (
        1,
        0,
    )


def test_the_ranking_counts_only_closings_in_its_period(ledger, city_leader, township_a):
    _townships, values = load_figures(
        ["hazards.doubtful_closures"],
        user=city_leader,
        period=Period(dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
        today=dt.date(2026, 7, 1),
    )
    assert values[township_a.pk]["hazards.doubtful_closures"] == 0
