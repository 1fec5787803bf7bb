"""The opening and every section against a hand-counted half year across the domains.

By hand, first half of 2026 in 临江市:
- accidents: 3 this year (deaths 1 + 2 + 1 = 4); 5 in the first half of 2025 with 1+1+1+1+0 = 4 deaths
  → "事故数同比下降40%", "死亡人数持平" (people are compared in units, not rates), none 较大及以上;
- hazards: the shared half_year fixture → 6 found, 4 rectified, "整改完成率66.7%";
- enforcement: 2 cases filed; fines 150,000 + 115,800 = 265,800 元 → "罚款26.58万元"; 1 suspension;
- publicity: 2 trainings with 60 + 40 = 100 people trained.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from enforcement.models import Case
from reports.exporters import write_annex
from reports.pdf import render_summary_pdf
from reports.services import report_scope
from responsibility.models import PublicityEvent
from tests.factories.enforcement import CaseFactory
from tests.factories.reports import draft_report
from tests.factories.responsibility import AccidentFactory, PublicityEventFactory

pytestmark = pytest.mark.django_db

d = dt.date


@pytest.fixture
def whole_half_year(half_year, township_a, township_b):
    for day, dead in ((d(2026, 2, 3), 1), (d(2026, 3, 9), 2), (d(2026, 5, 30), 1)):
        AccidentFactory.create(org_unit=township_a, occurred_on=day, dead=dead)
    for month, dead in ((1, 1), (2, 1), (3, 1), (4, 1), (5, 0)):
        AccidentFactory.create(org_unit=township_b, occurred_on=d(2025, month, 9), dead=dead)
    decided = {"stage": Case.Stage.DECIDED, "decided_on": d(2026, 4, 20)}
    CaseFactory.create(
        org_unit=township_a, filed_on=d(2026, 3, 1), fine_yuan=Decimal("150000"), suspension=True, **decided
    )
    CaseFactory.create(org_unit=township_b, filed_on=d(2026, 3, 5), fine_yuan=Decimal("115800"), **decided)
    for people in (60, 40):
        PublicityEventFactory.create(
            org_unit=township_a, kind=PublicityEvent.Kind.TRAINING, held_on=d(2026, 4, 1), participants=people
        )


@pytest.fixture
def report(whole_half_year, clerk, city):
    return draft_report(clerk=clerk, scope=city)


def body(report, key: str) -> str:
    return report.sections.get(key=key).body


def test_opening_states_accidents_with_year_on_year_change(report):
    assert "共发生各类生产安全事故3起，死亡4人，事故数同比下降40%，死亡人数持平" in body(report, "opening")
    assert "未发生较大及以上生产安全事故" in body(report, "opening")


def test_enforcement_sentence_gives_fines_in_wan_yuan(report):
    assert "立案查处2起，罚款26.58万元，责令停产停业1家" in body(report, "enforcement")


def test_publicity_sentence_counts_trainings_and_people(report):
    assert "开展安全生产培训2场次，培训100人次" in body(report, "publicity")


def test_sections_are_numbered_without_gaps_in_the_pdf(report, tmp_path):
    path = tmp_path / "summary.pdf"
    path.write_bytes(render_summary_pdf(report, report_scope(report)))

    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    flat = text.replace("\n", "")
    assert "事故数同比下降40%，死亡人数持平" in flat
    assert "（一）" in flat
    assert "罚款26.58万元" in flat


def test_annex_totals_match_the_text(report):
    wb = load_workbook(BytesIO(write_annex(report, report_scope(report))))

    accidents = list(wb["事故-同比"].iter_rows(values_only=True))[-1]
    enforcement = list(wb["执法-按镇街"].iter_rows(values_only=True))[-1]
    assert accidents[:4] == ("合计", 3, 5, "同比下降40%")
    assert (enforcement[4], enforcement[5]) == (2, 26.58)


def test_district_figure_links_open_exactly_the_counted_records(whole_half_year, clerk, clerk_client, district_b):
    from django.urls import reverse

    district_report = draft_report(clerk=clerk, scope=district_b)
    response = clerk_client.get(reverse("reports:detail", args=[district_report.pk]))
    cases = next(f for f in response.context["figures"] if f.key == "cases")

    listing = clerk_client.get(cases.link)

    assert cases.value == 1
    assert listing.context["page"].paginator.count == 1
