"""seed_demo_enforcement: a realistic demo year for the demo city, and safe to run twice.

Each test seeds the whole demo city (a few seconds), so there are only two.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from enforcement.models import Case, Inspection, NumberSequence

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    from org.management.commands.seed_demo import build_org, build_users

    build_org()
    build_users()
    call_command("seed_demo_enforcement", stdout=StringIO())


def test_the_demo_has_thousands_of_inspections_by_pairs_and_about_150_cases_a_year(seeded):
    assert 4000 < Inspection.objects.count() < 7000
    assert 200 < Case.objects.count() < 400
    assert not Inspection.objects.annotate(n=Count("officers")).filter(n__lt=2).exists()


def test_a_second_run_creates_nothing_and_numbering_continues(seeded):
    before = (Inspection.objects.count(), Case.objects.count())

    call_command("seed_demo_enforcement", stdout=StringIO())

    latest = Case.objects.latest("year", "seq")
    assert (Inspection.objects.count(), Case.objects.count()) == before
    assert NumberSequence.objects.get(code="罚", year=latest.year).last == latest.seq
