"""The demo data: realistic in size, deterministic, idempotent, and seed 000's inspection sentence."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from floodprep import selectors
from floodprep.models import CheckIn, ResponsiblePerson, RiskInspection, SupplyItem
from org.management.commands.seed_demo import build_org, build_users
from org.models import User
from org.periods import Period

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded() -> str:
    build_org()
    build_users()
    out = io.StringIO()
    call_command("seed_demo_floodprep", stdout=out)
    return out.getvalue()


def _latest_first_half() -> Period:
    today = timezone.localdate()
    year = today.year if today >= dt.date(today.year, 6, 20) else today.year - 1
    return Period.half_year(year, 1)


def test_the_demo_roster_has_thousands_of_persons(seeded):
    assert 2500 <= ResponsiblePerson.objects.count() <= 3500


def test_a_second_run_creates_nothing(seeded):
    counts = (ResponsiblePerson.objects.count(), CheckIn.objects.count(), RiskInspection.objects.count())
    out = io.StringIO()
    call_command("seed_demo_floodprep", stdout=out)
    assert (ResponsiblePerson.objects.count(), CheckIn.objects.count(), RiskInspection.objects.count()) == counts
    assert "already present" in out.getvalue()


def test_the_first_half_year_reads_like_seed_000(seeded):
    figures = selectors.flood_figures(user=User.objects.get(username="leader"), period=_latest_first_half())
    assert selectors.inspection_sentence(figures) == (
        "出动检查人员3864人次，检查各类点位1234处，发现隐患168处，整改163处，其余5处已落实度汛措施"
    )


def test_the_demo_data_is_the_same_every_time(seeded):
    first = list(ResponsiblePerson.objects.order_by("pk").values_list("name", "mobile")[:50])
    for model in apps.get_app_config("floodprep").get_models():
        if model is not SupplyItem:
            model._default_manager.all().delete()
    call_command("seed_demo_floodprep", stdout=io.StringIO())
    assert list(ResponsiblePerson.objects.order_by("pk").values_list("name", "mobile")[:50]) == first
