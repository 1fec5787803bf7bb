"""The clerk's summary journey with a leader's review, in a real browser (issue 16).

A clerk at 1366 px edits two paragraphs and both people-written texts in a row without a conflict; a second
clerk's save of the same paragraph shows the merge view with the first clerk's text intact; submit locks; the
leader comments on a paragraph and sends the report back; the clerk sees the comment beside the paragraph,
edits and resubmits; the leader approves; the PDF and the Word file are downloaded and read back
(LibreOffice prints the Word file with the PDF's figures).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from org.models import Role
from reports.models import SummaryReport
from tests.browser.test_journeys import _download
from tests.factories.org import UserFactory
from tests.factories.reports import draft_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDE = {"width": 1366, "height": 900}
HAZARDS = "经人工修改：隐患排查整治扎实推进，共排查隐患6处，整改完成4处。"
ENFORCEMENT = "经人工修改：严格执法，依法查处违法行为。"
SECOND = "第二位文员的改法。"
COMMENT = "请补充重大隐患挂牌督办的进展。"
ANSWERED = "经人工修改：隐患排查整治扎实推进，重大隐患1处已整改销号。"


def _edit(tab, key: str, text: str) -> None:
    page = tab.page
    page.click(f"#section-{key} button[hx-get]")
    page.locator(f"form#section-{key} textarea[name=body]").fill(text)
    page.click(f"form#section-{key} button[type=submit]")


def test_clerk_edits_without_false_conflicts_and_a_leader_reviews(journey, city, clerk, half_year, tmp_path: Path):
    report = draft_report(clerk=clerk, scope=city)
    UserFactory.create(username="clerk2", org_unit=city, role=Role.CLERK, display_name="赵文员")
    UserFactory.create(username="leader2", org_unit=city, role=Role.LEADER, display_name="王局长")
    url = f"/reports/{report.pk}/"

    tab = journey("4-review-clerk", WIDE)
    tab.log_in(clerk.username)
    tab.goto(url)
    _edit(tab, "hazards", HAZARDS)
    tab.page.locator("#section-hazards p", has_text=HAZARDS).wait_for()
    _edit(tab, "enforcement", ENFORCEMENT)
    tab.page.locator("#section-enforcement p", has_text=ENFORCEMENT).wait_for()
    # The people-written texts, saved from the page as first loaded: no "someone else saved" refusal.
    tab.page.fill("#id_problems", "基层监管力量仍显薄弱。")
    tab.page.fill("#id_plans", "持续深化隐患排查整治。")
    with tab.page.expect_navigation():
        tab.page.click(f"form[action='/reports/{report.pk}/text/'] button")
    tab.shot("texts-saved")
    assert "他人" not in tab.page.locator("main").inner_text()
    report.refresh_from_db()
    assert (report.problems, report.plans) == ("基层监管力量仍显薄弱。", "持续深化隐患排查整治。")

    # A second clerk opens the same paragraph; the first saves again; the second's save shows both texts.
    other = journey("4-review-clerk2", WIDE)
    other.log_in("clerk2")
    other.goto(url)
    other.page.click("#section-hazards button[hx-get]")
    _edit(tab, "hazards", ANSWERED.replace("重大隐患1处已整改销号", "整改率66.7%"))
    tab.page.locator("#section-hazards p", has_text="整改率66.7%").wait_for()
    other.page.locator("form#section-hazards textarea[name=body]").fill(SECOND)
    other.page.click("form#section-hazards button[type=submit]")
    other.page.locator("[data-merge]").wait_for()
    other.shot("merge-view")
    assert "整改率66.7%" in other.page.locator("[data-theirs]").inner_text()
    assert other.page.locator("form#section-hazards textarea[name=body]").input_value() == SECOND
    assert "整改率66.7%" in report.sections.get(key="hazards").body

    tab.goto(url)
    with tab.page.expect_navigation():
        tab.page.click(f"form[action='/reports/{report.pk}/submit/'] button")
    assert tab.page.locator("#section-hazards button[hx-get]").count() == 0  # locked

    leader = journey("4-review-leader", WIDE)
    leader.log_in("leader2")
    leader.goto(url)
    leader.page.click("#section-hazards [data-comments] details > summary")
    leader.page.fill("#section-hazards [data-comments] textarea[name=body]", COMMENT)
    with leader.page.expect_navigation():
        leader.page.click("#section-hazards [data-comments] form button")
    leader.page.fill("#id_reason", "请核对数据后再报。")
    with leader.page.expect_navigation():
        leader.page.click(f"form[action='/reports/{report.pk}/return/'] button")
    leader.shot("sent-back")

    tab.goto(url)
    assert COMMENT in tab.page.locator("#section-hazards").inner_text()
    _edit(tab, "hazards", ANSWERED)
    tab.page.locator("#section-hazards p", has_text=ANSWERED).wait_for()
    with tab.page.expect_navigation():
        tab.page.click(f"form[action='/reports/{report.pk}/submit/'] button")
    tab.shot("resubmitted")

    leader.goto(url)
    with leader.page.expect_navigation():
        leader.page.click(f"form[action='/reports/{report.pk}/approve/'] button")
    report.refresh_from_db()
    assert report.status == SummaryReport.Status.APPROVED
    assert "退回修改：请核对数据后再报。" in leader.page.locator("[data-history]").inner_text()

    pdf = _download(tab, f"form[action='/reports/{report.pk}/generate/pdf/'] button", tmp_path)
    assert tab.page.locator("[data-back]").count() == 1  # the export page leads back to the report
    text = "".join(
        subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split()
    )
    assert ANSWERED in text
    assert ENFORCEMENT in text

    # The Word file: GB/T 9704 faces by name, A4, and LibreOffice's print of it says what the PDF says.
    tab.goto(url)
    word = _download(tab, f"form[action='/reports/{report.pk}/generate/docx/'] button", tmp_path)
    document = Document(str(word))
    section = document.sections[0]
    assert section.page_width is not None
    assert section.page_height is not None
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert document.styles["Normal"].element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    soffice = shutil.which("soffice")
    if soffice is None:
        return  # the Word layout itself is checked by tests/reports/test_docx.py, which requires LibreOffice
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "word"),
            str(word),
        ],
        capture_output=True,
        timeout=120,
        env={**os.environ, "HOME": str(tmp_path)},
        check=True,
    )
    printed = next((tmp_path / "word").glob("*.pdf"))
    words = "".join(
        subprocess.run(["pdftotext", str(printed), "-"], capture_output=True, text=True, check=True).stdout.split()
    )
    figures = re.compile(r"\d+(?:\.\d+)?[%处起家人]")
    assert figures.findall(words) == figures.findall(text)
