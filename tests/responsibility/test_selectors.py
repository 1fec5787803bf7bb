"""The figures that open every half-year summary, against fixtures counted by hand.

Accidents, first half of 2026 against the first half of 2025:

    date        unit       kind          grade  dead  injured  loss (yuan)
    2026-02-10  城关街道    road          -      1     2        150,000
    2026-03-03  和平社区    construction  -      1     0        0          (a village of 城关街道)
    2026-04-04  青山镇      industry      -      2     0        800,000
    2026-05-01  城关街道    fire          -      0     1        300,000
    2026-07-02  城关街道    road          -      1     0        0          (after H1: not counted)
    2025-01-15  城关街道    road          -      1
    2025-02-02  和平社区    construction  -      0     1
    2025-03-20  城关街道    road          -      1
    2025-05-05  青山镇      fire          -      0
    2025-06-30  青山镇      gas           较大   3                 3,500,000

    city 2026: 4 accidents, 4 dead, 3 injured, 125 万元, none 较大及以上
    city 2025: 5 accidents, 5 dead, one 较大            → 同比下降20%, deaths 同比下降20% (下降1人)
    城关街道: 3 against 3 (同比持平), 2 dead against 2
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from org.models import OrgUnit
from org.periods import Period
from responsibility import selectors
from responsibility.models import Accident, Committee, Meeting, PublicityEvent
from tests.factories.hazards import HazardFactory
from tests.factories.org import OrgUnitFactory
from tests.factories.responsibility import (
    AccidentFactory,
    CommitteeFactory,
    InterviewFactory,
    LeaderInspectionFactory,
    LetterFactory,
    MeetingFactory,
    PublicityEventFactory,
)

H1 = Period.half_year(2026, 1)
K = Accident.Kind


def d(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, day)


@pytest.fixture
def accidents(township_a, village_a, township_b):
    a, v, b = township_a, village_a, township_b
    rows: list[tuple[OrgUnit, dt.date, str, dict[str, Any]]] = [
        (a, d(2026, 2, 10), K.ROAD, {"dead": 1, "injured": 2, "direct_loss_yuan": 150000}),
        (v, d(2026, 3, 3), K.CONSTRUCTION, {"dead": 1}),
        (b, d(2026, 4, 4), K.INDUSTRY, {"dead": 2, "direct_loss_yuan": 800000}),
        (a, d(2026, 5, 1), K.FIRE, {"dead": 0, "injured": 1, "direct_loss_yuan": 300000}),
        (a, d(2026, 7, 2), K.ROAD, {"dead": 1}),
        (a, d(2025, 1, 15), K.ROAD, {"dead": 1}),
        (v, d(2025, 2, 2), K.CONSTRUCTION, {"dead": 0, "injured": 1}),
        (a, d(2025, 3, 20), K.ROAD, {"dead": 1}),
        (b, d(2025, 5, 5), K.FIRE, {"dead": 0}),
        (b, d(2025, 6, 30), K.GAS, {"dead": 3, "grade": Accident.Grade.LARGER, "direct_loss_yuan": 3500000}),
    ]
    for unit, day, kind, extra in rows:
        AccidentFactory.create(org_unit=unit, occurred_on=day, kind=kind, **extra)


# --- Accidents ---------------------------------------------------------------------------------------------


def test_accidents_are_counted_for_the_period(accidents, city_leader):
    f = selectors.accident_figures(user=city_leader, period=H1)
    assert (f.count, f.deaths, f.injured) == (4, 4, 3)


def test_the_direct_loss_is_summed_and_shown_in_wan(accidents, city_leader):
    f = selectors.accident_figures(user=city_leader, period=H1)
    assert (f.direct_loss_yuan, f.direct_loss_wan) == (Decimal("1250000"), "125")


def test_the_same_period_last_year_comes_with_the_figures(accidents, city_leader):
    previous = selectors.accident_figures(user=city_leader, period=H1).previous
    assert previous is not None
    assert (previous.count, previous.deaths, previous.major_or_above) == (5, 5, 1)


def test_larger_or_above_counts_only_graded_accidents(accidents, city_leader):
    assert selectors.accident_figures(user=city_leader, period=H1).major_or_above == 0


def test_the_changes_are_worded_as_the_summary_words_them(accidents, city_leader):
    f = selectors.accident_figures(user=city_leader, period=H1)
    assert (f.count_change, f.deaths_change, f.deaths_change_absolute) == ("同比下降20%", "同比下降20%", "同比下降1人")


def test_counts_and_deaths_by_kind_cover_every_kind_in_order(accidents, city_leader):
    f = selectors.accident_figures(user=city_leader, period=H1)
    assert [(k.kind, k.count, k.deaths) for k in f.by_kind] == [
        ("industry", 1, 2),
        ("construction", 1, 1),
        ("road", 1, 1),
        ("fire", 1, 0),
        ("gas", 0, 0),
        ("water", 0, 0),
        ("rail", 0, 0),
        ("farm_machine", 0, 0),
        ("fishing", 0, 0),
        ("other", 0, 0),
    ]


def test_each_kind_is_compared_with_last_year(accidents, city_leader):
    rows = selectors.accident_figures(user=city_leader, period=H1).kind_rows()
    assert [r["count_change"] for r in rows] == [
        "同比增加1起",
        "同比持平",
        "同比下降50%",
        "同比持平",
        "同比下降100%",
        "同比持平",
        "同比持平",
        "同比持平",
        "同比持平",
        "同比持平",
    ]


def test_a_township_counts_the_accidents_of_its_villages(accidents, township_a_staff):
    f = selectors.accident_figures(user=township_a_staff, period=H1)
    assert (f.count, f.deaths, f.count_change) == (3, 2, "同比持平")


def test_accident_figures_are_one_query(accidents, city_leader, django_assert_num_queries):
    with django_assert_num_queries(1):
        selectors.accident_figures(user=city_leader, period=H1)


# --- Publicity and training ---------------------------------------------------------------------------------


@pytest.fixture
def events(city, township_a, township_b):
    E = PublicityEvent.Kind
    PublicityEventFactory.create(
        org_unit=township_a, held_on=d(2026, 3, 3), kind=E.TRAINING, participants=50, materials=100, media_pieces=1
    )
    PublicityEventFactory.create(
        org_unit=city, held_on=d(2026, 6, 1), kind=E.SAFETY_MONTH, participants=600, materials=5000, media_pieces=3
    )
    PublicityEventFactory.create(org_unit=township_b, held_on=d(2026, 4, 20), kind=E.DRILL, participants=80)
    PublicityEventFactory.create(org_unit=township_a, held_on=d(2026, 7, 10), kind=E.FIVE_INTO, participants=300)


def test_publicity_figures_sum_events_people_materials_and_media(events, city_leader):
    f = selectors.publicity_figures(user=city_leader, period=H1)
    assert (f.events, f.participants, f.materials, f.media_pieces) == (3, 730, 5100, 4)


def test_people_trained_and_drills_are_read_from_their_kinds(events, city_leader):
    f = selectors.publicity_figures(user=city_leader, period=H1)
    assert (f.trainings, f.trained, f.drills) == (1, 50, 1)


def test_a_township_sums_only_its_own_events(events, township_b_staff):
    f = selectors.publicity_figures(user=township_b_staff, period=H1)
    assert (f.events, f.participants) == (1, 80)


def test_publicity_figures_are_one_query(events, city_leader, django_assert_num_queries):
    with django_assert_num_queries(1):
        selectors.publicity_figures(user=city_leader, period=H1)


# --- Responsibility system ----------------------------------------------------------------------------------


@pytest.fixture
def system(city, district_a, township_a, township_b):
    depts = [OrgUnitFactory.create(name=f"部门{i}", kind=OrgUnit.Kind.DEPARTMENT, parent=city) for i in range(3)]
    main = CommitteeFactory.create(org_unit=city, name="临江市安全生产委员会")
    main.member_units.set([depts[0], depts[1], district_a])
    for name in ("消防安全专业委员会", "道路交通安全专业委员会"):
        special = CommitteeFactory.create(
            org_unit=city, kind=Committee.Kind.SPECIALISED, parent=main, name=name, lead_department=depts[0]
        )
        special.member_units.set([depts[0], depts[2]])
    CommitteeFactory.create(org_unit=township_a, name="城关街道应急和消防安全委员会")
    CommitteeFactory.create(org_unit=city, year=2025, name="临江市安全生产委员会")
    LetterFactory.create(issuer=city, org_unit=township_a, signed_on=d(2026, 2, 10))
    LetterFactory.create(issuer=city, org_unit=township_b)
    LetterFactory.create(
        issuer=township_a,
        org_unit=township_a,
        kind="enterprise",
        enterprise="临江华兴五金制品有限公司",
        signed_on=d(2026, 3, 1),
    )
    LetterFactory.create(year=2025, issuer=city, org_unit=township_a, signed_on=d(2025, 2, 10))
    M = Meeting.Kind
    for unit, day, kind in [
        (city, d(2026, 1, 20), M.PLENARY),
        (city, d(2026, 3, 10), M.DISPATCH),
        (township_a, d(2026, 4, 1), M.DISPATCH),
        (township_b, d(2026, 5, 5), M.TOPICAL),
        (city, d(2026, 7, 15), M.PLENARY),
    ]:
        MeetingFactory.create(org_unit=unit, held_on=day, kind=kind)
    h1, h2 = HazardFactory.create_batch(2, org_unit=township_a)
    h3 = HazardFactory.create(org_unit=township_b)
    LeaderInspectionFactory.create(org_unit=township_a, held_on=d(2026, 4, 2), leader="副市长 张明华", hazards=[h1, h2])
    LeaderInspectionFactory.create(org_unit=township_b, held_on=d(2026, 5, 2), leader="副市长 李国强", hazards=[h3])
    LeaderInspectionFactory.create(org_unit=township_a, held_on=d(2026, 6, 1), leader="副市长 张明华", hazards=[h1])
    InterviewFactory.create(org_unit=township_a, held_on=d(2026, 5, 6))
    InterviewFactory.create(org_unit=township_b, held_on=d(2026, 6, 6))
    InterviewFactory.create(org_unit=township_b, held_on=d(2025, 6, 6))


def test_committees_of_the_year_are_counted(system, city_leader):
    f = selectors.responsibility_figures(user=city_leader, period=H1)
    assert (f.main_committees, f.committees, f.member_units) == (2, 2, 4)


def test_the_share_of_townships_with_their_own_committee(system, city_leader):
    f = selectors.responsibility_figures(user=city_leader, period=H1)
    assert (f.townships_with_committee, f.townships, f.township_committee_rate) == (1, 2, Decimal("50.0"))


def test_the_share_of_letters_signed(system, city_leader):
    f = selectors.responsibility_figures(user=city_leader, period=H1)
    assert (f.letters_signed, f.letters, f.letters_signed_rate) == (2, 3, Decimal("66.7"))


def test_meetings_are_counted_by_kind(system, city_leader):
    f = selectors.responsibility_figures(user=city_leader, period=H1)
    assert (f.meetings, f.meetings_by_kind) == (4, {"plenary": 1, "topical": 1, "dispatch": 2})


def test_leader_inspections_count_leaders_and_distinct_hazards_handed_over(system, city_leader):
    f = selectors.responsibility_figures(user=city_leader, period=H1)
    assert (f.leader_inspections, f.leaders, f.hazards_handed_over) == (3, 2, 3)


def test_interviews_in_the_period_are_counted(system, city_leader):
    assert selectors.responsibility_figures(user=city_leader, period=H1).interviews == 2


def test_a_township_sees_its_own_system_only(system, township_a_staff):
    f = selectors.responsibility_figures(user=township_a_staff, period=H1)
    assert (f.main_committees, f.letters_signed, f.letters, f.meetings, f.hazards_handed_over, f.interviews) == (
        1,
        2,
        2,
        1,
        2,
        1,
    )


def test_responsibility_figures_take_six_queries(system, city_leader, django_assert_num_queries):
    with django_assert_num_queries(6):
        selectors.responsibility_figures(user=city_leader, period=H1)


def test_member_units_are_those_of_the_users_own_committees(system, township_a, village_a, township_a_staff):
    Committee.objects.get(org_unit=township_a).member_units.set([village_a])
    assert selectors.responsibility_figures(user=township_a_staff, period=H1).member_units == 1


def test_a_superuser_without_a_unit_sees_every_committee(system):
    from tests.factories.org import UserFactory

    admin = UserFactory.create(org_unit=None, is_superuser=True)
    assert selectors.responsibility_figures(user=admin, period=H1).member_units == 4


# --- Accidents by statistics group (issue 15) ---------------------------------------------------------------


def test_the_groups_add_up_to_the_total_and_count_construction_once(accidents, city_leader):
    """First half of 2026 (fixture above): road 1/1 dead, construction 1/1, industry 1/2, fire 1/0.
    工矿商贸 = industry + construction + gas + other = 2 accidents, 3 dead; 道路交通 1, 1; 火灾 1, 0 → 2 + 1 + 1 = 4,
    the total, and last year 5 = construction 1 + gas 1 (工矿商贸 2) + road 2 + fire 1."""
    groups = {g.group: g for g in selectors.accident_group_figures(user=city_leader, period=H1)}
    total = selectors.accident_figures(user=city_leader, period=H1)

    assert [(g, x.count, x.deaths) for g, x in groups.items() if x.count] == [
        ("industry_trade", 2, 3),
        ("road", 1, 1),
        ("fire", 1, 0),
    ]
    assert (sum(g.count for g in groups.values()), sum(g.deaths for g in groups.values())) == (
        total.count,
        total.deaths,
    )
    assert (groups["industry_trade"].previous_count, sum(g.previous_count for g in groups.values())) == (2, 5)


def test_every_kind_sits_in_exactly_one_group():
    from responsibility.models.events import ACCIDENT_GROUPS

    assert set(ACCIDENT_GROUPS) == set(Accident.Kind.values)
