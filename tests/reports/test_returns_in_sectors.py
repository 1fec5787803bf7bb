"""Departments' accepted returns inside the sector sentences (issue 15): a return fills the slots of its sector's
sentence that the bureau's own records leave empty and says who reported them; a slot the bureau's records fill
keeps the bureau's figure, and the department's figure for it is said once, attributed, among the departments'
figures. Nothing is added to the bureau's own figures, and every accepted value is said exactly once.

Hand count, first half of 2026 in 临江市. 临江市 asks its departments four 消防 figures (half-yearly):
    brigade_checks 检查单位 家次 (inspections), brigade_hazards 发现火灾隐患 处 (found),
    brigade_rectified 督促整改 处 (rectified), brigade_fines 罚款 万元 (fines_wan).
区消防救援大队 returns 849 checks, 1116 hazards, 1042 rectified, fines 26.58 万元 — accepted.
The bureau itself inspected 2 units in 消防 (城关街道), with no hazards and no cases.
→ 消防: checks from the bureau (2家次; the brigade's 849 said among the departments' figures), hazards
  1116 / 1042 = 93.4% and fines 26.58 万元 from the brigade.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from reports.figures import report_figures
from reports.models import SectionTemplate
from reports.services import report_scope
from responsibility.services import returns as services
from tests.factories.enforcement import InspectionFactory
from tests.factories.hazards import sector
from tests.factories.reports import draft_report
from tests.reports.test_records_counted import pdf_text
from tests.responsibility import returns_world
from tests.responsibility.returns_world import accept, submit

pytestmark = pytest.mark.django_db

fire_brigade = returns_world.fire_brigade
fire_staff = returns_world.fire_staff
first_half = returns_world.first_half
housing_bureau = returns_world.housing_bureau
housing_staff = returns_world.housing_staff
indicators = returns_world.indicators

BRIGADE_SAYS = "据各部门报送，区消防救援大队共检查单位849家次。"


@pytest.fixture
def fire_indicators(city, city_leader):
    fire = sector("消防")

    def make(code, label, unit, measure, order):
        return services.indicator_create(
            acting_user=city_leader,
            org_unit=city,
            code=code,
            label=label,
            unit=unit,
            frequency="half_yearly",
            sector=fire,
            measure=measure,
            sort_order=order,
        )

    return {
        "brigade_checks": make("brigade_checks", "检查单位", "家次", "inspections", 11),
        "brigade_hazards": make("brigade_hazards", "发现火灾隐患", "处", "found", 12),
        "brigade_rectified": make("brigade_rectified", "督促整改", "处", "rectified", 13),
        "brigade_fines": make("brigade_fines", "罚款", "万元", "fines_wan", 14),
    }


def _return(user, clerk, period, indicators, **values):
    """A return of ``user``'s unit, submitted on time and accepted by the city's clerk."""
    ret = services.return_create(
        acting_user=user,
        period=period,
        org_unit=user.org_unit,
        values={indicators[k]: Decimal(v) for k, v in values.items()},
    )
    return accept(clerk, submit(user, ret))


@pytest.fixture
def brigade_return(fire_indicators, first_half, fire_staff, clerk):
    return _return(
        fire_staff,
        clerk,
        first_half,
        fire_indicators,
        brigade_checks="849",
        brigade_hazards="1116",
        brigade_rectified="1042",
        brigade_fines="26.58",
    )


@pytest.fixture
def own_checks(township_a):
    InspectionFactory.create(org_unit=township_a, sector=sector("消防"))
    InspectionFactory.create(org_unit=township_a, sector=sector("消防"))


def _body(report, key: str) -> str:
    return report.sections.get(key=key).body


def test_a_return_fills_the_slots_the_bureaus_records_leave_empty_and_says_who_reported_them(
    own_checks, brigade_return, clerk, city
):
    sectors = _body(draft_report(clerk=clerk, scope=city), "sectors")

    assert (
        "消防领域，检查单位2家次，发现火灾隐患1116处，督促整改1042处，整改完成率93.4%，罚款26.58万元"
        "（发现隐患、督促整改、罚款据区消防救援大队报送）。"
    ) in sectors


def test_the_bureaus_own_figures_do_not_change_and_nothing_is_added(
    own_checks, clerk, city, fire_indicators, first_half, fire_staff
):
    """Before and after the brigade's return: the bureau's inspections 2, its enforcement sentence the same;
    no 851 (2 + 849) anywhere."""
    before = draft_report(clerk=clerk, scope=city)
    _return(fire_staff, clerk, first_half, fire_indicators, brigade_checks="849", brigade_hazards="1116")
    after = draft_report(clerk=clerk, scope=city)
    figures = report_figures(report_scope(after))
    text = "".join(s.body for s in after.sections.all())

    assert (figures["inspections"].value, figures["hazards_found"].value) == (2, None)  # no hazard records
    assert _body(after, "enforcement").startswith(_body(before, "enforcement").split("据各部门报送")[0])
    assert "851" not in text


def test_every_accepted_value_is_said_exactly_once_in_the_pdf(own_checks, brigade_return, clerk, city):
    """849 is the brigade's checks (the bureau's 2 fill that slot): said once, among the departments' figures."""
    report = draft_report(clerk=clerk, scope=city)
    pdf = pdf_text(report)

    assert BRIGADE_SAYS in _body(report, "enforcement")
    assert [pdf.count(s) for s in ("849家次", "1116处", "1042处", "26.58万元")] == [1, 1, 1, 1]
    assert "（发现隐患、督促整改、罚款据区消防救援大队报送）" in pdf


def test_a_sector_the_bureau_has_no_record_of_is_said_from_the_return_alone(brigade_return, clerk, clerk_client, city):
    report = draft_report(clerk=clerk, scope=city)
    html = clerk_client.get(reverse("reports:detail", args=[report.pk])).content.decode()

    assert (
        "消防领域，检查单位849家次，发现火灾隐患1116处，督促整改1042处，整改完成率93.4%，罚款26.58万元"
        "（据区消防救援大队报送）。"
    ) in html
    assert "据各部门报送" not in _body(report, "enforcement")


def test_two_departments_reporting_one_slot_are_summed_and_both_named(
    brigade_return, housing_staff, first_half, fire_indicators, clerk, city
):
    """区住建局 reports fines of 1.42 万元 in 消防 too: 26.58 + 1.42 = 28 万元, by both."""
    _return(housing_staff, clerk, first_half, fire_indicators, brigade_fines="1.42")

    sectors = _body(draft_report(clerk=clerk, scope=city), "sectors")

    assert (
        "罚款28万元（检查单位、发现隐患、督促整改据区消防救援大队报送，罚款据区消防救援大队、区住建局报送）。"
        in sectors
    )


def test_a_wording_that_cannot_say_the_source_keeps_the_returns_in_the_departments_sentence(
    own_checks, brigade_return, clerk, city
):
    """A bureau's own sector wording without {source_phrase}: no return figure is said unattributed."""
    SectionTemplate.objects.filter(key="sector").update(
        body="{name}领域[，{checks_phrase}][，发现{hazard_noun}{found}处][，罚款{fines_wan}万元]。"
    )

    report = draft_report(clerk=clerk, scope=city)

    assert "消防领域，检查单位2家次。" in _body(report, "sectors")
    assert (
        "据各部门报送，区消防救援大队共检查单位849家次、发现火灾隐患1116处、督促整改1042处、罚款26.58万元。"
        in _body(report, "enforcement")
    )


def test_a_draft_return_is_not_said_in_the_sector_sentence(fire_indicators, first_half, fire_staff, clerk, city):
    services.return_create(
        acting_user=fire_staff,
        period=first_half,
        org_unit=fire_staff.org_unit,
        values={fire_indicators["brigade_fines"]: Decimal("26.58")},
    )

    assert "消防领域" not in _body(draft_report(clerk=clerk, scope=city), "sectors")


def test_the_report_page_tells_the_clerk_which_source_a_slot_both_gave_is_said_from(
    own_checks, brigade_return, clerk, clerk_client, city
):
    """Checks of 消防: the bureau's 2 are said in the sector's sentence, the brigade's 849 apart, never added."""
    report = draft_report(clerk=clerk, scope=city)
    html = clerk_client.get(reverse("reports:detail", args=[report.pk])).content.decode()

    assert "行业句中本局记录与部门报表重合的项" in html
    assert "消防领域检查单位：用本局记录2家次；区消防救援大队报送849家次，另在部门报送情况中说明，不相加" in html


def test_without_overlap_the_page_has_no_such_note(brigade_return, clerk, clerk_client, city):
    report = draft_report(clerk=clerk, scope=city)

    assert "重合的项" not in clerk_client.get(reverse("reports:detail", args=[report.pk])).content.decode()
