"""One definition per figure: every placeholder is registered, a misspelled one is refused where it is
typed, optional sentences are switched on per report, and a card, a sentence and an annex cell agree.

The hazards are the shared half_year fixture (tests/reports/conftest.py): 6 found, 4 rectified.
"""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from org.models import Role
from reports.exporters import write_annex
from reports.models import SectionKind, SectionTemplate
from reports.registry import FIGURES, ITEM_FIGURES, unknown_placeholders
from reports.services import report_scope
from tests.factories.org import UserFactory
from tests.factories.reports import draft_report

pytestmark = pytest.mark.django_db


def test_every_placeholder_of_the_default_wording_names_a_registered_figure():
    templates = list(SectionTemplate.objects.all())
    unknown = {
        t.key: unknown_placeholders(t.heading + t.body, item=t.key if t.kind == SectionKind.REPEAT else None)
        for t in templates
    }

    assert {key for key, names in unknown.items() if names} == set()
    assert len(templates) >= 10


def test_every_registered_figure_has_a_sentence_that_can_say_it():
    """A figure no template names could only ever sit in the annex (issue 14: every figure can be said)."""
    said = set()
    for t in SectionTemplate.objects.all():
        said |= set(re.findall(r"\{(\w+)\}", t.heading + t.body))
    # The report's own facts and the comparison's base figures are said inside phrases, not by name.
    inside_phrases = {
        "as_of",
        "accidents",
        "accident_deaths",
        "accidents_last_year",
        "deaths_last_year",
        "accident_kinds_phrase",
        "main_committees",
        "township_committee_rate",
        "meetings",
        "major_rate",
        "risk_points",
        "supply_shortfalls",
        "accident_injured",
        "units_inspected",
    }
    # A note for the clerk beside the text, never part of it (issue 15: which source a sector slot is said from).
    beside_the_text = {"sector_returns_kept_apart"}

    assert sorted(set(FIGURES) - said - inside_phrases - beside_the_text) == []
    assert set(ITEM_FIGURES["campaign"]) - said == set()


@pytest.fixture
def admin_client(client, city):
    admin = UserFactory.create(org_unit=city, role=Role.ADMIN, is_staff=True, is_superuser=True)
    client.force_login(admin)
    return client


def test_the_admin_refuses_a_misspelled_figure_next_to_the_wording(admin_client):
    template = SectionTemplate.objects.get(key="hazards")
    before = template.body
    url = reverse("admin:reports_sectiontemplate_change", args=[template.pk])

    response = admin_client.post(
        url,
        {
            "key": "hazards",
            "order": 20,
            "level": 2,
            "kind": "drafted",
            "heading": template.heading,
            "body": "共排查各类隐患{hazard_found}处。",
        },
    )

    assert "{hazard_found}" in response.content.decode()
    assert "未知" in response.content.decode()
    template.refresh_from_db()
    assert template.body == before


def test_a_paragraph_naming_an_unknown_figure_is_refused_and_a_known_one_is_filled(
    half_year, clerk, clerk_client, city
):
    report = draft_report(clerk=clerk, scope=city)
    url = reverse("reports:section", args=[report.pk, "hazards"])

    refused = clerk_client.post(url, {"heading": "隐患", "body": "排查{hazard_found}处。", "version": report.version})
    report.refresh_from_db()
    saved = clerk_client.post(
        url, {"heading": "隐患", "body": "全年排查{hazards_found}处。", "version": report.version}
    )

    assert refused.status_code == 400
    assert "{hazard_found}" in refused.content.decode()
    assert "全年排查6处。" in saved.content.decode()


def test_an_optional_sentence_is_offered_and_said_once_switched_on(half_year, clerk, clerk_client, city):
    template = SectionTemplate.objects.get(key="hazards")
    template.body += "\n?[重大隐患整改率{major_rate}。]"
    template.save()
    report = draft_report(clerk=clerk, scope=city)
    line = len(template.body.splitlines()) - 1
    page = clerk_client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    before = report.sections.get(key="hazards").body

    clerk_client.post(
        reverse("reports:sentences", args=[report.pk, "hazards"]), {"lines": [str(line)], "version": report.version}
    )

    assert "重大隐患整改率100%。" in page  # offered
    assert "重大隐患整改率" not in before  # off by default
    assert report.sections.get(key="hazards").body.endswith("重大隐患整改率100%。")


def test_a_card_a_sentence_and_an_annex_cell_show_one_figure_alike(half_year, clerk, clerk_client, leader_client, city):
    report = draft_report(clerk=clerk, scope=city)
    card = leader_client.get(reverse("reports:dashboard") + "?period=custom&start=2026-01-01&end=2026-06-30")
    card = card.content.decode().split('data-kpi="hazards_found"')[1].split("</a>")[0]
    listed = clerk_client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    sheet = load_workbook(BytesIO(write_annex(report, report_scope(report))))["隐患-按镇街"]
    header = [c.value for c in sheet[2]]
    total = [c.value for c in sheet[sheet.max_row]]

    assert re.search(r"kpi-value[^>]*>6<.*kpi-label[^>]*>排查隐患（处）<", card, re.S)
    assert re.search(r"<span>排查隐患（处）</span><a [^>]*>6</a>", listed)
    assert total[header.index("排查隐患（处）")] == 6
    assert "共排查各类隐患6处" in report.sections.get(key="hazards").body


def test_the_report_page_reads_a_fixed_number_of_queries_whatever_the_records(
    records_for_pin, clerk, clerk_client, city, township_a, township_b
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories.enforcement import CaseFactory, InspectionFactory
    from tests.factories.hazards import CampaignFactory, HazardFactory, sector

    report = draft_report(clerk=clerk, scope=city)
    url = reverse("reports:detail", args=[report.pk])
    with CaptureQueriesContext(connection) as small:
        clerk_client.get(url)
    campaign = CampaignFactory.create(name="第二个专项行动")
    for unit in (township_a, township_b):
        for name in ("工贸", "建筑施工", "城镇燃气"):
            HazardFactory.create(org_unit=unit, sector=sector(name), campaign=campaign)
            InspectionFactory.create(org_unit=unit, sector=sector(name), campaign=campaign)
            CaseFactory.create(org_unit=unit, sector=sector(name), campaign=campaign)
    with CaptureQueriesContext(connection) as large:
        clerk_client.get(url)

    assert len(large) == len(small)
    assert len(small) == PINNED_REPORT_PAGE_QUERIES


# Session, user and notices; the report, its parts, files and versions; the figures of every module (a few
# aggregate queries each), the campaign and sector items, the wording templates; the problem suggestions
# (reports/problems.py, 10); the review comments; complaints, incidents and investments (1 + 1 + 2, issue 15);
# the bureau's indicators and their accepted returns (1 + 1, issue 15); the accepted returns said in sector
# sentences (1, issue 15). Counted on SQLite and PostgreSQL alike.
PINNED_REPORT_PAGE_QUERIES = 67


@pytest.fixture
def records_for_pin(half_year, township_a):
    """The half year, one campaign with a hazard and an inspection, in two sectors: every query runs."""
    from tests.factories.enforcement import InspectionFactory
    from tests.factories.hazards import CampaignFactory, HazardFactory, sector

    campaign = CampaignFactory.create(name="第一个专项行动")
    HazardFactory.create(org_unit=township_a, sector=sector("工贸"), campaign=campaign)
    InspectionFactory.create(org_unit=township_a, sector=sector("消防"), campaign=campaign)


def test_the_admin_refuses_a_sector_sentence_naming_an_unknown_or_a_summary_wide_figure(admin_client):
    """A sector's sentence is filled from that sector's figures only: a summary-wide name is unknown there."""
    template = SectionTemplate.objects.get(key="sector")
    before = template.body
    url = reverse("admin:reports_sectiontemplate_change", args=[template.pk])

    response = admin_client.post(
        url,
        {
            "key": "sector",
            "order": template.order,
            "level": template.level,
            "kind": "repeat",
            "heading": template.heading,
            "body": "{name}检查单位{inspections}家次，{inspectoins}，全区{hazards_found}处，{inspectoins}。",
        },
    )

    page = response.content.decode()
    assert "未知" in page
    assert "{inspectoins}、{hazards_found}" in page  # each unknown name once, in the order typed
    template.refresh_from_db()
    assert template.body == before


def test_an_indicators_code_is_known_to_the_summary_but_not_to_a_sector_sentence(city, city_leader):
    from responsibility.services.returns import indicator_create

    indicator_create(
        acting_user=city_leader,
        org_unit=city,
        code="grid_members",
        label="网格员",
        unit="名",
        frequency="half_yearly",
        from_townships=True,
    )

    assert unknown_placeholders("网格员{grid_members}名，{grid_membres}名。") == ["grid_membres"]
    assert unknown_placeholders("{name}网格员{grid_members}名。", item="sector") == ["grid_members"]


def test_a_wording_whose_names_are_all_registered_asks_the_database_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert unknown_placeholders("共排查各类隐患{hazards_found}处，整改完成{hazards_rectified}处。") == []
