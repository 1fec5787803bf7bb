"""A clerk drafts, edits and exports the half-year summary; a leader approves it."""

from __future__ import annotations

import re
import subprocess
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reports.models import ReportSection, SummaryReport
from tests.factories.reports import draft_report

pytestmark = pytest.mark.django_db


def create(client, city, **extra):
    data = {"scope": city.pk, "year": 2026, "half": 1, "as_of": "2026-06-30", "signed_on": "2026-07-02", **extra}
    return client.post(reverse("reports:create"), data)


def _count(cell: object) -> int:
    """A number read back from the annex: the exporter writes counts as integers."""
    assert isinstance(cell, int), cell
    return cell


def section(report, key):
    return ReportSection.objects.get(report=report, key=key)


def test_clerk_drafts_the_hazard_paragraph_with_hand_counted_figures(clerk_client, city, half_year):
    response = create(clerk_client, city)

    report = SummaryReport.objects.get()
    assert response.status_code == 302
    assert "共排查各类隐患6处，整改完成4处，整改完成率66.7%" in section(report, "hazards").body
    assert "其中重大事故隐患1处，已整改1处" in section(report, "hazards").body


def test_default_title_and_issuer_follow_the_seeds(clerk_client, city, half_year):
    create(clerk_client, city)

    report = SummaryReport.objects.get()
    assert report.title == "临江市应急管理局2026年上半年工作总结"
    assert (report.period_start.isoformat(), report.period_end.isoformat()) == ("2026-01-01", "2026-06-30")


def test_no_section_prints_none_or_blank_figures(clerk, city, half_year):
    report = draft_report(clerk=clerk, scope=city)

    text = "".join(s.body for s in report.sections.all())
    assert "None" not in text
    assert "{" not in text


def test_as_of_date_limits_the_figures(clerk, city, half_year):
    report = draft_report(clerk=clerk, scope=city, as_of=__import__("datetime").date(2026, 3, 31))

    assert "共排查各类隐患3处，整改完成2处" in section(report, "hazards").body


def test_district_summary_counts_only_its_townships(clerk, district_b, half_year):
    report = draft_report(clerk=clerk, scope=district_b)

    assert "共排查各类隐患2处，整改完成1处，整改完成率50%" in section(report, "hazards").body


def test_figures_panel_links_each_number_to_its_records(clerk_client, clerk, city, half_year):
    report = draft_report(clerk=clerk, scope=city)

    response = clerk_client.get(reverse("reports:detail", args=[report.pk]))
    found = next(f for f in response.context["figures"] if f.key == "hazards_found")
    ledger = clerk_client.get(found.link)
    assert ledger.context["page"].paginator.count == 6


def test_editing_a_paragraph_keeps_a_version(clerk_client, clerk, city, half_year):
    report = draft_report(clerk=clerk, scope=city)

    response = clerk_client.post(
        reverse("reports:section", args=[report.pk, "hazards"]),
        {"heading": "深化隐患排查整治", "body": "手工改写的段落。", "version": report.version},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert section(report, "hazards").edited is True
    assert report.versions.count() == 2


def test_regenerating_keeps_hand_edits_and_flags_changed_records(clerk_client, clerk, city, township_a, half_year):
    report = draft_report(clerk=clerk, scope=city)
    clerk_client.post(
        reverse("reports:section", args=[report.pk, "hazards"]),
        {"heading": "深化隐患排查整治", "body": "手工改写的段落。", "version": report.version},
    )
    from tests.factories.hazards import HazardFactory

    HazardFactory.create(org_unit=township_a, found_on=__import__("datetime").date(2026, 6, 1))

    clerk_client.post(reverse("reports:action", args=[report.pk, "regenerate"]))

    hazards = section(report, "hazards")
    page = clerk_client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    notice = page.split('id="section-hazards"')[1].split("data-figures-changed")[1].split("</div>")[0]
    assert hazards.body == "手工改写的段落。"
    assert "共排查各类隐患7处" in hazards.generated
    assert "排查隐患（处）：6 → 7" in notice


def test_a_hand_edit_is_not_flagged_while_its_figures_stand(clerk_client, clerk, city, half_year):
    """Edited text differs from the draft by design: only a changed figure raises the notice."""
    report = draft_report(clerk=clerk, scope=city)
    base = section(report, "hazards").body
    clerk_client.post(
        reverse("reports:section", args=[report.pk, "hazards"]),
        {"heading": "深化隐患排查整治", "body": "手工改写的段落。", "base": base},
    )
    clerk_client.post(reverse("reports:action", args=[report.pk, "regenerate"]))

    page = clerk_client.get(reverse("reports:detail", args=[report.pk])).content.decode()

    assert "手工改写的段落。" in page
    assert "data-figures-changed" not in page


def test_stale_version_is_refused_not_overwritten(clerk_client, clerk, city, half_year):
    report = draft_report(clerk=clerk, scope=city)
    url = reverse("reports:section", args=[report.pk, "hazards"])
    clerk_client.post(url, {"heading": "A", "body": "第一次保存。", "version": report.version})

    response = clerk_client.post(url, {"heading": "B", "body": "基于旧版本的保存。", "version": report.version})

    assert response.status_code == 400
    assert section(report, "hazards").body == "第一次保存。"


def test_approved_report_is_frozen_until_a_leader_reopens_it(clerk_client, leader_client, clerk, city, half_year):
    report = draft_report(clerk=clerk, scope=city)
    clerk_client.post(reverse("reports:action", args=[report.pk, "submit"]))
    leader_client.post(reverse("reports:action", args=[report.pk, "approve"]))
    report.refresh_from_db()

    response = clerk_client.post(
        reverse("reports:section", args=[report.pk, "hazards"]),
        {"heading": "x", "body": "改不了。", "version": report.version},
    )

    assert report.status == SummaryReport.Status.APPROVED
    assert "王局长" in response.content.decode()
    assert section(report, "hazards").body != "改不了。"


def test_reopening_needs_a_reason_and_keeps_it(leader_client, clerk_client, clerk, city, half_year):
    report = draft_report(clerk=clerk, scope=city)
    clerk_client.post(reverse("reports:action", args=[report.pk, "submit"]))
    leader_client.post(reverse("reports:action", args=[report.pk, "approve"]))

    refused = leader_client.post(reverse("reports:action", args=[report.pk, "reopen"]), {"reason": ""})
    leader_client.post(reverse("reports:action", args=[report.pk, "reopen"]), {"reason": "补充防汛数据"})

    report.refresh_from_db()
    assert refused.status_code == 400
    assert report.status == SummaryReport.Status.DRAFT
    version = report.versions.first()
    assert version is not None
    assert "补充防汛数据" in version.note


def test_clerk_cannot_approve(clerk_client, clerk, city, half_year):
    report = draft_report(clerk=clerk, scope=city)
    clerk_client.post(reverse("reports:action", args=[report.pk, "submit"]))

    clerk_client.post(reverse("reports:action", args=[report.pk, "approve"]))

    report.refresh_from_db()
    assert report.status == SummaryReport.Status.SUBMITTED


def test_narrative_is_prefilled_from_the_previous_report(clerk, city, half_year):
    first = draft_report(clerk=clerk, scope=city, year=2025)
    first.problems = "基层监管力量不足。"
    first.save(update_fields=["problems"])

    second = draft_report(clerk=clerk, scope=city, year=2026)

    assert second.problems == "基层监管力量不足。"


def test_township_staff_cannot_open_summaries(staff_a_client):
    assert staff_a_client.get(reverse("reports:list")).status_code == 403


def test_district_user_gets_404_for_a_city_report(clerk, city, district_a, half_year, client_for):
    from org.models import Role
    from tests.factories.org import UserFactory

    report = draft_report(clerk=clerk, scope=city)
    district_clerk = client_for(UserFactory.create(org_unit=district_a, role=Role.CLERK))

    assert district_clerk.get(reverse("reports:detail", args=[report.pk])).status_code == 404


@pytest.fixture
def generate(django_capture_on_commit_callbacks):
    """Ask for a file the way the page does, let the (eager) task run, download it."""

    def run(client, report, kind):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("reports:generate", args=[report.pk, kind]))
        job = client.get(response.url).context["job"]
        download = client.get(reverse("reports:file", args=[report.pk, job.pk]))
        return b"".join(download.streaming_content)

    return run


def test_pdf_reads_back_the_drafted_figures(clerk_client, clerk, city, half_year, tmp_path, generate):
    report = draft_report(clerk=clerk, scope=city)
    path = tmp_path / "summary.pdf"

    path.write_bytes(generate(clerk_client, report, "pdf"))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout

    flat = text.replace("\n", "")
    assert "共排查各类隐患6处，整改完成4处，整改完成率66.7%" in flat
    assert "（一）深化隐患排查整治" in flat
    assert re.search(r"—\s*1\s*—", text)  # GB/T 9704 page number


def test_excel_annex_totals_equal_the_summary_figures(clerk_client, clerk, city, half_year, generate):
    report = draft_report(clerk=clerk, scope=city)

    wb = load_workbook(BytesIO(generate(clerk_client, report, "xlsx")))
    ws = wb["隐患-按镇街"]
    rows = list(ws.iter_rows(min_row=3, values_only=True))

    assert rows[-1][:4] == ("合计", 6, 4, pytest.approx(0.667))
    assert sum(_count(r[1]) for r in rows[:-1]) == 6
    assert ws.freeze_panes == "B3"
    assert wb.sheetnames[0] == "封面"


def test_anyone_who_sees_the_report_sees_its_files(clerk_client, leader_client, clerk, city, half_year, generate):
    report = draft_report(clerk=clerk, scope=city)
    generate(clerk_client, report, "xlsx")

    response = leader_client.get(reverse("reports:detail", args=[report.pk]))

    assert len(response.context["files"]) == 1


def test_the_export_page_says_what_it_made_and_leads_back_to_the_report(
    clerk_client, clerk, city, half_year, django_capture_on_commit_callbacks
):
    report = draft_report(clerk=clerk, scope=city)
    with django_capture_on_commit_callbacks(execute=True):
        response = clerk_client.post(reverse("reports:generate", args=[report.pk, "pdf"]))
    export_page = clerk_client.get(response.url).content.decode()
    detail = clerk_client.get(reverse("reports:detail", args=[report.pk])).content.decode()

    assert re.search(r"data-produced>PDF文件，共\d+页<", export_page)
    assert "行" not in export_page.split("data-produced")[1][:30]
    assert f'href="{reverse("reports:detail", args=[report.pk])}" data-back' in export_page
    assert "据第1版" in detail
