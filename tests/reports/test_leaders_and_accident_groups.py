"""Principal leaders' trips and the accidents by statistics group, as the summary says them (issue 15).

Leader-led inspections in the first half of 2026 in 临江市, counted by hand:
- 市委书记 李明 (principal), 城关街道, 2 hazards handed over;
- 市长 赵刚 (principal), 青山镇, 1 hazard handed over;
- 副市长 张明华 (not principal), 城关街道, 1 hazard handed over.
→ 3 leaders, 3 inspections, 4 hazards; of them principal leaders 2 inspections, 2 + 1 = 3 hazards.

Accidents in the first half of 2026: an industrial accident (1 dead), a construction accident (1 dead), a road
accident (1 dead) → 3 accidents, 3 dead; 工矿商贸 = industry + construction = 2 accidents, 2 dead, the
construction one named inside it; 道路交通 1 accident, 1 dead; 2 + 1 = 3, the total.
"""

from __future__ import annotations

import datetime as dt

import pytest

from reports.models import SectionTemplate
from reports.services import draft_figures, report_section_lines
from reports.wording import optional_lines
from responsibility.models import Accident
from tests.factories.hazards import HazardFactory
from tests.factories.reports import draft_report
from tests.factories.responsibility import AccidentFactory, LeaderInspectionFactory

pytestmark = pytest.mark.django_db

d = dt.date
K = Accident.Kind


@pytest.fixture
def trips(township_a, township_b):
    hazards = [
        HazardFactory.create(org_unit=township_a if n < 3 else township_b, found_on=d(2026, 4, 1)) for n in range(4)
    ]
    LeaderInspectionFactory.create(
        org_unit=township_a, held_on=d(2026, 3, 2), leader="市委书记 李明", principal_leader=True, hazards=hazards[:2]
    )
    LeaderInspectionFactory.create(
        org_unit=township_b, held_on=d(2026, 4, 8), leader="市长 赵刚", principal_leader=True, hazards=[hazards[3]]
    )
    LeaderInspectionFactory.create(
        org_unit=township_a, held_on=d(2026, 5, 6), leader="副市长 张明华", hazards=[hazards[2]]
    )


@pytest.fixture
def accidents(township_a, township_b):
    AccidentFactory.create(org_unit=township_a, occurred_on=d(2026, 2, 1), kind=K.INDUSTRY, dead=1)
    AccidentFactory.create(org_unit=township_b, occurred_on=d(2026, 3, 1), kind=K.CONSTRUCTION, dead=1)
    AccidentFactory.create(org_unit=township_a, occurred_on=d(2026, 4, 1), kind=K.ROAD, dead=1)


def test_principal_leaders_trips_are_said_inside_the_leader_led_sentence(trips, clerk, city):
    body = draft_report(clerk=clerk, scope=city).sections.get(key="responsibility").body

    assert "3位领导带队检查3次，交办隐患4处，其中主要领导带队检查2次、交办隐患3处。" in body


def test_without_principal_leaders_the_clause_falls_away(township_a, clerk, city):
    LeaderInspectionFactory.create(org_unit=township_a, held_on=d(2026, 3, 2), leader="副市长 张明华")
    body = draft_report(clerk=clerk, scope=city).sections.get(key="responsibility").body

    assert "1位领导带队检查1次。" in body
    assert "主要领导" not in body


def test_a_construction_accident_is_named_inside_industry_mining_and_trade(accidents, clerk, city):
    report = draft_report(clerk=clerk, scope=city)
    figures = draft_figures(report)

    assert figures["accident_groups_phrase"].value == (
        "其中工矿商贸事故2起、死亡2人（含建筑施工事故1起、死亡1人），道路交通事故1起、死亡1人"
    )


def test_the_groups_line_is_offered_in_the_opening_and_said_when_switched_on(accidents, clerk, city):
    report = draft_report(clerk=clerk, scope=city)
    body = SectionTemplate.objects.get(key="opening").body
    index = next(i for i, text in optional_lines(body, draft_figures(report)) if "工矿商贸" in text)
    section = report_section_lines(acting_user=clerk, report=report, key="opening", lines=[index])

    assert "共发生各类生产安全事故3起，死亡3人" in section.body
    assert section.body.endswith(
        "其中工矿商贸事故2起、死亡2人（含建筑施工事故1起、死亡1人），道路交通事故1起、死亡1人。"
    )


def test_each_group_is_compared_with_last_year_once_last_year_has_records(accidents, township_a, clerk, city):
    """2025: two road accidents (no one dead) → 工矿商贸 0 → 2 (增加2起), 道路交通 2 → 1 (下降50%)."""
    for day in (d(2025, 2, 1), d(2025, 5, 1)):
        AccidentFactory.create(org_unit=township_a, occurred_on=day, kind=K.ROAD, dead=0)
    figures = draft_figures(draft_report(clerk=clerk, scope=city))

    assert figures["accident_groups_phrase"].value == (
        "其中工矿商贸事故2起、死亡2人（含建筑施工事故1起、死亡1人），起数同比增加2起；"
        "道路交通事故1起、死亡1人，起数同比下降50%"
    )


def test_one_group_alone_is_said_as_all_of_them(township_a, clerk, city):
    """Two gas accidents only: both in 工矿商贸, both 城镇燃气."""
    for day in (d(2026, 2, 1), d(2026, 3, 1)):
        AccidentFactory.create(org_unit=township_a, occurred_on=day, kind=K.GAS, dead=0)
    figures = draft_figures(draft_report(clerk=clerk, scope=city))

    assert figures["accident_groups_phrase"].value == "均为城镇燃气事故（计入工矿商贸事故）"
