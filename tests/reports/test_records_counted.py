"""Complaints and tip-offs, non-production-safety incidents and safety investments reach the summary's text
(issue 15), each in its own sentence, and an incident never touches the accident figures.

The hand-counted first half of 2026 in 临江市 (``records``):
- complaints: 城关街道 a batch of 3 tip-offs by the 12350 hotline (消防), closed 10 June, verified, 2 rewards
  of 2,000 + 3,000 = 5,000 元; 青山镇 1 online tip-off (工贸), still being handled; one in 2025, not counted
  → received 3 + 1 = 4, closed 3, verified 3, rewards 2, amount 5,000 元 = 0.5 万元;
- incidents: 城关街道 a gas leak caused by road works (5 March), 青山镇 a fire with no loss (9 April), nobody
  dead or injured → 2 incidents, 均未造成人员伤亡; a drowning in July falls outside the half year;
- investments: 道路交通 20,000,000 元 (道路安防设施升级改造 429 公里) + 10,810,000 元, 消防 500,000 元
  → 30,810,000 + 500,000 = 31,310,000 元 = 3131 万元, of which 道路交通 3081 万元 and 消防 50 万元;
- one road accident (城关街道, 15 March, 1 dead): the opening's accident sentence is about it alone.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from decimal import Decimal

import pytest

from reports.figures import report_figures
from reports.pdf import render_summary_pdf
from reports.services import report_scope
from responsibility.models import Complaint, Incident
from tests.factories.hazards import sector
from tests.factories.reports import draft_report
from tests.factories.responsibility import (
    AccidentFactory,
    ComplaintFactory,
    IncidentFactory,
    InvestmentFactory,
)

pytestmark = pytest.mark.django_db

d = dt.date
COMPLAINTS = "收到投诉举报4起、办结3起、查实3起、奖励2起，金额0.5万元。"
INCIDENTS = "此外，临江市发生非生产安全事故事件2起（火灾1起、燃气泄漏1起），均未造成人员伤亡。"
INVESTMENTS = "投入安全资金3131万元，其中道路交通领域3081万元、消防领域50万元，完成道路安防设施升级改造429公里。"


def pdf_text(report) -> str:
    """The PDF's text as pdftotext reads it, lines joined and page numbers ("— 1 —") dropped."""
    pdf = render_summary_pdf(report, report_scope(report))
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    return re.sub(r"—\d+—", "", out.decode().replace("\n", "").replace(" ", "").replace("\x0c", ""))


def body(report, key: str) -> str:
    return report.sections.get(key=key).body


@pytest.fixture
def accident(township_a):
    return AccidentFactory.create(org_unit=township_a, occurred_on=d(2026, 3, 15), dead=1)


@pytest.fixture
def records(township_a, township_b, accident):
    fire, trade, road = sector("消防"), sector("工贸"), sector("道路交通")
    ComplaintFactory.create(
        org_unit=township_a,
        received_on=d(2026, 2, 3),
        sector=fire,
        items=3,
        status=Complaint.Status.CLOSED,
        closed_on=d(2026, 6, 10),
        verified=True,
        rewards=2,
        reward_yuan=Decimal(5000),
    )
    ComplaintFactory.create(
        org_unit=township_b,
        received_on=d(2026, 5, 20),
        channel=Complaint.Channel.ONLINE,
        sector=trade,
        status=Complaint.Status.HANDLING,
    )
    ComplaintFactory.create(org_unit=township_b, received_on=d(2025, 5, 20))
    IncidentFactory.create(org_unit=township_a, occurred_on=d(2026, 3, 5), kind=Incident.Kind.GAS_LEAK)
    IncidentFactory.create(
        org_unit=township_b, occurred_on=d(2026, 4, 9), kind=Incident.Kind.FIRE, place="青山镇某仓库"
    )
    IncidentFactory.create(org_unit=township_b, occurred_on=d(2026, 7, 9), kind=Incident.Kind.DROWNING)
    InvestmentFactory.create(
        org_unit=township_a,
        sector=road,
        amount_yuan=Decimal(20000000),
        output="道路安防设施升级改造",
        quantity=Decimal(429),
        quantity_unit="公里",
        invested_on=d(2026, 4, 1),
    )
    InvestmentFactory.create(org_unit=township_b, sector=road, amount_yuan=Decimal(10810000), invested_on=d(2026, 5, 1))
    InvestmentFactory.create(org_unit=township_b, sector=fire, amount_yuan=Decimal(500000), invested_on=d(2026, 6, 1))


@pytest.fixture
def report(records, clerk, city):
    return draft_report(clerk=clerk, scope=city)


def test_complaints_and_rewards_are_said_in_the_publicity_part_and_once_in_the_pdf(report):
    assert COMPLAINTS in body(report, "publicity")
    assert pdf_text(report).count(COMPLAINTS) == 1


def test_incidents_are_said_apart_after_the_accidents_and_once_in_the_pdf(report):
    opening = body(report, "opening")

    assert INCIDENTS in opening
    assert opening.index("生产安全事故1起") < opening.index(INCIDENTS)
    assert pdf_text(report).count(INCIDENTS) == 1


def test_investment_is_said_with_its_sectors_and_works_and_once_in_the_pdf(report):
    assert INVESTMENTS in body(report, "hazards")
    assert pdf_text(report).count(INVESTMENTS) == 1


def test_an_incident_never_changes_the_accident_figures_or_the_opening_sentence(accident, township_a, clerk, city):
    """The accident alone, then with two incidents (one with a death): the accident sentence is the same."""
    before = body(draft_report(clerk=clerk, scope=city), "opening")
    IncidentFactory.create(org_unit=township_a, occurred_on=d(2026, 3, 5), dead=1, injured=2)
    IncidentFactory.create(org_unit=township_a, occurred_on=d(2026, 4, 5), kind=Incident.Kind.FIRE)
    report = draft_report(clerk=clerk, scope=city)
    after = body(report, "opening")
    figures = report_figures(report_scope(report))

    assert after.startswith(before)
    assert (figures["accidents"].value, figures["accident_deaths"].value) == (1, 1)
    assert "发生非生产安全事故事件2起（火灾1起、燃气泄漏1起），造成1人死亡、2人受伤。" in after


def test_a_module_without_records_says_nothing(accident, clerk, city):
    report = draft_report(clerk=clerk, scope=city)
    text = "".join(s.body for s in report.sections.all())
    figures = report_figures(report_scope(report))

    assert not re.search("投诉举报|非生产安全事故事件|安全资金", text)
    assert {figures[k].value for k in ("complaints", "incidents", "investment_wan")} == {None}


def test_one_incident_without_casualties_is_worded_in_the_singular(township_b, clerk, city):
    IncidentFactory.create(org_unit=township_b, occurred_on=d(2026, 4, 9))
    opening = body(draft_report(clerk=clerk, scope=city), "opening")
    assert "此外，临江市发生非生产安全事故事件1起，未造成人员伤亡。" in opening


def test_a_district_report_counts_only_its_own_records(records, clerk, district_b):
    """青山县 holds 青山镇: 1 tip-off (handling), the fire, 10,810,000 + 500,000 元 = 1131 万元."""
    report = draft_report(clerk=clerk, scope=district_b)

    assert "收到投诉举报1起。" in body(report, "publicity")
    assert "此外，青山县发生非生产安全事故事件1起，未造成人员伤亡。" in body(report, "opening")
    assert "投入安全资金1131万元，其中道路交通领域1081万元、消防领域50万元。" in body(report, "hazards")
