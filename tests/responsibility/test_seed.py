"""seed_demo_responsibility: a realistic year for the demo city, deterministic and idempotent."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from org.management.commands.seed_demo import build_org, build_users
from responsibility.models import (
    Accident,
    Committee,
    Interview,
    LeaderInspection,
    Meeting,
    PublicityEvent,
    Ranking,
    RankingScheme,
    ResponsibilityLetter,
)

MODELS = [Committee, ResponsibilityLetter, Meeting, LeaderInspection, Interview, Accident, PublicityEvent, Ranking]


@pytest.fixture
def demo_city(db) -> None:
    build_org()
    build_users()


def seed() -> None:
    call_command("seed_demo_responsibility", stdout=io.StringIO())


def counts() -> list[int]:
    return [model._default_manager.count() for model in MODELS]


def test_this_years_safety_committee_has_ten_specialised_committees(demo_city):
    seed()
    city_committees = Committee.objects.filter(year=timezone.localdate().year, org_unit__kind="city")
    assert city_committees.filter(kind="specialised").count() == 10


def test_last_years_set_had_fourteen(demo_city):
    seed()
    last_year = Committee.objects.filter(year=timezone.localdate().year - 1, org_unit__kind="city")
    assert last_year.filter(kind="specialised").count() == 14


def test_accidents_cover_this_year_and_last(demo_city):
    seed()
    years = set(Accident.objects.values_list("occurred_on__year", flat=True))
    assert years == {timezone.localdate().year - 1, timezone.localdate().year}


def test_rankings_are_computed_and_all_but_the_newest_published(demo_city):
    seed()
    assert (Ranking.objects.count(), Ranking.objects.filter(status="published").count()) == (11, 10)


def test_a_second_run_creates_nothing(demo_city):
    seed()
    before = counts()
    seed()
    assert counts() == before


def test_the_same_seed_gives_the_same_records(demo_city):
    seed()
    first = list(Accident.objects.order_by("occurred_on", "place").values_list("occurred_on", "place", "dead"))
    for model in reversed(MODELS):
        model._default_manager.all().delete()
    RankingScheme.objects.all().delete()
    seed()
    assert list(Accident.objects.order_by("occurred_on", "place").values_list("occurred_on", "place", "dead")) == first
