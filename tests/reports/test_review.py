"""The clerk's journey through a summary: edits that never conflict with her own, a real conflict that keeps
both texts, submit locks, a leader's comments and send-back, a history that reads in Chinese.

Records: the shared half_year fixture (tests/reports/conftest.py).
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from org.models import AuditEntry, Role
from reports.models import SummaryReport
from tests.factories.org import UserFactory
from tests.factories.reports import draft_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(half_year, clerk, city):
    return draft_report(clerk=clerk, scope=city)


def body(report, key: str) -> str:
    return report.sections.get(key=key).body


def page(client, report) -> str:
    return client.get(reverse("reports:detail", args=[report.pk])).content.decode()


def edit(client, report, key: str, text: str, base: str):
    return client.post(
        reverse("reports:section", args=[report.pk, key]),
        {"heading": report.sections.get(key=key).heading, "body": text, "base": base},
        HTTP_HX_REQUEST="true",
    )


def narrative(client, report, *, problems: str, plans: str, base_problems: str, base_plans: str, version: int):
    return client.post(
        reverse("reports:narrative", args=[report.pk]),
        {
            "title": report.title,
            "issuer": report.issuer,
            "signed_on": report.signed_on.isoformat(),
            "problems": problems,
            "plans": plans,
            "base_title": report.title,
            "base_problems": base_problems,
            "base_plans": base_plans,
            "version": version,
        },
    )


def test_two_paragraphs_and_both_texts_in_a_row_never_conflict_with_her_own_saves(report, clerk_client):
    """Everything posted from the page as first loaded (version 1): her own saves do not make it stale."""
    hazards, enforcement = body(report, "hazards"), body(report, "enforcement")

    first = edit(clerk_client, report, "hazards", "隐患段落，手工改写。", hazards)
    second = edit(clerk_client, report, "enforcement", "执法段落，手工改写。", enforcement)
    texts = narrative(
        clerk_client, report, problems="基层力量薄弱。", plans="持续推进。", base_problems="", base_plans="", version=1
    )

    report.refresh_from_db()
    assert (first.status_code, second.status_code, texts.status_code) == (200, 200, 302)
    assert (body(report, "hazards"), body(report, "enforcement")) == ("隐患段落，手工改写。", "执法段落，手工改写。")
    assert (report.problems, report.plans) == ("基层力量薄弱。", "持续推进。")


def test_a_second_clerks_save_of_the_same_paragraph_shows_both_texts_and_loses_neither(
    report, clerk_client, client_for, city
):
    other = client_for(UserFactory.create(org_unit=city, role=Role.CLERK, display_name="赵文员"))
    original = body(report, "hazards")
    edit(clerk_client, report, "hazards", "第一位文员的文字。", original)

    clash = edit(other, report, "hazards", "第二位文员的文字。", original)
    html = clash.content.decode()
    merged = edit(other, report, "hazards", "合并后的文字。", "第一位文员的文字。")

    assert clash.status_code == 200  # htmx swaps the merge view in (409 without htmx)
    assert "data-merge" in html
    assert "第一位文员的文字。" in html.split("data-theirs")[1]
    assert "第二位文员的文字。" in html.split("<textarea")[1]
    assert merged.status_code == 200
    assert body(report, "hazards") == "合并后的文字。"


def test_someone_elses_save_of_the_problems_keeps_both_texts(report, clerk_client, client_for, city):
    other = client_for(UserFactory.create(org_unit=city, role=Role.CLERK))
    narrative(clerk_client, report, problems="甲的问题。", plans="", base_problems="", base_plans="", version=1)

    clash = narrative(other, report, problems="乙的问题。", plans="", base_problems="", base_plans="", version=1)

    report.refresh_from_db()
    assert clash.status_code == 409
    assert "甲的问题。" in clash.content.decode().split('data-theirs="problems"')[1]
    assert "乙的问题。" in clash.content.decode().split('name="problems"')[1]
    assert report.problems == "甲的问题。"


def test_submitting_locks_the_text_for_the_clerk(report, clerk_client):
    clerk_client.post(reverse("reports:action", args=[report.pk, "submit"]))
    original = body(report, "hazards")

    refused = edit(clerk_client, report, "hazards", "提交后又改。", original)
    html = page(clerk_client, report)

    assert "已提交审定并锁定" in refused.content.decode()
    assert body(report, "hazards") == original
    assert reverse("reports:section", args=[report.pk, "hazards"]) not in html


def test_a_leader_comments_sends_back_and_the_clerk_sees_and_answers_beside_the_paragraph(
    report, clerk_client, leader_client
):
    clerk_client.post(reverse("reports:action", args=[report.pk, "submit"]))
    comment_url = reverse("reports:comment", args=[report.pk])
    leader_client.post(comment_url, {"section_key": "hazards", "body": "重大隐患整改情况请补充挂牌督办进展。"})
    leader_client.post(reverse("reports:action", args=[report.pk, "return"]), {"reason": "数据需与台账核对。"})
    comment = report.comments.get(section_key="hazards")
    clerk_client.post(comment_url, {"section_key": "hazards", "parent": comment.pk, "body": "已补充。"})

    report.refresh_from_db()
    hazards = page(clerk_client, report).split('id="section-hazards"')[1].split('class="report-section')[0]
    assert report.status == SummaryReport.Status.DRAFT
    assert "重大隐患整改情况请补充挂牌督办进展。" in hazards
    assert "已补充。" in hazards.split("report-reply")[1]
    assert AuditEntry.objects.filter(action="reports.comment.added").count() == 2


def test_sending_back_needs_a_reason(report, clerk_client, leader_client):
    clerk_client.post(reverse("reports:action", args=[report.pk, "submit"]))

    refused = leader_client.post(reverse("reports:action", args=[report.pk, "return"]), {"reason": ""})

    report.refresh_from_db()
    assert refused.status_code == 400
    assert report.status == SummaryReport.Status.SUBMITTED


def test_an_approved_report_takes_no_comments(report, clerk_client, leader_client):
    clerk_client.post(reverse("reports:action", args=[report.pk, "submit"]))
    leader_client.post(reverse("reports:action", args=[report.pk, "approve"]))

    leader_client.post(reverse("reports:comment", args=[report.pk]), {"section_key": "hazards", "body": "晚到的意见。"})

    assert not report.comments.exists()


def test_the_history_reads_in_chinese_with_the_paragraph_and_a_diff(report, clerk_client, leader_client):
    original = body(report, "hazards")
    edit(clerk_client, report, "hazards", original + "隐患治理成效明显。", original)
    clerk_client.post(reverse("reports:action", args=[report.pk, "submit"]))
    leader_client.post(reverse("reports:action", args=[report.pk, "return"]), {"reason": "补充数据。"})

    history = page(clerk_client, report).split("data-history")[1].split("</ul>")[0]

    assert "修改了“深化隐患排查整治”" in history
    assert '<ins class="text-success">隐患治理成效明显。</ins>' in history
    assert "提交审定" in history
    assert "退回修改：补充数据。" in history
    assert "submitted" not in history


def test_an_approved_report_keeps_the_figures_it_was_approved_with(
    report, clerk, clerk_client, leader_client, township_a
):
    """Approved with 6 hazards found; a seventh entered afterwards for the same half year changes nothing
    the approved report prints (annex total, figures list) until a leader reopens it."""
    from io import BytesIO

    from openpyxl import load_workbook

    from reports.exporters import write_annex
    from reports.services import report_scope
    from tests.factories.hazards import HazardFactory

    clerk_client.post(reverse("reports:action", args=[report.pk, "submit"]))
    leader_client.post(reverse("reports:action", args=[report.pk, "approve"]))
    HazardFactory.create(org_unit=township_a, found_on=__import__("datetime").date(2026, 5, 1))
    report.refresh_from_db()

    def annex_found() -> int:
        sheet = load_workbook(BytesIO(write_annex(report, report_scope(report))))["隐患-按镇街"]
        found = next(row for row in sheet.iter_rows(values_only=True) if row[0] == "合计")[1]
        assert isinstance(found, int)
        return found

    approved_page = page(clerk_client, report)
    approved_annex = annex_found()
    leader_client.post(reverse("reports:action", args=[report.pk, "reopen"]), {"reason": "补录5月隐患"})
    report.refresh_from_db()

    assert approved_annex == 6
    assert "<span>排查隐患（处）</span><a" in approved_page
    assert ">6</a>" in approved_page.split("<span>排查隐患（处）</span>")[1][:200]
    assert annex_found() == 7
