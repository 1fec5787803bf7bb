"""The EXIF time and position a phone read from a photo before downscaling it are kept on the photo."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from hazards.models import HazardPhoto
from org.holding import FIELD
from tests.factories.hazards import hazard_form_data, tiny_png

pytestmark = pytest.mark.django_db

META = [{"taken_at": "2026-05-01T09:30:00", "gps_lat": "30.274085", "gps_lon": "120.155070"}]


def create(client, township, meta, **extra):
    data = hazard_form_data(township, photos=[tiny_png()], photo_meta=json.dumps(meta), **extra)
    return client.post(reverse("hazards:create"), data)


def test_a_photos_exif_time_is_kept_in_the_portals_zone(staff_a_client, township_a):
    create(staff_a_client, township_a, META)
    taken = timezone.localtime(HazardPhoto.objects.get().taken_at)
    assert (taken.date(), taken.hour, taken.minute) == (dt.date(2026, 5, 1), 9, 30)


def test_a_photos_exif_position_is_kept(staff_a_client, township_a):
    create(staff_a_client, township_a, META)
    photo = HazardPhoto.objects.get()
    assert (photo.gps_lat, photo.gps_lon) == (Decimal("30.274085"), Decimal("120.155070"))


def test_a_position_off_the_globe_is_dropped_and_the_hazard_saved(staff_a_client, township_a):
    response = create(staff_a_client, township_a, [{"gps_lat": "930", "gps_lon": "120", "taken_at": "昨天"}])
    photo = HazardPhoto.objects.get()
    assert response.status_code == 302
    assert (photo.gps_lat, photo.taken_at) == (None, None)


def test_damaged_exif_field_does_not_refuse_the_hazard(staff_a_client, township_a):
    data = hazard_form_data(township_a, photos=[tiny_png()], photo_meta="{not json")
    assert staff_a_client.post(reverse("hazards:create"), data).status_code == 302


def test_a_kept_photo_keeps_its_exif_through_a_refusal(staff_a_client, township_a):
    refused = create(staff_a_client, township_a, META, description="")
    ids = re.findall(rf'name="{FIELD}" value="(\d+)"', refused.content.decode())
    staff_a_client.post(reverse("hazards:create"), hazard_form_data(township_a, **{FIELD: ids}))
    assert HazardPhoto.objects.get().gps_lon == Decimal("120.155070")
