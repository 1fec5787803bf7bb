"""The summary's PDF as GB/T 9704 lays it out: justified lines, CJK line breaking, the closing kept with
the body, 楷体 headings at the body's size. Read back with poppler (pdftotext, pdftoppm)."""

from __future__ import annotations

import re
import subprocess

import pytest
from django.template import Context, Template
from PIL import Image

from org.pdf import font_css, render_pdf
from reports.pdf import render_summary_pdf
from reports.services import report_scope
from tests.factories.reports import draft_report

pytestmark = pytest.mark.django_db

PT_PER_MM = 72 / 25.4
RIGHT_EDGE = (210 - 26) * PT_PER_MM  # A4 less the 26 mm right margin
HANZI = "安全生产责任制落实到位应急管理工作扎实推进隐患排查治理执法检查宣传培训"
DATE = "2026年7月2日"


def _report_with_opening(clerk, city, *paragraphs: str):
    """A summary whose only text is the given opening paragraphs (every other part left empty)."""
    report = draft_report(clerk=clerk, scope=city)
    for section in report.sections.all():
        section.body = "\n".join(paragraphs) if section.key == "opening" else ""
        section.save()
    report.problems = report.plans = ""
    report.save()
    return report


def _pdf(report, tmp_path):
    path = tmp_path / "summary.pdf"
    path.write_bytes(render_summary_pdf(report, report_scope(report)))
    return path


def _lines(path, page: int = 1) -> list[tuple[float, float, str]]:
    """(xMin, xMax, text) of each line pdftotext finds on the page."""
    out = subprocess.run(
        ["pdftotext", "-bbox-layout", "-f", str(page), "-l", str(page), str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    lines = []
    for m in re.finditer(r'<line xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>(.*?)</line>', out, re.S):
        lines.append((float(m[1]), float(m[2]), "".join(re.findall(r">([^<]*)</word>", m[3]))))
    return lines


def _pages(path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")


def test_a_wrapping_paragraph_is_justified_to_the_right_edge(clerk, city, tmp_path):
    paragraph = (HANZI * 4 + "，截至6月30日共排查隐患303处，整改完成率86.1%。") * 2
    path = _pdf(_report_with_opening(clerk, city, paragraph), tmp_path)

    lines = [line for line in _lines(path) if line[2] and line[2] in paragraph]
    full = lines[:-1]  # the paragraph's last line stays flush left

    assert len(full) >= 5
    assert [round(RIGHT_EDGE - x_max, 1) for _, x_max, _ in full] == pytest.approx([0] * len(full), abs=1)
    assert RIGHT_EDGE - lines[-1][1] > 16  # ... and the last line is not stretched


def test_no_line_starts_with_closing_punctuation_or_ends_with_an_opening_one(clerk, city, tmp_path):
    # Every mark after every kind of character, so that some fall at each position of a line.
    paragraphs = []
    for k in range(12):
        text = ""
        for i in range(160):
            text += HANZI[(i * 7 + k) % len(HANZI)]
            if i % 5 == k % 5:
                text += "。，、；：”）"[(i + k) % 7]
            elif i % 9 == 4:
                text += "“（"[(i + k) % 2]
            elif i % 13 == 6:
                text += f"{i}.5%"
        paragraphs.append(text + "。")
    path = _pdf(_report_with_opening(clerk, city, *paragraphs), tmp_path)

    lines = [line.strip() for page in _pages(path) for line in page.splitlines() if line.strip()]

    assert len(lines) > 60
    assert [line for line in lines if line[0] in "。，、；：”）"] == []
    assert [line for line in lines if line[-1] in "“（"] == []


@pytest.mark.parametrize("body_lines", range(13, 20))
def test_the_signature_date_stays_on_the_last_paragraphs_page(clerk, city, tmp_path, body_lines):
    # One paragraph of body_lines lines (26 characters after the indent, then 28 a line): from 15 lines on,
    # the five lines of the closing (blank, 附件, blank, issuer, date) no longer all fit under it.
    last = "以上为本报告最后一段的最后一句。"
    text = (HANZI * 20)[: 26 + 28 * (body_lines - 1) - len(last)] + last
    path = _pdf(_report_with_opening(clerk, city, text), tmp_path)

    pages = [re.sub(r"\s", "", page) for page in _pages(path)]
    date_page = next(i for i, page in enumerate(pages) if DATE in page)
    last_page = next(i for i, page in enumerate(pages) if last in page)

    assert date_page == last_page
    assert "临江市应急管理局" in pages[date_page].split(last)[-1]  # the issuer too


def _glyph_boxes(
    image: Image.Image, left: float, top: float, pitch: float, count: int
) -> list[tuple[int, int, int, int]]:
    """The ink box (left, top, right, bottom) of each of count characters set at pitch from (left, top)."""
    ink = image.point(lambda v: 255 if v < 128 else 0)
    boxes = []
    for i in range(count):
        box = ink.crop((round(left + i * pitch), round(top), round(left + (i + 1) * pitch), round(top + pitch * 1.8)))
        bbox = box.getbbox()
        assert bbox is not None, f"no ink where character {i} should be"
        boxes.append(bbox)
    return boxes


def test_kai_headings_look_the_size_of_the_body(tmp_path):
    """Same characters, one line in 楷体 (as a （一） heading is), one in the body face: glyphs of the same
    mean height, set at the same 1-character pitch. (The fallback AR PL UKai draws its hanzi about 10%
    smaller within the em than Noto Serif CJK.)"""
    chars = "压紧压实安全生产责任"
    html = Template(
        '{% extends "pdf/official_base.html" %}{% block body %}'
        f'<p class="addressee"><span class="kai">{chars}</span></p><p class="addressee">{chars}</p>'
        "{% endblock %}"
    ).render(Context({"font_css": font_css()}))
    from weasyprint import HTML

    path = tmp_path / "kai.pdf"
    path.write_bytes(HTML(string=html).write_pdf())
    subprocess.run(
        ["pdftoppm", "-gray", "-png", "-r", "300", "-singlefile", str(path), str(tmp_path / "kai")], check=True
    )
    image = Image.open(tmp_path / "kai.png").convert("L")
    px = 300 / 72  # pixels a point
    left, top, pitch = 28 * PT_PER_MM * px, 37 * PT_PER_MM * px, 16 * px

    kai = _glyph_boxes(image, left, top, pitch, len(chars))
    body = _glyph_boxes(image, left, top + 28.9 * px, pitch, len(chars))

    def mean_height(glyphs):
        return sum(b[3] - b[1] for b in glyphs) / len(glyphs)

    assert mean_height(kai) / mean_height(body) == pytest.approx(1, abs=0.04)
    assert kai[-1][2] == pytest.approx(body[-1][2], abs=pitch / 4)  # the run ends where the body's does


def test_other_documents_are_justified_too(tmp_path):
    # The shared layout: any document's paragraph (here the font check page's) is spread to the edge.
    path = tmp_path / "check.pdf"
    path.write_bytes(render_pdf("pdf/font_check.html", {"issuer": "临江市应急管理局", "date": DATE}))

    paragraph = (
        "共排查各类隐患526处，整改完成518处，整改完成率98.5%。截至6月19日，全市共发生各类生产安全事故3起，"
        "死亡4人，事故数同比去年下降40%。"
    )
    body = [line for line in _lines(path) if len(line[2]) > 10 and line[2] in paragraph]

    assert len(body) >= 2
    assert RIGHT_EDGE - body[0][1] == pytest.approx(0, abs=1)
