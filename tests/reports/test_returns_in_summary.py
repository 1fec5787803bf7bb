"""Departments' accepted returns in the half-year summary (issue 15): every indicator is a figure named by its
code, and one sentence says each unit's figures, attributed to it, apart from the bureau's own enforcement.

Fixtures: tests/responsibility/returns_world.py (临江市 asks 区消防救援大队 and 区住建局 for the first half of 2026).
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reports.admin import check_placeholders
from reports.figures import report_figures
from reports.models import SectionTemplate
from reports.services import report_scope
from responsibility.services import returns as services
from tests.factories.enforcement import InspectionFactory
from tests.factories.reports import draft_report
from tests.responsibility import returns_world
from tests.responsibility.returns_world import accept, fill, submit

pytestmark = pytest.mark.django_db

# The shared fixtures (tests/responsibility/returns_world.py), bound here by name for pytest to find.
fire_brigade = returns_world.fire_brigade
fire_staff = returns_world.fire_staff
first_half = returns_world.first_half
housing_bureau = returns_world.housing_bureau
housing_staff = returns_world.housing_staff
indicators = returns_world.indicators


@pytest.fixture
def accepted(fire_staff, housing_staff, clerk, first_half, indicators):
    """区消防救援大队: 849 checks, 1116 fire hazards, fines 26.58 万元 — accepted.
    区住建局: 12 checks — accepted. {fire_checks} = 849 + 12 = 861."""
    accept(
        clerk,
        submit(
            fire_staff,
            fill(fire_staff, first_half, indicators, fire_checks="849", fire_hazards="1116", fire_fines="26.58"),
        ),
    )
    accept(clerk, submit(housing_staff, fill(housing_staff, first_half, indicators, fire_checks="12")))


def _enforcement(report) -> str:
    return report.sections.get(key="enforcement").body


def test_an_accepted_return_is_said_with_its_units_and_its_department(accepted, clerk, city):
    report = draft_report(clerk=clerk, scope=city)

    assert (
        "据各部门报送，区消防救援大队共检查单位849家次、发现火灾隐患1116处、罚款26.58万元；区住建局共检查单位12家次。"
    ) in _enforcement(report)


def test_an_indicator_is_the_sum_of_the_accepted_returns_with_its_label_and_unit(accepted, clerk, city):
    figures = report_figures(report_scope(draft_report(clerk=clerk, scope=city)))

    assert (figures["fire_checks"].value, figures["fire_checks"].display) == (Decimal(861), "861")
    assert figures["fire_checks"].label == "检查单位（家次）"
    assert figures["grid_members"].value is None  # no accepted return carries it: no records, not 0


def test_draft_and_sent_back_returns_are_not_said(fire_staff, housing_staff, clerk, city, first_half, indicators):
    """区消防救援大队 left a draft (849); 区住建局 was sent back (12): nothing is accepted, nothing is said."""
    fill(fire_staff, first_half, indicators, fire_checks="849")
    ret = submit(housing_staff, fill(housing_staff, first_half, indicators, fire_checks="12"))
    services.return_send_back(acting_user=clerk, ret=ret, version=ret.version, reason="数据待核实")

    report = draft_report(clerk=clerk, scope=city)
    figures = report_figures(report_scope(report))

    assert "据各部门报送" not in _enforcement(report)
    assert figures["fire_checks"].value is None


def test_a_submitted_return_awaiting_review_is_not_said(fire_staff, clerk, city, first_half, indicators):
    submit(fire_staff, fill(fire_staff, first_half, indicators, fire_checks="849"))

    assert "区消防救援大队" not in _enforcement(draft_report(clerk=clerk, scope=city))


def test_the_bureaus_own_enforcement_figures_are_unchanged_by_a_departments_return(
    fire_staff, clerk, city, township_a, first_half, indicators
):
    """The bureau inspected 2 units itself; the brigade's 849 are said apart: "共检查单位2家次" before and after."""
    InspectionFactory.create(org_unit=township_a)
    InspectionFactory.create(org_unit=township_a)
    before = report_figures(report_scope(draft_report(clerk=clerk, scope=city)))
    accept(clerk, submit(fire_staff, fill(fire_staff, first_half, indicators, fire_checks="849")))
    report = draft_report(clerk=clerk, scope=city)
    after = report_figures(report_scope(report))

    assert [after[k].value for k in ("inspections", "cases", "fines_wan", "three_stops")] == [
        before[k].value for k in ("inspections", "cases", "fines_wan", "three_stops")
    ]
    assert after["inspections"].value == 2
    assert _enforcement(report).startswith("共检查单位2家次")


def test_a_wording_naming_an_existing_indicator_is_accepted_and_an_unknown_one_refused(indicators):
    check_placeholders("区消防救援大队共检查单位{fire_checks}家次。")

    with pytest.raises(ValidationError):
        check_placeholders("区消防救援大队共检查单位{fire_chekcs}家次。")


def test_the_admin_saves_a_template_naming_an_indicator(indicators, city, client):
    from org.models import Role
    from tests.factories.org import UserFactory

    client.force_login(UserFactory.create(org_unit=city, role=Role.ADMIN, is_staff=True, is_superuser=True))
    template = SectionTemplate.objects.get(key="enforcement")
    body = template.body + "\n[区消防救援大队共检查单位{fire_checks}家次。]"

    client.post(
        reverse("admin:reports_sectiontemplate_change", args=[template.pk]),
        {
            "key": "enforcement",
            "order": template.order,
            "level": template.level,
            "kind": template.kind,
            "heading": template.heading,
            "body": body,
        },
    )
    template.refresh_from_db()

    assert template.body == body


def test_a_clerks_paragraph_may_name_an_indicator(accepted, clerk, clerk_client, city):
    report = draft_report(clerk=clerk, scope=city)

    response = clerk_client.post(
        reverse("reports:section", args=[report.pk, "enforcement"]),
        {"heading": "执法", "body": "消防部门检查单位{fire_checks}家次。", "version": report.version},
    )

    assert "消防部门检查单位861家次。" in response.content.decode()


def test_the_report_page_lists_an_indicators_figure_beside_the_text(accepted, clerk, clerk_client, city):
    report = draft_report(clerk=clerk, scope=city)

    page = clerk_client.get(reverse("reports:detail", args=[report.pk])).content.decode()

    assert re.search(r"<span>发现火灾隐患（处）</span><a [^>]*>1116</a>", page)
    assert "<span>网格员（名）</span>" not in page  # no accepted return carries it


def test_indicators_without_an_accepted_return_are_told_as_no_records(clerk, clerk_client, city, indicators):
    report = draft_report(clerk=clerk, scope=city)

    page = clerk_client.get(reverse("reports:detail", args=[report.pk])).content.decode()

    no_records = page.split("data-no-records>")[1].split("</div>")[0]
    assert "部门报表" in no_records
    assert "<span>检查单位（家次）</span>" not in page
