"""A photo chosen on an entry form that is then refused is kept for the user and saved with the hazard."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from hazards.models import Hazard, HazardPhoto
from org.holding import FIELD, HeldUpload, held_uploads_purge
from tests.factories.hazards import hazard_form_data, tiny_png

pytestmark = pytest.mark.django_db


def refuse(client, township, *photos):
    """A post with an empty description, refused at that field, with the photos chosen."""
    return client.post(reverse("hazards:create"), hazard_form_data(township, description="", photos=list(photos)))


def held_ids(response) -> list[str]:
    return re.findall(rf'name="{FIELD}" value="(\d+)"', response.content.decode())


def test_a_refused_form_says_the_chosen_photo_was_kept(staff_a_client, township_a):
    html = refuse(staff_a_client, township_a, tiny_png("车间.png")).content.decode()
    assert "已保留您选择的照片（1 张）" in html
    assert "车间.png" in html


def test_the_kept_photo_is_saved_with_the_corrected_hazard(staff_a_client, township_a):
    ids = held_ids(refuse(staff_a_client, township_a, tiny_png()))
    staff_a_client.post(reverse("hazards:create"), hazard_form_data(township_a, **{FIELD: ids}))
    assert HazardPhoto.objects.filter(hazard=Hazard.objects.get(), kind=HazardPhoto.Kind.BEFORE).count() == 1


def test_a_kept_photo_is_released_once_saved(staff_a_client, township_a):
    ids = held_ids(refuse(staff_a_client, township_a, tiny_png()))
    staff_a_client.post(reverse("hazards:create"), hazard_form_data(township_a, **{FIELD: ids}))
    assert not HeldUpload.objects.exists()


def test_a_second_refusal_keeps_both_the_old_and_the_new_photo(staff_a_client, township_a):
    ids = held_ids(refuse(staff_a_client, township_a, tiny_png("one.png")))
    response = staff_a_client.post(
        reverse("hazards:create"),
        hazard_form_data(township_a, description="", photos=[tiny_png("two.png")], **{FIELD: ids}),
    )
    assert len(held_ids(response)) == 2
    assert "已保留您选择的照片（2 张）" in response.content.decode()


def test_another_users_kept_photo_cannot_be_attached(staff_a_client, staff_b_client, township_a, township_b):
    ids = held_ids(refuse(staff_a_client, township_a, tiny_png()))
    staff_b_client.post(reverse("hazards:create"), hazard_form_data(township_b, **{FIELD: ids}))
    assert not HazardPhoto.objects.exists()


def test_an_expired_kept_photo_is_not_attached(staff_a_client, township_a):
    ids = held_ids(refuse(staff_a_client, township_a, tiny_png()))
    HeldUpload.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    staff_a_client.post(reverse("hazards:create"), hazard_form_data(township_a, **{FIELD: ids}))
    assert not HazardPhoto.objects.exists()


def test_expired_kept_photos_are_purged_with_their_files(staff_a_client, township_a):
    refuse(staff_a_client, township_a, tiny_png())
    held = HeldUpload.objects.get()
    storage, name = held.file.storage, held.file.name
    assert name is not None
    assert held_uploads_purge(now=held.expires_at + dt.timedelta(seconds=1)) == 1
    assert not storage.exists(name)


def test_a_file_that_is_not_a_photo_is_not_kept(staff_a_client, township_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    refuse(staff_a_client, township_a, SimpleUploadedFile("x.png", b"<svg></svg>", content_type="image/png"))
    assert not HeldUpload.objects.exists()


def test_a_kept_photo_counts_towards_the_cap_on_pending_uploads(staff_a_client, township_a, settings):
    settings.UPLOAD_PENDING_QUOTA_MB = 0
    html = refuse(staff_a_client, township_a, tiny_png()).content.decode()
    assert not HeldUpload.objects.exists()
    assert "已保留您选择的照片" not in html
