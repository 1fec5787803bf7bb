"""Inspections within limits (issue 19): caps per enterprise a year, the warnings of the inspection form, annual
plans with reproducible 双随机 draws, and the page of inspections per enterprise against the caps."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from enforcement.models import Inspection, InspectionCap, InspectionPlan, PlanDraw
from enforcement.services import limits
from enterprises.models import Enterprise
from org.audit import AuditEntry
from org.models import OrgUnit
from tests.factories.enforcement import InspectionFactory, inspection_form_data
from tests.factories.enterprises import EnterpriseFactory
from tests.factories.org import OrgUnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fire_dept(city) -> OrgUnit:
    return OrgUnitFactory.create(name="临江市消防救援支队", kind=OrgUnit.Kind.DEPARTMENT, parent=city)


@pytest.fixture
def firm(township_a) -> Enterprise:
    return EnterpriseFactory.create(org_unit=township_a, name="城关宏达五金制品有限公司", risk=Enterprise.Risk.BLUE)


def _visits(firm, issuer, *days_ago: int) -> None:
    for days in days_ago:
        InspectionFactory.create(
            org_unit=firm.org_unit,
            issuer=issuer,
            enterprise=firm,
            unit_name=firm.name,
            inspected_on=dt.date.today() - dt.timedelta(days=days),
        )


def test_the_strictest_cap_in_force_for_the_class_applies(firm, city_leader):
    year = dt.date.today().year
    limits.inspection_cap_create(acting_user=city_leader, from_year=year - 1, risk="blue", max_per_year=3)
    limits.inspection_cap_create(acting_user=city_leader, from_year=year, standardization="none", max_per_year=2)
    limits.inspection_cap_create(acting_user=city_leader, from_year=year + 1, risk="blue", max_per_year=1)

    assert limits.cap_for(firm, year) == 2


def test_without_caps_the_default_by_risk_grade_applies(firm):
    assert limits.cap_for(firm, dt.date.today().year) == limits.DEFAULT_CAPS["blue"]


def test_a_leader_sets_a_cap_on_the_caps_page_and_it_is_audited(leader_client):
    response = leader_client.post(
        reverse("enforcement:limits_cap_create"),
        {"from_year": dt.date.today().year, "risk": "red", "standardization": "", "max_per_year": 5},
    )

    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="enforcement.inspection_cap.created").count() == 1
    assert "≤ 5" in leader_client.get(reverse("enforcement:limits_caps")).content.decode()


def test_a_second_cap_for_the_same_class_and_year_is_refused_at_the_field(leader_client, city_leader):
    year = dt.date.today().year
    limits.inspection_cap_create(acting_user=city_leader, from_year=year, risk="red", max_per_year=5)

    response = leader_client.post(
        reverse("enforcement:limits_cap_create"),
        {"from_year": year, "risk": "red", "standardization": "", "max_per_year": 2},
    )

    assert response.status_code == 400
    assert "该类别自该年度的上限已存在" in response.content.decode()
    assert InspectionCap.objects.get().max_per_year == 5


def test_the_form_opened_for_an_enterprise_at_its_cap_warns(officer_client, firm, bureau_unit, pair):
    _visits(firm, bureau_unit, 90)  # blue: one a year by default

    page = officer_client.get(reverse("enforcement:inspection_create") + f"?enterprise={firm.pk}").content.decode()

    assert "本次检查将超过频次上限" in page


def test_the_form_for_an_enterprise_below_its_cap_does_not_warn(officer_client, firm, bureau_unit, pair):
    page = officer_client.get(reverse("enforcement:inspection_create") + f"?enterprise={firm.pk}").content.decode()

    assert "data-visit-warning" not in page


def test_another_departments_recent_visit_suggests_a_joint_visit(
    officer_client, firm, bureau_unit, fire_dept, city_leader, pair
):
    limits.inspection_cap_create(acting_user=city_leader, from_year=dt.date.today().year, max_per_year=10)
    _visits(firm, fire_dept, 12)

    page = officer_client.get(reverse("enforcement:inspection_create") + f"?enterprise={firm.pk}").content.decode()

    assert "联合检查" in page
    assert "临江市消防救援支队" in page
    assert reverse("enforcement:joint_action_list") in page


def test_the_same_departments_own_recent_visit_is_not_a_joint_visit_hint(
    officer_client, firm, bureau_unit, city_leader, pair
):
    limits.inspection_cap_create(acting_user=city_leader, from_year=dt.date.today().year, max_per_year=10)
    _visits(firm, bureau_unit, 12)

    page = officer_client.get(reverse("enforcement:inspection_create") + f"?enterprise={firm.pk}").content.decode()

    assert "联合检查" not in page


def test_an_inspection_recorded_over_the_cap_is_saved_with_the_warning_on_its_page(
    officer_client, firm, bureau_unit, township_a, pair
):
    _visits(firm, bureau_unit, 60)
    data = inspection_form_data(township_a, bureau_unit, pair, unit_name=firm.name, credit_code=firm.credit_code)

    response = officer_client.post(reverse("enforcement:inspection_create"), data, follow=True)

    assert firm.inspections.count() == 2
    assert "本次检查将超过频次上限" in response.content.decode()


# --- plans and draws --------------------------------------------------------------------------------------


@pytest.fixture
def plan(city_leader, bureau_unit) -> InspectionPlan:
    return limits.inspection_plan_create(
        acting_user=city_leader, year=dt.date.today().year, issuer=bureau_unit, planned_count=4, random_share=50
    )


@pytest.fixture
def register(township_a, township_b) -> list[Enterprise]:
    return [EnterpriseFactory.create(org_unit=township_a if n % 2 else township_b) for n in range(12)]


def test_a_draw_repeated_from_its_seed_gives_the_same_enterprises(plan, register, city_leader, pair):
    first = limits.plan_draw(acting_user=city_leader, plan=plan, count=4, seed=20260301)
    second = limits.plan_draw(acting_user=city_leader, plan=plan, count=4, seed=20260301)
    other = limits.plan_draw(acting_user=city_leader, plan=plan, count=4, seed=7)

    assert first.drawn_order == second.drawn_order == limits.redraw(first)
    assert other.drawn_order != first.drawn_order


def test_a_draw_picks_only_from_the_filtered_pool_and_two_officers(plan, register, township_a, city_leader, pair):
    draw = limits.plan_draw(acting_user=city_leader, plan=plan, count=3, township=township_a, seed=1)

    assert {e.org_unit_id for e in draw.enterprises.all()} == {township_a.pk}
    assert set(draw.officers.all()) == set(pair)
    assert AuditEntry.objects.filter(action="enforcement.plan_draw.drawn", data__seed=1).count() == 1


def test_the_plan_page_shows_whether_random_draws_cover_the_required_share(leader_client, plan, register, pair):
    url = reverse("enforcement:limits_plan_draw", args=[plan.pk])
    leader_client.post(url, {"count": 1})
    assert "尚未达到" in leader_client.get(reverse("enforcement:limits_plan", args=[plan.pk])).content.decode()

    leader_client.post(url, {"count": 2})
    page = leader_client.get(reverse("enforcement:limits_plan", args=[plan.pk])).content.decode()

    assert "已达到" in page
    assert "尚未达到" not in page
    assert PlanDraw.objects.filter(plan=plan).count() == 2


def test_a_draw_over_an_empty_pool_is_refused_in_chinese(leader_client, plan, pair):
    response = leader_client.post(reverse("enforcement:limits_plan_draw", args=[plan.pk]), {"count": 3})

    assert response.status_code == 400
    assert "没有符合这些条件的企业" in response.content.decode()


# --- the page of inspections against the caps -------------------------------------------------------------


def test_the_township_page_counts_every_departments_inspections_against_the_cap(
    officer_client, firm, bureau_unit, fire_dept, township_a
):
    _visits(firm, bureau_unit, 10)
    _visits(firm, fire_dept, 20)

    page = officer_client.get(reverse("enforcement:limits_usage") + f"?unit={township_a.pk}").content.decode()

    assert "2 / 1" in page
    assert "超过上限" in page


def test_the_department_page_lists_what_it_inspected_with_all_departments_counted(
    officer_client, firm, township_a, bureau_unit, fire_dept
):
    EnterpriseFactory.create(org_unit=township_a, name="未被检查的企业")
    _visits(firm, bureau_unit, 10)
    _visits(firm, fire_dept, 20, 30)

    page = officer_client.get(reverse("enforcement:limits_usage") + f"?unit={bureau_unit.pk}").content.decode()

    assert "3 / 1" in page
    assert "未被检查的企业" not in page


@pytest.mark.parametrize("firms", [1, 6])
def test_the_usage_page_takes_a_fixed_number_of_queries(
    officer_client, township_a, bureau_unit, firms, django_assert_num_queries
):
    for _ in range(firms):
        _visits(EnterpriseFactory.create(org_unit=township_a), bureau_unit, 5, 15)
    url = reverse("enforcement:limits_usage") + f"?unit={township_a.pk}"

    with django_assert_num_queries(5):
        officer_client.get(url)


def test_township_staff_get_404_for_another_townships_page(staff_b_client, township_a):
    response = staff_b_client.get(reverse("enforcement:limits_usage") + f"?unit={township_a.pk}")

    assert response.status_code == 404


def test_the_warning_follows_the_name_typed_into_the_form(officer_client, firm, bureau_unit, township_a, pair):
    _visits(firm, bureau_unit, 90)
    form = officer_client.get(reverse("enforcement:inspection_create")).content.decode()
    warnings_url = reverse("enforcement:inspection_visit_warnings")
    assert f'hx-get="{warnings_url}"' in form
    assert "data-visit-warning" not in form
    typed = {
        "org_unit": township_a.pk,
        "unit_name": firm.name,
        "issuer": bureau_unit.pk,
        "inspected_on": dt.date.today().isoformat(),
    }
    assert "本次检查将超过频次上限" in officer_client.get(warnings_url, typed).content.decode()
    other = officer_client.get(warnings_url, {**typed, "unit_name": "另一家企业"}).content.decode()
    assert "data-visit-warning" not in other


def test_editing_the_one_visit_of_the_year_does_not_count_it_against_itself(officer_client, firm, bureau_unit, pair):
    _visits(firm, bureau_unit, 90)  # blue: one a year by default, and this is it
    visit = Inspection.objects.get(enterprise=firm)
    page = officer_client.get(reverse("enforcement:inspection_edit", args=[visit.pk])).content.decode()
    assert "data-visit-warning" not in page
    _visits(firm, bureau_unit, 30)
    page = officer_client.get(reverse("enforcement:inspection_edit", args=[visit.pk])).content.decode()
    assert "data-visit-warning" in page
