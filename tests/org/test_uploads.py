"""Uploads are judged by content, stored under random names and served so that no upload can run script."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from hazards.models import HazardPhoto
from org.uploads import MAX_PHOTO_BYTES
from tests.factories.hazards import tiny_png
from tests.factories.responsibility import LetterFactory

pytestmark = pytest.mark.django_db

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.cookie)"><script>alert(1)</script></svg>'
HTML = b"<!doctype html><html><body><script>fetch('/hazards/export/')</script></body></html>"


def _photo(name: str, content: bytes, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def _image(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, format=fmt)
    return buffer.getvalue()


def _rectify(client, hazard, photo):
    hazard.status = hazard.Status.ASSIGNED
    hazard.save(update_fields=["status"])
    url = reverse("hazards:action", args=[hazard.pk, "rectify"])
    return client.post(url, {"note": "已整改", "photos": [photo]})


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("xss.svg", SVG),
        ("page.html", HTML),
        ("page.jpg", HTML),
        ("xss.png", SVG),
        ("old.bmp", _image("BMP")),
        ("anim.gif", _image("GIF")),
        ("empty.jpg", b""),
    ],
)
def test_anything_but_a_real_photo_is_refused(staff_a_client, township_a_hazard, name, content):
    response = _rectify(staff_a_client, township_a_hazard, _photo(name, content))

    assert response.status_code == 400
    assert not HazardPhoto.objects.exists()


def test_a_photo_over_the_size_limit_is_refused(staff_a_client, township_a_hazard):
    big = _image("PNG") + b"\0" * MAX_PHOTO_BYTES

    response = _rectify(staff_a_client, township_a_hazard, _photo("big.png", big, "image/png"))

    assert response.status_code == 400
    assert not HazardPhoto.objects.exists()


def test_a_photo_is_judged_by_content_not_by_its_name(staff_a_client, township_a_hazard):
    _rectify(staff_a_client, township_a_hazard, _photo("照片.jpg", _image("PNG"), "image/jpeg"))

    name = HazardPhoto.objects.get().image.name
    assert name is not None
    assert name.endswith(".png")


def test_a_stored_photo_has_a_random_name_that_keeps_nothing_of_the_upload(staff_a_client, township_a_hazard):
    _rectify(staff_a_client, township_a_hazard, tiny_png("../../城关街道 张三家.png"))

    name = HazardPhoto.objects.get().image.name
    assert name is not None
    assert re.fullmatch(r"hazards/photos/\d{4}/\d{2}/[0-9a-f]{32}\.png", name), name


def test_a_photo_is_served_inline_as_an_image_that_may_not_be_sniffed(staff_a_client, township_a_hazard):
    _rectify(staff_a_client, township_a_hazard, tiny_png())
    photo = HazardPhoto.objects.get()

    response = staff_a_client.get(reverse("hazards:photo", args=[township_a_hazard.pk, photo.pk]))

    assert (response["Content-Type"], response["X-Content-Type-Options"]) == ("image/png", "nosniff")
    assert response["Content-Disposition"].startswith("inline")
    assert "sandbox" in response["Content-Security-Policy"]


def test_an_old_file_that_is_really_a_page_is_only_ever_downloaded(staff_a_client, township_a_hazard):
    # Files stored before uploads were checked by content: whatever their name, a page is not shown.
    photo = HazardPhoto(hazard=township_a_hazard, kind=HazardPhoto.Kind.BEFORE)
    photo.image.save("legacy.jpg", ContentFile(HTML))

    response = staff_a_client.get(reverse("hazards:photo", args=[township_a_hazard.pk, photo.pk]))

    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")


def _sign(client, letter, name: str, content: bytes):
    return client.post(
        reverse("responsibility:letter_sign", args=[letter.pk]),
        {"signed_on": "2026-03-01", "scan": SimpleUploadedFile(name, content)},
    )


@pytest.fixture
def letter(city, township_a):
    return LetterFactory.create(issuer=city, org_unit=township_a)


@pytest.mark.parametrize(("name", "content"), [("letter.pdf", HTML), ("letter.png", SVG), ("letter.pdf", b"")])
def test_a_scan_that_is_not_a_pdf_or_a_photo_is_refused(staff_a_client, letter, name, content):
    response = _sign(staff_a_client, letter, name, content)

    letter.refresh_from_db()
    assert response.status_code == 200
    assert not letter.scan


def test_a_real_pdf_scan_is_kept_under_a_random_name_and_served_as_a_pdf(staff_a_client, letter):
    _sign(staff_a_client, letter, "责任书 扫描件.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n")
    letter.refresh_from_db()

    response = staff_a_client.get(reverse("responsibility:letter_scan", args=[letter.pk]))

    assert re.fullmatch(r"responsibility/letters/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", letter.scan.name)
    assert (response["Content-Type"], response["X-Content-Type-Options"]) == ("application/pdf", "nosniff")
