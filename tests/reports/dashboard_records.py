"""Records the dashboard tests share, on top of the hand-counted half year of tests/reports/conftest.py.

By hand, for the first half of 2026:
- enforcement: 城关街道 2 inspections, 1 case filed and decided with a 12,000 yuan fine; 青山镇 1 inspection;
- accidents: 城关街道 1 (1 dead) this half year, and 2 (3 dead) in the same half of 2025;
- flood: 城关街道 has 2 responsible persons, one checked in; one shelter up to standard, one not;
- ranking: a published city ranking puts 城关街道 first (blue) and 青山镇 second (red).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from hazards.models import Hazard
from org.models import OrgUnit
from responsibility.models import Colour, Ranking, RankingEntry
from tests.factories.enforcement import CaseFactory, InspectionFactory
from tests.factories.floodprep import CheckInFactory, ResponsiblePersonFactory, ShelterFactory
from tests.factories.hazards import HazardFactory, sector
from tests.factories.responsibility import AccidentFactory, SchemeFactory

d = dt.date
HALF = "?period=custom&start=2026-01-01&end=2026-06-30"


def build_records(*, city: OrgUnit, township_a: OrgUnit, township_b: OrgUnit, village_a: OrgUnit) -> Ranking:
    InspectionFactory.create(org_unit=township_a, inspected_on=d(2026, 3, 10))
    InspectionFactory.create(org_unit=township_a, inspected_on=d(2026, 4, 10))
    InspectionFactory.create(org_unit=township_b, inspected_on=d(2026, 5, 10))
    CaseFactory.create(
        org_unit=township_a, filed_on=d(2026, 3, 12), decided_on=d(2026, 4, 1), fine_yuan=Decimal("12000")
    )
    AccidentFactory.create(org_unit=township_a, occurred_on=d(2026, 3, 15), dead=1)
    AccidentFactory.create(org_unit=township_a, occurred_on=d(2025, 2, 1), dead=1)
    AccidentFactory.create(org_unit=township_b, occurred_on=d(2025, 5, 1), dead=2)
    present = ResponsiblePersonFactory.create(org_unit=village_a)
    ResponsiblePersonFactory.create(org_unit=village_a)
    CheckInFactory.create(person=present, checked_on=d(2026, 5, 10))
    ShelterFactory.create(org_unit=village_a, meets_standard=True, checked_on=d(2026, 4, 1))
    ShelterFactory.create(org_unit=village_a, meets_standard=False)
    return publish_ranking(city, [(township_a, Colour.BLUE, "90.5"), (township_b, Colour.RED, "61.0")])


END_OF_JUNE = d(2026, 6, 30)


def publish_ranking(
    city: OrgUnit, places: list[tuple[OrgUnit, str, str]], *, issue: int = 1, end: dt.date = END_OF_JUNE
) -> Ranking:
    """A published ranking as ranking_compute and ranking_publish leave it (row by row, for a fixed state)."""
    scheme = SchemeFactory.create(org_unit=city)
    now = timezone.now()
    ranking = Ranking.objects.create(
        scheme=scheme,
        org_unit=city,
        issue=issue,
        period_start=d(2026, 1, 1),
        period_end=end,
        status=Ranking.Status.PUBLISHED,
        township_count=len(places),
        computed_at=now,
        published_at=now,
    )
    for position, (unit, colour, score) in enumerate(places, start=1):
        RankingEntry.objects.create(
            ranking=ranking,
            org_unit=unit,
            position=position,
            rank=position,
            score=Decimal(score),
            indicator_points=Decimal(score),
            rubric_points=Decimal(0),
            colour=colour,
        )
    return ranking


def grow(count: int, *, township_a: OrgUnit, township_b: OrgUnit) -> None:
    """``count`` more of every kind of record, spread over both townships and several sectors and states."""
    sectors = [sector("消防"), sector("工贸"), sector("建筑施工")]
    states = [Hazard.Status.REPORTED, Hazard.Status.ASSIGNED, Hazard.Status.RECTIFYING, Hazard.Status.CLOSED]
    for n in range(count):
        unit = township_a if n % 2 else township_b
        status = states[n % len(states)]
        HazardFactory.create(
            org_unit=unit,
            sector=sectors[n % 3],
            found_on=d(2026, 1 + n % 6, 1 + n % 27),
            status=status,
            closed_on=d(2026, 6, 28) if status == Hazard.Status.CLOSED else None,
            deadline=d(2026, 6, 29),
            level=Hazard.Level.MAJOR if n % 5 == 0 else Hazard.Level.GENERAL,
        )
        InspectionFactory.create(org_unit=unit, inspected_on=d(2026, 1 + n % 6, 3))
        CaseFactory.create(org_unit=unit, filed_on=d(2026, 1 + n % 6, 5), fine_yuan=Decimal(1000 * n))
        AccidentFactory.create(org_unit=unit, occurred_on=d(2026 - n % 2, 1 + n % 6, 9))
