"""A code at the door (issue 19): the poster's QR code decodes to the enterprise's page; an officer who opens
it can start an inspection with the enterprise filled in; the code is no way into another township's firm."""

from __future__ import annotations

import re
import subprocess

import pytest
from django.urls import reverse
from PIL import Image
from pyzbar.pyzbar import decode

from tests.factories.enterprises import EnterpriseFactory, credit_code

pytestmark = pytest.mark.django_db


def _poster_qr(pdf: bytes, tmp_path) -> str:
    """The poster rendered as a picture, as a phone camera sees it, and its code read back."""
    (tmp_path / "poster.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "100", "-singlefile", str(tmp_path / "poster.pdf"), str(tmp_path / "poster")],
        check=True,
    )
    found = decode(Image.open(tmp_path / "poster.png"))
    assert len(found) == 1
    return found[0].data.decode()


def test_the_poster_code_opens_the_enterprises_page(staff_a_client, township_a, tmp_path):
    firm = EnterpriseFactory.create(org_unit=township_a, name="城关五金加工厂", credit_code=credit_code(5))
    response = staff_a_client.get(reverse("enterprises:poster", args=[firm.pk]))
    assert response["Content-Type"] == "application/pdf"
    url = _poster_qr(response.content, tmp_path)
    assert url == f"http://testserver{reverse('enterprises:detail', args=[firm.pk])}?via=qr"
    text = subprocess.run(["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True).stdout
    assert "城关五金加工厂" in text.decode()


def test_the_code_behind_a_proxy_carries_the_portals_address(staff_a_client, township_a, settings, tmp_path):
    settings.PORTAL_BASE_URL = "https://aq.linjiang.gov.cn/"
    firm = EnterpriseFactory.create(org_unit=township_a)
    url = _poster_qr(staff_a_client.get(reverse("enterprises:poster", args=[firm.pk])).content, tmp_path)
    assert url.startswith(f"https://aq.linjiang.gov.cn/enterprises/{firm.pk}/")


def test_an_officer_starts_an_inspection_with_the_enterprise_filled_in(officer_client, township_a):
    firm = EnterpriseFactory.create(
        org_unit=township_a, name="城关五金加工厂", credit_code=credit_code(5), address="工业路8号"
    )
    page = officer_client.get(reverse("enterprises:detail", args=[firm.pk]) + "?via=qr").content.decode()
    start = f"{reverse('enforcement:inspection_create')}?enterprise={firm.pk}"
    assert start in page
    form = officer_client.get(start).content.decode()
    assert re.search(r'name="unit_name"[^>]*value="城关五金加工厂"', form)
    assert re.search(rf'name="credit_code"[^>]*value="{credit_code(5)}"', form)


def test_staff_are_not_offered_an_inspection(staff_a_client, township_a):
    firm = EnterpriseFactory.create(org_unit=township_a)
    page = staff_a_client.get(reverse("enterprises:detail", args=[firm.pk])).content.decode()
    assert reverse("enforcement:inspection_create") not in page


def test_another_townships_poster_and_prefill_are_refused(staff_b_client, officer_client, township_a, township_b):
    firm = EnterpriseFactory.create(org_unit=township_a, name="城关五金加工厂")
    assert staff_b_client.get(reverse("enterprises:poster", args=[firm.pk])).status_code == 404
    from tests.factories.org import UserFactory

    other_officer = UserFactory.create(username="qs_officer", org_unit=township_b, role="officer")
    from tests.conftest import _client_for

    form = _client_for(other_officer).get(f"{reverse('enforcement:inspection_create')}?enterprise={firm.pk}")
    assert "城关五金加工厂" not in form.content.decode()
