"""Uploads have a life cycle (issue 17): a refused upload is never stored, a checked one waits for its
confirmation for a while and is then removed, an imported original is kept, and a user's pending uploads
are capped."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from hazards.models import Hazard
from org.retention import files_remove_expired
from org.uploads import pending_upload_name
from tests.hazards.test_import import _good_rows, _row, _xlsx

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("township_a", "village_a", "township_b")]


def _files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT) / "imports"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _waiting(owner, *, age=dt.timedelta(0), size=10) -> Path:
    """A checked upload of ``owner``'s waiting for its confirmation (org.uploads.pending_upload_name)."""
    name = default_storage.save(pending_upload_name(owner), ContentFile(b"x" * size))
    path = Path(default_storage.path(name))
    then = (timezone.now() - age).timestamp()
    os.utime(path, (then, then))
    return path


@pytest.mark.parametrize(
    "upload",
    [
        pytest.param(lambda: _xlsx([*_good_rows(), _row(**{"发现日期": "2026-13-45"})]), id="a bad cell"),
        pytest.param(lambda: SimpleUploadedFile("隐患.xlsx", b"\x00junk" * 200_000), id="junk named .xlsx"),
    ],
)
def test_a_refused_upload_leaves_no_file_on_disk(staff_a_client, settings, upload):
    response = staff_a_client.post(reverse("hazards:import"), {"file": upload()})

    assert response.context["token"] == ""  # nothing to confirm
    assert _files(settings) == []


def test_a_clean_upload_waits_on_disk_for_its_confirmation(staff_a_client, settings):
    staff_a_client.post(reverse("hazards:import"), {"file": _xlsx(_good_rows())})

    assert len(_files(settings)) == 1


def test_a_confirmed_upload_leaves_no_file_waiting(staff_a_client, settings):
    preview = staff_a_client.post(reverse("hazards:import"), {"file": _xlsx(_good_rows())})
    staff_a_client.post(reverse("hazards:import_confirm"), {"token": preview.context["token"]})

    assert _files(settings) == []


def test_confirming_an_upload_whose_file_was_removed_says_so_in_chinese(staff_a_client, settings):
    settings.RETENTION_PENDING_UPLOAD_HOURS = 1
    preview = staff_a_client.post(reverse("hazards:import"), {"file": _xlsx(_good_rows())})
    for path in _files(settings):
        os.utime(path, (time.time() - 7200, time.time() - 7200))
    files_remove_expired()

    later = time.time() + 7200  # two hours on: the check's token is still good for a day
    with mock.patch("org.import_views.time.time", return_value=later):
        page = staff_a_client.post(
            reverse("hazards:import_confirm"), {"token": preview.context["token"]}, follow=True
        ).content.decode()

    assert "小时内未确认，已被删除，请重新上传" in page
    assert not Hazard.objects.exists()


def test_the_cap_on_pending_uploads_refuses_with_the_message_at_the_field(staff_a_client, township_a_staff, settings):
    settings.UPLOAD_PENDING_QUOTA_MB = 1
    _waiting(township_a_staff, size=1024 * 1024)  # 1 MB waiting already

    response = staff_a_client.post(reverse("hazards:import"), {"file": _xlsx(_good_rows())})

    message = "您待确认的上传文件已占用 1 MB（上限 1 MB）"
    assert message in response.context["form"].errors["file"][0]
    assert message in response.content.decode()
    assert len(_files(settings)) == 1  # nothing of the refused upload is kept


def test_the_cap_counts_only_the_users_own_uploads_still_waiting(staff_a_client, township_b_staff, settings):
    settings.UPLOAD_PENDING_QUOTA_MB = 1
    _waiting(township_b_staff, size=1024 * 1024)  # someone else's

    response = staff_a_client.post(reverse("hazards:import"), {"file": _xlsx(_good_rows())})

    assert response.context["token"]


def test_a_refused_roster_upload_leaves_no_file_either(staff_a_client, settings):
    junk = SimpleUploadedFile("防汛责任人.xlsx", b"\x00junk" * 200_000)

    response = staff_a_client.post(reverse("floodprep:persons_import"), {"file": junk})

    assert response.context["token"] == ""
    assert _files(settings) == []


def test_the_roster_upload_is_capped_too(staff_a_client, township_a_staff, settings):
    settings.UPLOAD_PENDING_QUOTA_MB = 1
    _waiting(township_a_staff, size=1024 * 1024)  # a hazard file waiting counts for the roster as well

    response = staff_a_client.post(
        reverse("floodprep:persons_import"), {"file": SimpleUploadedFile("防汛责任人.xlsx", b"PK")}
    )

    assert "您待确认的上传文件已占用" in response.context["form"].errors["file"][0]
