"""我的待办 on the home page: every role's lines, each counting exactly what its link lists."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from enforcement.models import Case, RectificationOrder
from hazards.models import Hazard
from reports.models import SummaryReport
from reports.todo import todo_for
from tests.factories.enforcement import CaseFactory, InspectionFactory, OrderFactory
from tests.factories.floodprep import CheckInFactory, ResponsiblePersonFactory
from tests.factories.hazards import HazardFactory
from tests.factories.reports import draft_report

pytestmark = pytest.mark.django_db

LINE = re.compile(
    r'<a [^>]*href="(?P<url>[^"]+)" data-todo-line="(?P<key>[^"]+)">\s*<span>[^<]*</span>\s*'
    r"<span [^>]*data-todo-count>(?P<n>\d+)</span>"
)
# What a list says above its rows: 共12项隐患, 共3人, 共2次检查, 共1起案件, 共1份总结.
LISTED = re.compile(r"共(\d+)(?:项隐患|人|次检查|起案件|份总结)")
IN_SEASON = dt.date(2026, 7, 1)


def todo_lines(client) -> dict[str, tuple[str, int]]:
    page = client.get(reverse("home"), follow=True).content.decode()
    return {m["key"]: (html.unescape(m["url"]), int(m["n"])) for m in LINE.finditer(page)}


def listed_count(client, url: str) -> int:
    match = LISTED.search(client.get(url).content.decode())
    assert match, f"no count on {url}"
    return int(match[1])


@pytest.fixture
def work(township_a, township_b, village_a, township_a_staff, officer, clerk, city):
    """Hazards in every state in township A (and one overdue in B), the officer's orders and cases, summaries."""
    today = timezone.localdate()
    past, later = today - dt.timedelta(days=3), today + dt.timedelta(days=30)
    for _ in range(2):
        HazardFactory.create(org_unit=township_a, status=Hazard.Status.REPORTED, finder=township_a_staff)
    for _ in range(6):
        HazardFactory.create(org_unit=township_a, status=Hazard.Status.ASSIGNED, deadline=past, responsible_unit="某厂")
    for days in (0, 6, 7):  # due this week: today and the six days after it, not the seventh
        HazardFactory.create(
            org_unit=township_a,
            status=Hazard.Status.RECTIFYING,
            deadline=today + dt.timedelta(days=days),
            responsible_unit="某厂",
        )
    HazardFactory.create(org_unit=township_a, status=Hazard.Status.RECTIFYING, deadline=later, responsible_unit="某厂")
    HazardFactory.create(
        org_unit=township_a, status=Hazard.Status.AWAITING_REVIEW, deadline=later, responsible_unit="某厂"
    )
    HazardFactory.create(
        org_unit=township_a,
        status=Hazard.Status.CLOSED,
        deadline=past,
        closed_on=today,
        responsible_unit="某厂",
        finder=township_a_staff,
    )  # found by her, but closed
    HazardFactory.create(
        org_unit=township_a,
        level=Hazard.Level.MAJOR,
        supervision_level=Hazard.SupervisionLevel.CITY,
        listed_on=past,
        status=Hazard.Status.ASSIGNED,
        deadline=later,
        responsible_unit="某厂",
    )
    HazardFactory.create(org_unit=township_b, status=Hazard.Status.ASSIGNED, deadline=past, responsible_unit="某厂")

    late = InspectionFactory.create(org_unit=township_a, officers=[officer])
    OrderFactory.create(inspection=late, deadline=past)
    OrderFactory.create(inspection=InspectionFactory.create(org_unit=township_a, officers=[officer]), deadline=later)
    OrderFactory.create(
        inspection=InspectionFactory.create(org_unit=township_a, officers=[officer]),
        deadline=past,
        status=RectificationOrder.Status.PASSED,
        reinspected_on=today,
    )
    OrderFactory.create(inspection=InspectionFactory.create(org_unit=township_b), deadline=past)  # someone else's
    CaseFactory.create(org_unit=township_a, officers=[officer], filed_on=today - dt.timedelta(days=100))
    CaseFactory.create(org_unit=township_a, officers=[officer], filed_on=today - dt.timedelta(days=5))
    CaseFactory.create(
        org_unit=township_a, officers=[officer], stage=Case.Stage.CLOSED, decided_on=past, closed_on=today
    )
    CaseFactory.create(
        org_unit=township_a,
        officers=[officer],
        stage=Case.Stage.DECIDED,
        decided_on=past,
        filed_on=today - dt.timedelta(days=120),
    )  # decided: open, but not late

    draft_report(clerk=clerk, scope=city)
    submitted = draft_report(clerk=clerk, scope=city, year=2025)
    SummaryReport.objects.filter(pk=submitted.pk).update(status=SummaryReport.Status.SUBMITTED)

    ResponsiblePersonFactory.create(org_unit=village_a)
    CheckInFactory.create(
        person=ResponsiblePersonFactory.create(org_unit=village_a), checked_on=IN_SEASON - dt.timedelta(days=9)
    )
    ResponsiblePersonFactory.create(org_unit=township_b)


def test_township_staff_with_six_overdue_hazards_sees_them_on_the_home_page(staff_a_client, work):
    lines = todo_lines(staff_a_client)
    assert lines["overdue"][1] == 6
    assert {key: n for key, (_url, n) in lines.items()} == {
        "to_assign": 2,
        "overdue": 6,
        "due_soon": 2,
        "to_reinspect": 1,
        "mine": 2,
    }


@pytest.mark.parametrize("who", ["staff_a_client", "officer_client", "leader_client", "clerk_client"])
def test_every_line_counts_what_its_list_shows(who, request, work):
    client = request.getfixturevalue(who)
    lines = todo_lines(client)
    assert any(n for _url, n in lines.values())
    assert {key: listed_count(client, url) for key, (url, _n) in lines.items()} == {
        key: n for key, (_url, n) in lines.items()
    }


def test_the_officers_lines_are_his_own_orders_and_cases(officer_client, work):
    lines = {key: n for key, (_url, n) in todo_lines(officer_client).items()}
    assert (lines["orders"], lines["orders_late"], lines["cases"], lines["cases_late"]) == (2, 1, 3, 1)


def test_a_leader_sees_listed_major_hazards_and_summaries_to_review(leader_client, work):
    lines = {key: n for key, (_url, n) in todo_lines(leader_client).items()}
    assert (lines["listed"], lines["summaries_submitted"]) == (1, 1)


def test_in_the_flood_season_staff_see_who_has_not_checked_in(township_a_staff, staff_a_client, work):
    (line,) = [line for line in todo_for(user=township_a_staff, today=IN_SEASON).lines if line.key == "flood_checkins"]
    assert line.count == 1  # the other checked in nine days ago; township B's is not theirs
    assert listed_count(staff_a_client, line.url) == 1


def test_outside_the_flood_season_there_is_no_check_in_line(township_a_staff, work):
    keys = [line.key for line in todo_for(user=township_a_staff, today=dt.date(2026, 12, 1)).lines]
    assert "flood_checkins" not in keys


@pytest.mark.parametrize(
    ("who", "queries"), [("township_a_staff", 2), ("officer", 3), ("city_leader", 2), ("clerk", 1)]
)
def test_the_todo_counts_take_one_query_per_kind_of_record(who, queries, request, work, django_assert_num_queries):
    user = request.getfixturevalue(who)
    with django_assert_num_queries(queries):
        todo_for(user=user, today=IN_SEASON)


@pytest.mark.parametrize(
    ("who", "offered"),
    [("staff_a_client", True), ("officer_client", True), ("leader_client", False), ("clerk_client", False)],
)
def test_the_home_page_offers_report_a_hazard_to_those_who_may(who, offered, request):
    page = request.getfixturevalue(who).get(reverse("home"), follow=True).content.decode()
    assert ("data-report-hazard" in page) is offered


def test_with_nothing_to_do_the_home_page_says_so(staff_a_client):
    assert "暂无待办事项" in staff_a_client.get(reverse("home"), follow=True).content.decode()


def test_without_notices_the_notice_page_points_to_the_to_do(staff_a_client, work):
    page = staff_a_client.get(reverse("org:notifications")).content.decode()
    assert f'<a href="{reverse("home")}">查看我的待办</a>' in page


def test_staff_are_not_asked_to_re_inspect_their_own_rectification(staff_a_client, township_a_staff, township_a):
    own = HazardFactory.create(
        org_unit=township_a,
        status=Hazard.Status.AWAITING_REVIEW,
        rectified_by=township_a_staff,
        description="本人上报整改的隐患",
    )
    HazardFactory.create(org_unit=township_a, status=Hazard.Status.AWAITING_REVIEW, description="企业上报整改的隐患")
    lines = todo_lines(staff_a_client)
    url, count = lines["to_reinspect"]
    assert count == 1
    listed = staff_a_client.get(url).content.decode()
    assert "企业上报整改的隐患" in listed
    assert own.description not in listed
