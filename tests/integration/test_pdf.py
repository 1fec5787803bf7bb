"""WeasyPrint with the CJK fonts the setup installs: Chinese text, not boxes."""

from __future__ import annotations

import shutil
import subprocess
from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from org.pdf import font_css, render_pdf
from tests.factories.hazards import HazardFactory

pytestmark = pytest.mark.integration


@pytest.fixture
def font_check_pdf(tmp_path):
    path = tmp_path / "font-check.pdf"
    path.write_bytes(render_pdf("pdf/font_check.html", {"issuer": "临江市应急管理局", "date": "2026年7月2日"}))
    return path


def _poppler(tool: str, path) -> str:
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} missing: run `make setup` (poppler-utils)")
    return subprocess.run(
        [tool, str(path), "-"] if tool == "pdftotext" else [tool, str(path)], capture_output=True, text=True, check=True
    ).stdout


def test_pdf_embeds_a_cjk_font(font_check_pdf):
    fonts = _poppler("pdffonts", font_check_pdf)

    assert "Noto-Serif-CJK-SC" in fonts
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:])  # every font embedded


def test_pdf_text_comes_back_as_chinese_characters(font_check_pdf):
    text = _poppler("pdftotext", font_check_pdf)

    assert "整改完成率98.5%" in text.replace("\n", "")


def test_licensed_font_dropped_in_the_font_dir_comes_first(tmp_path):
    (tmp_path / "fangsong.ttf").write_bytes(b"")

    css = font_css(tmp_path)

    assert '--font-body: "SP FangSong", "Noto Serif CJK SC"' in css


@pytest.mark.django_db
def test_assignment_notice_pdf_carries_the_hazard(staff_a_client, township_a):
    hazard = HazardFactory.create(org_unit=township_a, place_name="临江五金制品有限公司")

    response = staff_a_client.get(reverse("hazards:notice_pdf", args=[hazard.pk]))

    text = "".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    assert response["Content-Type"] == "application/pdf"
    assert "临江五金制品有限公司" in text
