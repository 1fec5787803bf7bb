"""Suggestions for 二、存在的主要问题, drafted from hand-counted records of the first half of 2026 in 临江市.

Hazards found (closed by 30 June / found), per township:
- 青山镇 2/5 = 40%, 城关街道 3/5 = 60%, 东湖镇 10/10 = 100%, 小岭乡 0/2 = 0% (under 5 found: not singled out);
- the city: (3 + 2 + 10 + 0) / (5 + 5 + 10 + 2) = 15/22 = 68.2%.
So the low-rate sentence names 青山镇 then 城关街道 (40%, 60%), below 68.2%; 东湖镇 is above it and 小岭乡
has too few hazards to rank.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hazards.models import Hazard
from org.models import AuditEntry, OrgUnit, Role
from reports.problems import problem_suggestions
from reports.services import report_scope
from responsibility.models import Accident
from tests.factories.hazards import HazardFactory, sector
from tests.factories.org import OrgUnitFactory, UserFactory
from tests.factories.reports import draft_report
from tests.factories.responsibility import AccidentFactory

pytestmark = pytest.mark.django_db

d = dt.date
CLOSED = Hazard.Status.CLOSED
LOW_RATE = "隐患整改进度不平衡，青山镇、城关街道整改完成率分别为40%、60%，低于全市平均水平（68.2%）。"


def _hazards(unit: OrgUnit, found: int, closed: int) -> None:
    for i in range(found):
        done = {"status": CLOSED, "closed_on": d(2026, 4, 1)} if i < closed else {}
        HazardFactory.create(org_unit=unit, found_on=d(2026, 3, 1), **done)


@pytest.fixture
def townships(township_a, township_b, district_a, district_b):
    east = OrgUnitFactory.create(name="东湖镇", code="TC", kind=OrgUnit.Kind.TOWNSHIP, parent=district_a)
    hill = OrgUnitFactory.create(name="小岭乡", code="TD", kind=OrgUnit.Kind.TOWNSHIP, parent=district_b)
    _hazards(township_a, 5, 3)
    _hazards(township_b, 5, 2)
    _hazards(east, 10, 10)
    _hazards(hill, 2, 0)


@pytest.fixture
def report(townships, clerk, city):
    return draft_report(clerk=clerk, scope=city)


def _by_key(report) -> dict[str, str]:
    return {s.key: s.text for s in problem_suggestions(report_scope(report))}


def test_low_rate_sentence_names_the_lowest_townships_below_the_city_rate(report):
    assert _by_key(report)["low_rate_townships"] == LOW_RATE


def test_no_accident_suggestion_when_last_year_has_no_accidents(townships, clerk, city, township_a):
    """Three fires this half year and none in 2025: nothing to compare, so nothing is said."""
    for month in (2, 3, 4):
        AccidentFactory.create(org_unit=township_a, occurred_on=d(2026, month, 5), kind=Accident.Kind.FIRE)

    assert "rising_accident_kinds" not in _by_key(draft_report(clerk=clerk, scope=city))


def test_accident_kind_that_rose_is_named_with_its_change(townships, clerk, city, township_a):
    """Fires: 3 this half year against 1 in the first half of 2025 → (3 − 1) / 1 = 同比上升200%;
    road accidents: 1 against 1 → unchanged, not named."""
    for month in (2, 3, 4):
        AccidentFactory.create(org_unit=township_a, occurred_on=d(2026, month, 5), kind=Accident.Kind.FIRE)
    AccidentFactory.create(org_unit=township_a, occurred_on=d(2025, 3, 5), kind=Accident.Kind.FIRE)
    AccidentFactory.create(org_unit=township_a, occurred_on=d(2026, 3, 6), kind=Accident.Kind.ROAD)
    AccidentFactory.create(org_unit=township_a, occurred_on=d(2025, 3, 6), kind=Accident.Kind.ROAD)

    text = _by_key(draft_report(clerk=clerk, scope=city))["rising_accident_kinds"]
    assert text == "部分领域事故起数同比上升，其中火灾事故3起，同比上升200%。"


def _problems_textarea(html: str) -> str:
    match = re.search(r'<textarea[^>]*name="problems"[^>]*>(.*?)</textarea>', html, re.S)
    assert match, "the narrative form has no problems field"
    return match.group(1)


def test_accepting_a_suggestion_appends_it_to_the_problems_on_the_page(report, clerk_client):
    report.problems = "基层监管力量不足。"
    report.save(update_fields=["problems"])
    url = reverse("reports:problem_accept", args=[report.pk])

    response = clerk_client.post(url, {"key": "low_rate_townships", "version": report.version})

    page = clerk_client.get(response.url).content.decode()
    assert _problems_textarea(page).strip() == f"基层监管力量不足。\n{LOW_RATE}"
    assert AuditEntry.objects.filter(action="reports.report.edited", data__fields=["problems"]).exists()


def test_accepting_twice_does_not_repeat_the_sentence(report, clerk_client):
    url = reverse("reports:problem_accept", args=[report.pk])
    clerk_client.post(url, {"key": "low_rate_townships"})
    clerk_client.post(url, {"key": "low_rate_townships"})

    report.refresh_from_db()
    assert report.problems == LOW_RATE


def test_unknown_suggestion_changes_nothing(report, clerk_client):
    clerk_client.post(reverse("reports:problem_accept", args=[report.pk]), {"key": "no_such_thing"})

    report.refresh_from_db()
    assert report.problems == ""


def test_user_of_another_scope_gets_404_for_the_report(report, district_a, client_for):
    district_clerk = client_for(UserFactory.create(org_unit=district_a, role=Role.CLERK))
    url = reverse("reports:problem_accept", args=[report.pk])

    assert district_clerk.post(url, {"key": "low_rate_townships"}).status_code == 404


def test_township_staff_may_not_accept(report, staff_a_client):
    url = reverse("reports:problem_accept", args=[report.pk])

    assert staff_a_client.post(url, {"key": "low_rate_townships"}).status_code == 403


def test_detail_page_queries_do_not_grow_with_the_records(report, clerk_client, township_b, django_assert_num_queries):
    """Six more hazards, in a third sector and another township, cost the page no extra query.

    Two sectors from the start: the sector suggestion (and its one lookup of sector ids) is made either way.
    """
    HazardFactory.create(org_unit=township_b, found_on=d(2026, 5, 1), sector=sector("燃气"))
    url = reverse("reports:detail", args=[report.pk])
    with CaptureQueriesContext(connection) as before:
        clerk_client.get(url)
    east = OrgUnit.objects.get(name="东湖镇")
    for _ in range(6):
        HazardFactory.create(
            org_unit=east,
            found_on=d(2026, 5, 1),
            sector=sector("工贸"),
            level=Hazard.Level.MAJOR,
            deadline=d(2026, 5, 10),
        )

    with django_assert_num_queries(len(before)):
        clerk_client.get(url)
