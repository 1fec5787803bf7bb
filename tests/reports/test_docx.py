"""The Word file: GB/T 9704 layout as python-docx reads it back, and the figures as LibreOffice prints them.

The records are test_whole_summary's hand-counted half year: fines 26.58万元, accidents down 40%,
6 hazards found and 4 rectified (66.7%), 1 major found and rectified.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from io import BytesIO

import docx
import pytest
from django.urls import reverse
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt

from reports.docx import render_summary_docx
from reports.pdf import render_summary_pdf
from reports.services import report_scope
from tests.factories.reports import draft_report
from tests.reports.test_whole_summary import whole_half_year  # noqa: F401  (the hand-counted records)

pytestmark = pytest.mark.django_db

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# As tests/integration: a missing tool skips locally and fails under CI.
REQUIRED = bool(os.environ.get("REQUIRE_SERVICES") or os.environ.get("CI"))


@pytest.fixture
def report(whole_half_year, clerk, city):  # noqa: F811
    return draft_report(clerk=clerk, scope=city)


@pytest.fixture
def content(report) -> bytes:
    return render_summary_docx(report, report_scope(report))


@pytest.fixture
def document(content):
    return docx.Document(BytesIO(content))


def east_asia(style) -> str:
    return style.element.rPr.rFonts.get(qn("w:eastAsia"))


def mm(*lengths) -> list[float]:
    """Word stores lengths in twips: compare to a tenth of a millimetre."""
    return [round(length.mm, 1) for length in lengths]


def paragraph(document, starts: str):
    return next(p for p in document.paragraphs if p.text.startswith(starts))


def test_page_is_a4_with_the_pdfs_margins(document):
    s = document.sections[0]

    assert mm(s.page_width, s.page_height) == [210, 297]
    assert mm(s.top_margin, s.bottom_margin, s.left_margin, s.right_margin) == [37, 35, 28, 26]


def test_title_is_2hao_xiaobiaosong_centred(document, report):
    title = document.paragraphs[0]

    assert title.text == report.title
    assert (east_asia(title.style), title.style.font.size) == ("方正小标宋简体", Pt(22))
    assert title.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_body_is_3hao_fangsong_on_a_fixed_28_9pt_pitch(document):
    normal = document.styles["Normal"]
    fmt = normal.paragraph_format

    assert (east_asia(normal), normal.font.name, normal.font.size) == ("仿宋_GB2312", "Times New Roman", Pt(16))
    assert (fmt.line_spacing_rule, fmt.line_spacing) == (WD_LINE_SPACING.EXACTLY, Pt(28.9))
    assert (fmt.first_line_indent, fmt.alignment) == (Pt(32), WD_ALIGN_PARAGRAPH.JUSTIFY)


def test_headings_are_heiti_and_kaiti_at_body_size(document):
    part = paragraph(document, "一、")
    section_run = paragraph(document, "（一）").runs[0]

    assert (east_asia(part.style), part.style.font.size) == ("黑体", Pt(16))
    assert (section_run.text.startswith("（一）"), east_asia(section_run.style)) == (True, "楷体_GB2312")


def test_page_number_field_sits_right_on_odd_pages_and_left_on_even(document):
    s = document.sections[0]
    odd, even = s.footer.paragraphs[0], s.even_page_footer.paragraphs[0]

    assert document.settings.odd_and_even_pages_header_footer
    assert "PAGE" in odd._p.xml
    assert re.fullmatch(r"— \d+ —", odd.text)
    assert (odd.alignment, even.alignment, odd.runs[0].font.size) == (
        WD_ALIGN_PARAGRAPH.RIGHT,
        WD_ALIGN_PARAGRAPH.LEFT,
        Pt(14),
    )


def test_signature_keeps_with_the_last_paragraph(document, report):
    texts = [p.text for p in document.paragraphs]
    issuer = texts.index(report.issuer)

    assert texts[issuer + 1] == "2026年7月2日"
    assert all(p.paragraph_format.keep_with_next for p in document.paragraphs[issuer - 4 : issuer + 1])


def test_annex_starts_a_page_with_a_bordered_table_and_a_header_row(document):
    annex = next(p for p in document.paragraphs if p.text == "附件")
    table = document.tables[0]
    rows = [[c.text for c in row.cells] for row in table.rows]

    assert annex.paragraph_format.page_break_before
    assert "（2026年1月1日至6月30日）" in paragraph(document, "隐患排查治理情况").text
    assert (rows[0][0], rows[-1][:4]) == ("镇街", ["合计", "6", "4", "66.7%"])
    assert table._tbl.tblPr.find(qn("w:tblBorders")) is not None
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


@pytest.fixture
def soffice():
    path = shutil.which("soffice")
    if path is None:
        reason = "LibreOffice (soffice) missing: run `make setup` (libreoffice-writer-nogui)"
        if REQUIRED:
            pytest.fail(f"required tool missing under CI: {reason}")
        pytest.skip(reason)
    return path


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def total_row(text: str) -> list[str]:
    return next(line.split() for line in text.splitlines() if line.split()[:1] == ["合计"])


def test_libreoffice_prints_the_same_figures_as_the_portals_pdf(soffice, content, report, tmp_path):
    (tmp_path / "summary.docx").write_bytes(content)
    # A profile of its own, so a LibreOffice already running for the user does not take the job.
    done = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(tmp_path / "summary.docx"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    assert (tmp_path / "summary.pdf").exists(), done.stderr
    (tmp_path / "portal.pdf").write_bytes(render_summary_pdf(report, report_scope(report)))
    word, portal = pdf_text(tmp_path / "summary.pdf"), pdf_text(tmp_path / "portal.pdf")
    flat = re.sub(r"\s", "", word)

    assert "罚款26.58万元" in flat
    assert "事故数同比下降40%" in flat
    assert total_row(word) == total_row(portal) == ["合计", "6", "4", "66.7%", "1", "1", "0", "1"]
    assert re.findall(r"\d+(?:\.\d+)?[%万起处人]", flat) == re.findall(
        r"\d+(?:\.\d+)?[%万起处人]", re.sub(r"\s", "", portal)
    )


def test_clerk_generates_a_word_file_and_downloads_it(clerk_client, report, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = clerk_client.post(reverse("reports:generate", args=[report.pk, "docx"]))
    job = clerk_client.get(response.url).context["job"]
    download = clerk_client.get(reverse("reports:file", args=[report.pk, job.pk]))

    assert (job.filename.endswith(".docx"), download["Content-Type"]) == (True, DOCX_TYPE)
    assert docx.Document(BytesIO(b"".join(download.streaming_content))).paragraphs[0].text == report.title
