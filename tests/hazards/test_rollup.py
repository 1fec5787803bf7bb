"""The hazard month rollup (hazards/rollup.py) against the hazards themselves.

Triggers keep ``HazardMonth`` and ``HazardSectorMonth`` in step with every write to the hazards table,
and the selectors read whole months from them. These tests write hazards every way the portal does
(create, QuerySet.update, bulk_create, delete, the services' loop) and check two things after each
step: the rollup equals a recount of the hazards, and every figure the selectors give equals the
same figure counted one hazard at a time in Python — for periods of whole months, periods cut in the
middle of a month, and a past period with hazards closed after it ended.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hazards import rollup, selectors, services
from hazards.models import Hazard, HazardMonth, HazardSectorMonth
from org.periods import Period
from tests.factories.hazards import CampaignFactory, HazardFactory, sector

S = Hazard.Status
MAJOR = Hazard.Level.MAJOR
TODAY = dt.date(2026, 7, 15)
SECTORS = ("消防", "工贸", "建筑施工")
PERIODS = [
    Period.half_year(2026, 1),  # whole months, ended: hazards closed in July are found, not rectified
    Period(dt.date(2026, 1, 15), dt.date(2026, 3, 10)),  # cut at both ends
    Period(dt.date(2026, 2, 3), dt.date(2026, 2, 9)),  # inside one month
    Period(dt.date(2026, 1, 1), TODAY),  # this year so far
    Period(dt.date(2025, 12, 1), dt.date(2026, 12, 31)),
]
DB = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def rollup_rows() -> dict[tuple, tuple]:
    """Both tables, without the cells every hazard has left (their counters are all zero)."""
    rows = {}
    for model, keys in (
        (HazardMonth, ("org_unit_id", "month")),
        (HazardSectorMonth, ("org_unit_id", "month", "sector_id")),
    ):
        for row in model.objects.all():
            counters = tuple(getattr(row, c) for c in model.COUNTERS)
            if any(counters):
                rows[(model.__name__, *(getattr(row, k) for k in keys))] = counters
    return rows


def recounted() -> dict[tuple, tuple]:
    rollup.rebuild()
    return rollup_rows()


def by_hand(period: Period, key=None, sector_pk=None, user=None) -> dict:
    """The figures counted one hazard at a time: what the selectors must give."""
    totals: dict = {}
    for h in Hazard.objects.visible_to(user) if user else Hazard.objects.all():
        if not period.start <= h.found_on <= period.end or (sector_pk and h.sector_id != sector_pk):
            continue
        group = {None: None, "org_unit": h.org_unit_id, "sector": h.sector_id, "month": h.found_on.replace(day=1)}[key]
        c = totals.setdefault(group, Counter())
        rectified = h.status == S.CLOSED and h.closed_on is not None and h.closed_on <= period.end
        c.update(
            found=1,
            rectified=int(rectified),
            major_found=int(h.level == MAJOR),
            major_rectified=int(rectified and h.level == MAJOR),
            **{h.status: 1},
        )
    return {
        k: (c["found"], c["rectified"], c["major_found"], c["major_rectified"], tuple((s.value, c[s.value]) for s in S))
        for k, c in totals.items()
    }


def from_selector(user, period: Period, key=None, sector_pk=None) -> dict:
    filters = {"sector": sector_pk} if sector_pk else None
    found = selectors.hazard_found_counts(user=user, period=period, filters=filters, group=key)
    return {k: (f.found, f.rectified, f.major_found, f.major_rectified, f.by_status) for k, f in found.items()}


def assert_figures_match(*users) -> None:
    assert rollup_rows() == recounted()
    for user in users:
        assert_user_figures_match(user)


def assert_user_figures_match(user) -> None:
    """The user's figures (a city's read from the rollup, a township's counted live) against the count by hand."""
    fire = sector("消防").pk
    for period in PERIODS:
        for key in (None, "org_unit", "sector", "month"):
            assert from_selector(user, period, key) == by_hand(period, key, user=user), (period, key)
        assert from_selector(user, period, "org_unit", fire) == by_hand(period, "org_unit", fire, user), period
        months = selectors.hazard_found_per_month(user=user, periods=[period])
        assert months == {k: v[0] for k, v in by_hand(period, "month", user=user).items()}, period
        headline = selectors.hazard_figures(user=user, period=period, today=TODAY)
        found, rectified, major_found, major_rectified, by_status = by_hand(period, user=user).get(
            None, (0, 0, 0, 0, tuple((s.value, 0) for s in S))
        )
        assert (
            headline.found,
            headline.rectified,
            headline.major_found,
            headline.major_rectified,
            headline.by_status,
        ) == (found, rectified, major_found, major_rectified, by_status)
        total, townships = selectors.hazard_figures_with_townships(user=user, period=period, today=TODAY)
        assert total == headline
        assert dict(selectors.hazard_figures_by_township(user=user, period=period, today=TODAY)) == dict(townships)
        visible = list(Hazard.objects.visible_to(user))
        is_open = [h for h in visible if h.status != S.CLOSED]
        assert (headline.open, headline.overdue, headline.listed) == (
            len(is_open),
            sum(1 for h in is_open if h.deadline and h.deadline < TODAY),
            sum(1 for h in is_open if h.level == MAJOR and h.supervision_level and not h.delisted_on),
        )


HAZARD = st.fixed_dictionaries(
    {
        "unit": st.integers(0, 1),
        "sector": st.sampled_from(SECTORS),
        "found_on": st.dates(dt.date(2025, 11, 20), dt.date(2026, 7, 15)),
        "major": st.booleans(),
        "status": st.sampled_from(list(S)),
        "closed_after": st.integers(0, 60),
        "deadline_after": st.one_of(st.none(), st.integers(0, 90)),
        "listed": st.booleans(),
    }
)
CHANGE = st.tuples(
    st.sampled_from(["close", "reopen", "move", "sector", "refound", "major", "delete"]), st.integers(0, 30)
)


def build(spec: dict, units) -> Hazard:
    closed_on = spec["found_on"] + dt.timedelta(days=spec["closed_after"])
    after = spec["deadline_after"]
    listed = spec["major"] and spec["listed"]
    return Hazard(
        org_unit=units[spec["unit"]],
        sector=sector(spec["sector"]),
        found_on=spec["found_on"],
        level=MAJOR if spec["major"] else Hazard.Level.GENERAL,
        status=spec["status"],
        closed_on=closed_on if spec["status"] == S.CLOSED else None,
        deadline=None if after is None else spec["found_on"] + dt.timedelta(days=after),
        supervision_level=Hazard.SupervisionLevel.CITY if listed else "",
        listed_on=spec["found_on"] if listed else None,
        place_name="测试企业",
        description="疏散通道堆放杂物",
    )


@DB
@given(st.lists(HAZARD, max_size=12), st.lists(HAZARD, max_size=6), st.lists(CHANGE, max_size=8))
def test_every_write_keeps_the_rollup_and_the_figures_exact(
    township_a, township_b, city_leader, township_a_staff, created, bulk, changes
):
    units = [township_a, township_b]
    Hazard.objects.all().delete()
    assert rollup_rows() == {}
    for spec in created:
        build(spec, units).save()
    Hazard.objects.bulk_create([build(spec, units) for spec in bulk])
    assert_figures_match(city_leader, township_a_staff)
    for change, n in changes:
        hazard = Hazard.objects.order_by("pk")[n % max(Hazard.objects.count(), 1) :].first()
        if hazard is None:
            break
        one = Hazard.objects.filter(pk=hazard.pk)
        if change == "close":
            one.update(status=S.CLOSED, closed_on=hazard.found_on + dt.timedelta(days=n))
        elif change == "reopen":
            one.update(status=S.RECTIFYING, closed_on=None)
        elif change == "move":
            one.update(org_unit=units[1] if hazard.org_unit_id == units[0].pk else units[0])
        elif change == "sector":
            one.update(sector=sector(SECTORS[n % len(SECTORS)]))
        elif change == "refound":
            one.update(found_on=dt.date(2026, 1 + n % 7, 1 + n % 28), closed_on=None, status=S.REPORTED, deadline=None)
        elif change == "major":
            one.update(level=Hazard.Level.GENERAL if hazard.level == MAJOR else MAJOR, supervision_level="")
        else:
            hazard.delete()
    assert_figures_match(city_leader, township_a_staff)


def test_a_hazard_moves_between_the_status_counts_as_it_goes_round_the_loop(township_a, township_a_staff, city_leader):
    hazard = HazardFactory.create(org_unit=township_a, found_on=dt.date(2026, 3, 10), status=S.REPORTED)

    def cell() -> tuple[int, int, int]:
        row = HazardMonth.objects.get(org_unit=township_a, month=dt.date(2026, 3, 1))
        return row.found, row.reported, row.closed

    assert cell() == (1, 1, 0)
    hazard.status, hazard.closed_on = S.CLOSED, dt.date(2026, 3, 20)
    hazard.save()
    assert cell() == (1, 0, 1)
    assert selectors.hazard_figures(user=city_leader, period=Period.half_year(2026, 1), today=TODAY).rectified == 1
    hazard.delete()
    assert cell() == (0, 0, 0)


def test_hazards_closed_through_the_services_count_as_rectified(township_a, township_a_staff, city_leader):
    hazard = HazardFactory.create(org_unit=township_a, found_on=dt.date(2026, 5, 4), status=S.AWAITING_REVIEW)
    h1 = Period.half_year(2026, 1)
    assert selectors.hazard_figures(user=city_leader, period=h1, today=TODAY).rectified == 0
    services.hazard_reinspect(acting_user=township_a_staff, hazard=hazard, passed=True)
    hazard.refresh_from_db()
    assert hazard.status == S.CLOSED
    # Closed today (after H1): found in H1, rectified only in a period that reaches today.
    assert selectors.hazard_figures(user=city_leader, period=h1, today=TODAY).rectified == 0
    assert hazard.closed_on is not None
    this_year = Period(dt.date(2026, 1, 1), hazard.closed_on)
    assert selectors.hazard_figures(user=city_leader, period=this_year, today=TODAY).rectified == 1
    assert rollup_rows() == recounted()


def test_a_rebuild_recounts_the_same_tables(township_a, township_b):
    for i in range(6):
        HazardFactory.create(
            org_unit=(township_a, township_b)[i % 2],
            found_on=dt.date(2026, 1 + i, 5),
            status=(S.CLOSED if i % 3 == 0 else S.RECTIFYING),
            closed_on=dt.date(2026, 1 + i, 20) if i % 3 == 0 else None,
        )
    before = rollup_rows()
    HazardMonth.objects.all().delete()
    HazardSectorMonth.objects.all().delete()
    rollup.rebuild()
    assert rollup_rows() == before
    assert sum(v[0] for k, v in before.items() if k[0] == "HazardMonth") == 6


@pytest.mark.parametrize("period", PERIODS, ids=str)
def test_a_campaign_filter_reads_the_hazards_live_with_the_same_meaning(township_a, city_leader, period):
    campaign = CampaignFactory.create()
    HazardFactory.create(
        org_unit=township_a,
        found_on=dt.date(2026, 2, 5),
        campaign=campaign,
        status=S.CLOSED,
        closed_on=dt.date(2026, 8, 1),
    )
    HazardFactory.create(org_unit=township_a, found_on=dt.date(2026, 2, 6))
    found = selectors.hazard_found_counts(user=city_leader, period=period, filters={"campaign": campaign})
    expected = 1 if period.start <= dt.date(2026, 2, 5) <= period.end else 0
    assert sum(f.found for f in found.values()) == expected
    assert sum(f.rectified for f in found.values()) == (expected if period.end >= dt.date(2026, 8, 1) else 0)


def test_the_check_command_finds_a_rollup_that_drifted_and_the_rebuild_mends_it(township_a, township_b):
    """What a TRUNCATE or a load with the triggers off would leave: --check says so, a rebuild mends it."""
    from io import StringIO

    from django.core.management import CommandError, call_command

    for i in range(4):
        HazardFactory.create(org_unit=(township_a, township_b)[i % 2], found_on=dt.date(2026, 2 + i, 3))
    out = StringIO()
    call_command("rebuild_hazard_rollup", "--check", stdout=out)
    assert "equals a recount of 4 hazards" in out.getvalue()

    HazardMonth.objects.filter(org_unit=township_a, month=dt.date(2026, 2, 1)).update(found=7, reported=7)
    out = StringIO()
    with pytest.raises(CommandError, match="1 rollup cell"):
        call_command("rebuild_hazard_rollup", "--check", stdout=out)
    assert "stored (7, 0, 0, 7, 0, 0, 0, 0), counted (1, 0, 0, 1, 0, 0, 0, 0)" in out.getvalue()

    call_command("rebuild_hazard_rollup", stdout=StringIO())
    assert rollup.differences() == []


def test_the_weekly_check_tells_the_administrators_when_the_rollup_drifted(township_a, city):
    from hazards.tasks import check_hazard_rollup_task
    from org.models import Notification, Role
    from tests.factories.org import UserFactory

    admin = UserFactory.create(username="portal_admin", role=Role.ADMIN, org_unit=city)
    UserFactory.create(username="a_leader", role=Role.LEADER, org_unit=city)
    HazardFactory.create(org_unit=township_a, found_on=dt.date(2026, 2, 3))
    assert check_hazard_rollup_task() == 0
    assert not Notification.objects.exists()

    HazardMonth.objects.update(found=5)
    assert check_hazard_rollup_task() == 1
    assert check_hazard_rollup_task() == 1  # told once a day, not once a run
    (notice,) = Notification.objects.all()
    assert notice.recipient == admin
    assert "rebuild_hazard_rollup" in notice.message
