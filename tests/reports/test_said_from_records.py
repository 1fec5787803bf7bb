"""What a summary says, read back from the PDF: every campaign and sector, no false zeros, any period.

The hand-counted first half of 2026 in 临江市 (``records``):
- “安全生产隐患大排查大整治行动” (all year): 城关街道 found 4 hazards (消防), 3 closed by 30 June, one of
  them major and closed → 4 found, 3 rectified, 3/4 = 75%, 1 major rectified; one case under it (消防,
  filed 1 March, decided 20 April): 停产停业, 三停, 2 people detained, fine 15,800 元 = 1.58 万元;
- “有限空间专项整治” (March–May): 青山镇 found 2 hazards (工贸), both closed → 2/2 = 100%, no major;
- 消防: 3 inspections (2 in 城关街道, 1 in 青山镇), the 4 hazards above (3 rectified), the one case;
- 工贸: the 2 hazards, nothing else;
- no accident, no flood record, no letter, no training, in 2026 or 2025.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from enforcement.models import Case
from hazards.models import Hazard
from reports.exporters import write_annex
from reports.models import SectionTemplate
from reports.pdf import render_summary_pdf
from reports.services import report_scope
from tests.factories.enforcement import CaseFactory, InspectionFactory
from tests.factories.hazards import CampaignFactory, HazardFactory, sector
from tests.factories.reports import draft_report
from tests.factories.responsibility import AccidentFactory

pytestmark = pytest.mark.django_db

d = dt.date
CLOSED = Hazard.Status.CLOSED


def pdf_text(report) -> str:
    """The PDF's text as pdftotext reads it, lines joined and page numbers ("— 1 —") dropped."""
    pdf = render_summary_pdf(report, report_scope(report))
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    return re.sub(r"—\d+—", "", out.decode().replace("\n", "").replace(" ", "").replace("\x0c", ""))


@pytest.fixture
def records(township_a, township_b):
    big = CampaignFactory.create(name="安全生产隐患大排查大整治行动", start=d(2026, 1, 1), end=d(2026, 12, 31))
    confined = CampaignFactory.create(name="有限空间专项整治", start=d(2026, 3, 1), end=d(2026, 5, 31))
    fire, trade = sector("消防"), sector("工贸")
    for found, closed, level in (
        (d(2026, 1, 10), d(2026, 1, 20), Hazard.Level.MAJOR),
        (d(2026, 2, 10), d(2026, 3, 1), Hazard.Level.GENERAL),
        (d(2026, 3, 10), d(2026, 4, 1), Hazard.Level.GENERAL),
    ):
        HazardFactory.create(
            org_unit=township_a, campaign=big, sector=fire, found_on=found, status=CLOSED, closed_on=closed, level=level
        )
    HazardFactory.create(
        org_unit=township_a,
        campaign=big,
        sector=fire,
        found_on=d(2026, 5, 10),
        status=Hazard.Status.RECTIFYING,
        deadline=d(2026, 12, 30),
        responsible_unit="某公司",
    )
    for found in (d(2026, 3, 5), d(2026, 4, 5)):
        HazardFactory.create(
            org_unit=township_b,
            campaign=confined,
            sector=trade,
            found_on=found,
            status=CLOSED,
            closed_on=found + dt.timedelta(days=9),
        )
    for unit, day in ((township_a, d(2026, 2, 3)), (township_a, d(2026, 3, 3)), (township_b, d(2026, 4, 3))):
        InspectionFactory.create(org_unit=unit, sector=fire, inspected_on=day)
    CaseFactory.create(
        org_unit=township_a,
        sector=fire,
        campaign=big,
        filed_on=d(2026, 3, 1),
        stage=Case.Stage.DECIDED,
        decided_on=d(2026, 4, 20),
        suspension=True,
        three_stops=True,
        detained_people=2,
        fine_yuan=Decimal("15800"),
    )
    return big, confined


@pytest.fixture
def report(records, clerk, city):
    return draft_report(clerk=clerk, scope=city)


def test_each_campaign_gets_its_own_sentence_with_its_rate_and_enforcement(report):
    text = pdf_text(report)

    assert (
        "开展“安全生产隐患大排查大整治行动”，共排查各类隐患4处，整改完成3处，整改完成率75%，"
        "其中重大事故隐患1处、已整改1处，立案查处1起，责令停产停业1家，责令“三停”1家，行政拘留2人，"
        "罚款1.58万元。"
    ) in text
    assert "开展“有限空间专项整治”，共排查各类隐患2处，整改完成2处，整改完成率100%，未排查出重大隐患。" in text


def test_fire_safety_gets_a_sector_sentence_with_inspections_hazards_three_stops_and_fines(report):
    text = pdf_text(report)

    assert (
        "消防领域，检查单位3家次，发现火灾隐患4处，督促整改3处，整改完成率75%，立案查处1起，"
        "责令停产停业1家，责令“三停”1家，行政拘留2人，罚款1.58万元。"
    ) in text
    assert "工贸领域，发现隐患2处，督促整改2处，整改完成率100%。" in text


def test_modules_without_records_say_nothing_not_zero(report, clerk_client):
    text = pdf_text(report)
    page = clerk_client.get(reverse("reports:detail", args=[report.pk])).content.decode()

    assert "0名" not in text
    assert "防汛责任人" not in text
    assert "同比" not in text
    assert "生产安全事故" not in text
    assert "基层防汛责任人" in page.split("data-no-records")[1].split("</div>")[0]


def test_the_clerk_picks_the_campaigns_and_their_order(report, records, clerk_client):
    big, confined = records
    url = reverse("reports:items", args=[report.pk])
    clerk_client.post(
        url,
        {
            "version": report.version,
            "campaigns": [str(confined.pk)],
            f"order_campaign_{confined.pk}": "1",
            "sectors": [],
        },
    )
    report.refresh_from_db()
    text = pdf_text(report)

    assert "有限空间专项整治" in text
    assert "安全生产隐患大排查大整治行动" not in text
    assert "消防领域" not in text


def test_no_year_on_year_without_records_last_year(township_a, clerk, city):
    """2026: 2 accidents, 1 + 0 dead; 2025: nothing entered at all → the figures alone, no 同比."""
    AccidentFactory.create(org_unit=township_a, occurred_on=d(2026, 2, 1), dead=1)
    AccidentFactory.create(org_unit=township_a, occurred_on=d(2026, 3, 1), dead=0)
    opening = draft_report(clerk=clerk, scope=city).sections.get(key="opening").body

    assert "共发生各类生产安全事故2起，死亡1人，未发生较大及以上生产安全事故。" in opening
    assert "同比" not in opening


def test_year_on_year_once_last_year_was_recorded(township_a, clerk, city):
    """2025 was entered (a hazard, no accident): the rise from 0 to 2 is a true change, in units."""
    AccidentFactory.create(org_unit=township_a, occurred_on=d(2026, 2, 1), dead=1)
    AccidentFactory.create(org_unit=township_a, occurred_on=d(2026, 3, 1), dead=0)
    HazardFactory.create(org_unit=township_a, found_on=d(2025, 3, 1))
    opening = draft_report(clerk=clerk, scope=city).sections.get(key="opening").body

    assert "事故数同比增加2起，死亡人数增加1人" in opening


def test_a_death_fewer_is_counted_in_people(township_a, clerk, city):
    """2026: 2 accidents with 1 + 0 dead; 2025: 1 with 2 dead → 2 ÷ 1 = +100%, deaths 1 − 2 = −1 人."""
    AccidentFactory.create(org_unit=township_a, occurred_on=d(2026, 2, 1), dead=1)
    AccidentFactory.create(org_unit=township_a, occurred_on=d(2026, 3, 1), dead=0)
    AccidentFactory.create(org_unit=township_a, occurred_on=d(2025, 3, 1), dead=2)
    opening = draft_report(clerk=clerk, scope=city).sections.get(key="opening").body

    assert "事故数同比上升100%，死亡人数下降1人" in opening


def test_accidents_without_casualties_say_so(township_a, clerk, city):
    AccidentFactory.create(org_unit=township_a, occurred_on=d(2026, 2, 1), dead=0, injured=0)
    opening = draft_report(clerk=clerk, scope=city).sections.get(key="opening").body

    assert "共发生各类生产安全事故1起，未造成人员伤亡，未发生较大及以上生产安全事故" in opening


def test_a_year_report_names_its_year_in_opening_headings_and_annex(records, township_a, clerk, city):
    AccidentFactory.create(org_unit=township_a, occurred_on=d(2026, 11, 1), dead=1)
    report = draft_report(
        clerk=clerk, scope=city, start=d(2026, 1, 1), end=d(2026, 12, 31), title="临江市应急管理局2026年工作总结"
    )
    text = pdf_text(report)
    cover = load_workbook(BytesIO(write_annex(report, report_scope(report))))["封面"]

    assert "截至12月31日" in text
    assert "一、全年主要工作" in text
    assert "隐患排查治理情况（按镇街）（2026年1月1日至12月31日）" in text
    assert "2026年1月1日至12月31日" in [c for row in cover.iter_rows(values_only=True) for c in row if c]


def test_a_quarter_report_counts_to_the_quarters_end_even_drafted_later(records, township_a, clerk, city):
    """Third quarter drafted on 2 December: 截至9月30日; one hazard in August, none of the first half's."""
    HazardFactory.create(org_unit=township_a, found_on=d(2026, 8, 1))
    HazardFactory.create(org_unit=township_a, found_on=d(2026, 10, 1))
    AccidentFactory.create(org_unit=township_a, occurred_on=d(2026, 8, 1), dead=1)
    report = draft_report(clerk=clerk, scope=city, start=d(2026, 7, 1), end=d(2026, 9, 30), as_of=d(2026, 12, 2))
    text = pdf_text(report)

    assert "截至9月30日" in text
    assert "一、第三季度主要工作" in text
    assert "共排查各类隐患1处" in text
    assert "（2026年7月1日至9月30日）" in text


def test_a_bureau_skeleton_with_a_situation_part_and_four_headings(records, township_a, clerk, city):
    AccidentFactory.create(org_unit=township_a, occurred_on=d(2026, 2, 1), dead=1)
    opening = SectionTemplate.objects.get(key="opening")
    first, accidents = opening.body.split("\n")[0], "\n".join(opening.body.split("\n")[1:])
    opening.body = first
    opening.save()
    SectionTemplate.objects.create(
        key="situation", order=2, level=1, kind="drafted", heading="{period_name}安全生产形势分析", body=accidents
    )
    SectionTemplate.objects.filter(key="work").update(heading="主要工作开展情况")
    SectionTemplate.objects.filter(key="problems").update(heading="存在问题")
    SectionTemplate.objects.filter(key="plans").update(heading="{next_period_name}工作打算")
    report = draft_report(clerk=clerk, scope=city)
    report.problems, report.plans = "基层力量薄弱。", "持续推进隐患排查整治。"
    report.save()
    text = pdf_text(report)

    assert "一、上半年安全生产形势分析截至6月30日，临江市共发生各类生产安全事故1起" in text
    assert "二、主要工作开展情况（一）" in text
    assert "三、存在问题基层力量薄弱。四、下半年工作打算持续推进隐患排查整治。" in text


def test_an_accepted_problem_is_printed_under_its_heading_with_its_figures(records, clerk, clerk_client, city):
    """城关街道 3/4 = 75% and 青山镇 2/2 = 100% (fewer than 5: not singled out); 1 hazard still open, none
    overdue (deadline 30 December); the sectors: 消防 4 of 6 = 66.7%, 工贸 2 of 6 = 33.3%."""
    report = draft_report(clerk=clerk, scope=city)
    clerk_client.post(
        reverse("reports:problem_accept", args=[report.pk]), {"key": "top_hazard_sectors", "version": report.version}
    )
    report.refresh_from_db()
    text = pdf_text(report)

    assert "二、存在的主要问题隐患主要集中在消防、工贸等领域，分别占隐患总数的66.7%、33.3%" in text
