"""The inspection and case lists: what the filters return, scope, paging and pinned query counts;
the officer's open-work page; joint actions and the statistics page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from enforcement.models import Case, RectificationOrder
from tests.factories.enforcement import (
    CaseFactory,
    FindingFactory,
    InspectionFactory,
    JointActionFactory,
    OrderFactory,
)
from tests.factories.hazards import sector

pytestmark = pytest.mark.django_db

# Measured on SQLite and PostgreSQL; the same for 10 rows and 60 rows, so the lists have no N+1.
INSPECTION_LIST_QUERIES = 11
CASE_LIST_QUERIES = 10
MY_WORK_QUERIES = 6
# Headline 2, by township 3, sector 3, month 3, joint action 3, last year 2, and the page's own.
FIGURES_PAGE_QUERIES = 20


@pytest.fixture
def records(township_a, township_b, bureau_unit, pair, today):
    joint = JointActionFactory.create(name="春季联合执法行动", start=today - dt.timedelta(days=60), end=today)
    a = InspectionFactory.create(
        org_unit=township_a,
        issuer=bureau_unit,
        unit_name="城关五金厂",
        sector=sector("工贸"),
        inspected_on=today - dt.timedelta(days=20),
        officers=pair,
        joint_action=joint,
    )
    FindingFactory.create(inspection=a)
    OrderFactory.create(inspection=a, deadline=today - dt.timedelta(days=2))
    InspectionFactory.create(
        org_unit=township_b,
        issuer=bureau_unit,
        unit_name="青山宾馆",
        sector=sector("消防"),
        inspected_on=today - dt.timedelta(days=5),
        officers=pair,
    )
    CaseFactory.create(
        org_unit=township_a,
        issuer=bureau_unit,
        party_name="城关五金厂",
        officers=pair,
        filed_on=today - dt.timedelta(days=100),
        stage=Case.Stage.INVESTIGATING,
    )
    CaseFactory.create(
        org_unit=township_b,
        issuer=bureau_unit,
        party_name="青山宾馆",
        officers=pair,
        filed_on=today - dt.timedelta(days=30),
        decided_on=today - dt.timedelta(days=3),
        stage=Case.Stage.DECIDED,
        fine_yuan=Decimal("30000"),
        suspension=True,
    )
    return joint


def units(client, **params) -> set[str]:
    response = client.get(reverse("enforcement:inspection_list"), params)
    assert response.status_code == 200
    return {i.unit_name for i in response.context["page"]}


def parties(client, **params) -> set[str]:
    response = client.get(reverse("enforcement:case_list"), params)
    assert response.status_code == 200
    return {c.party_name for c in response.context["page"]}


def test_leader_sees_every_inspection(records, leader_client):
    assert units(leader_client) == {"城关五金厂", "青山宾馆"}


def test_township_staff_see_their_own_townships_inspections_only(records, staff_a_client):
    assert units(staff_a_client) == {"城关五金厂"}


def test_inspections_filter_by_sector(records, leader_client):
    assert units(leader_client, sector=sector("消防").pk) == {"青山宾馆"}


def test_inspections_filter_by_joint_action(records, leader_client):
    assert units(leader_client, joint_action=records.pk) == {"城关五金厂"}


def test_inspections_filter_orders_past_their_deadline(records, leader_client):
    assert units(leader_client, order="overdue") == {"城关五金厂"}


def test_inspections_search_by_unit_name(records, leader_client):
    assert units(leader_client, q="宾馆") == {"青山宾馆"}


def test_inspections_are_listed_newest_first(records, leader_client):
    response = leader_client.get(reverse("enforcement:inspection_list"))

    assert [i.unit_name for i in response.context["page"]] == ["青山宾馆", "城关五金厂"]


def test_the_htmx_filter_returns_the_table_alone(records, leader_client):
    response = leader_client.get(
        reverse("enforcement:inspection_list"), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="records"
    )

    assert [t.name for t in response.templates][0] == "enforcement/_inspection_table.html"


def test_cases_filter_by_measure(records, leader_client):
    assert parties(leader_client, measure="suspension") == {"青山宾馆"}


def test_cases_filter_undecided_after_ninety_days(records, leader_client):
    assert parties(leader_client, overdue="on") == {"城关五金厂"}


def test_township_staff_see_their_own_townships_cases_only(records, staff_b_client):
    assert parties(staff_b_client) == {"青山宾馆"}


def test_cases_search_by_number(records, leader_client):
    number = Case.objects.get(party_name="青山宾馆").number

    assert parties(leader_client, q=number) == {"青山宾馆"}


def _rows(n, township_a, township_b, bureau_unit, pair, today):
    for index in range(n):
        unit = township_a if index % 2 else township_b
        inspection = InspectionFactory.create(
            org_unit=unit, issuer=bureau_unit, officers=pair, inspected_on=today - dt.timedelta(days=index % 40)
        )
        FindingFactory.create(inspection=inspection)
        if index % 3 == 0:
            OrderFactory.create(inspection=inspection)
        CaseFactory.create(org_unit=unit, issuer=bureau_unit, officers=pair, filed_on=today - dt.timedelta(days=index))


@pytest.mark.parametrize("rows", [10, 60])
def test_inspection_list_query_count_does_not_grow_with_rows(
    rows, township_a, township_b, bureau_unit, pair, today, leader_client, django_assert_max_num_queries
):
    _rows(rows, township_a, township_b, bureau_unit, pair, today)
    with django_assert_max_num_queries(INSPECTION_LIST_QUERIES):
        response = leader_client.get(reverse("enforcement:inspection_list"))
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [10, 60])
def test_case_list_query_count_does_not_grow_with_rows(
    rows, township_a, township_b, bureau_unit, pair, today, leader_client, django_assert_max_num_queries
):
    _rows(rows, township_a, township_b, bureau_unit, pair, today)
    with django_assert_max_num_queries(CASE_LIST_QUERIES):
        response = leader_client.get(reverse("enforcement:case_list"))
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [10, 60])
def test_my_work_query_count_does_not_grow_with_rows(
    rows, township_a, township_b, bureau_unit, pair, today, officer_client, django_assert_max_num_queries
):
    _rows(rows, township_a, township_b, bureau_unit, pair, today)
    with django_assert_max_num_queries(MY_WORK_QUERIES):
        response = officer_client.get(reverse("enforcement:my_work"))
    assert response.status_code == 200


def test_my_work_lists_orders_awaiting_re_inspection_soonest_first(
    officer_client, township_a, bureau_unit, pair, today
):
    later = OrderFactory.create(
        inspection=InspectionFactory.create(org_unit=township_a, issuer=bureau_unit, officers=pair),
        deadline=today + dt.timedelta(days=9),
    )
    sooner = OrderFactory.create(
        inspection=InspectionFactory.create(org_unit=township_a, issuer=bureau_unit, officers=pair),
        deadline=today - dt.timedelta(days=1),
    )
    OrderFactory.create(
        inspection=InspectionFactory.create(org_unit=township_a, issuer=bureau_unit, officers=pair),
        status=RectificationOrder.Status.PASSED,
        reinspected_on=today,
    )

    response = officer_client.get(reverse("enforcement:my_work"))

    assert response.context["work"].orders == [sooner, later]


def test_my_work_leaves_out_other_officers_cases(officer_client, township_a, bureau_unit, partner, city, today):
    from tests.factories.enforcement import OfficerFactory

    mine = CaseFactory.create(
        org_unit=township_a, issuer=bureau_unit, officers=[partner, OfficerFactory.create(org_unit=city)]
    )

    response = officer_client.get(reverse("enforcement:my_work"))

    assert mine not in response.context["work"].cases


def test_my_work_is_for_officers(leader_client):
    assert leader_client.get(reverse("enforcement:my_work")).status_code == 403


def test_joint_action_page_counts_its_own_work(records, leader_client):
    response = leader_client.get(reverse("enforcement:joint_action_detail", args=[records.pk]))

    assert (response.context["figures"].inspections, response.context["figures"].inspection_hazards) == (1, 1)


def test_officer_creates_a_joint_action_with_its_departments(officer_client, city, bureau_unit, today):
    response = officer_client.post(
        reverse("enforcement:joint_action_create"),
        {
            "name": "消防安全百日整治联合执法行动",
            "start": today.isoformat(),
            "end": (today + dt.timedelta(days=100)).isoformat(),
            "lead": bureau_unit.pk,
            "departments": [bureau_unit.pk],
        },
    )

    assert response.status_code == 302
    assert list(records_for(response).departments.all()) == [bureau_unit]


def records_for(response):
    from enforcement.models import JointAction

    return JointAction.objects.get(name="消防安全百日整治联合执法行动")


def test_statistics_page_shows_the_selectors_figures(records, leader_client, today):
    response = leader_client.get(
        reverse("enforcement:figures"),
        {
            "start": (today - dt.timedelta(days=90)).isoformat(),
            "end": today.isoformat(),
        },
    )

    figures = response.context["figures"]
    assert (figures.inspections, figures.cases, figures.fines_wan) == (2, 1, "3")


@pytest.mark.parametrize("rows", [10, 60])
def test_statistics_page_query_count_does_not_grow_with_rows(
    rows, township_a, township_b, bureau_unit, pair, today, leader_client, django_assert_max_num_queries
):
    _rows(rows, township_a, township_b, bureau_unit, pair, today)
    with django_assert_max_num_queries(FIGURES_PAGE_QUERIES):
        response = leader_client.get(reverse("enforcement:figures"))
    assert response.status_code == 200
