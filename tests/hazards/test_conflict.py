"""Two people editing one hazard: the second save is refused and told what changed (optimistic locking)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from hazards import services
from hazards.models import Hazard
from tests.factories.hazards import hazard_form_data, sector

pytestmark = pytest.mark.django_db


@pytest.fixture
def hazard(township_a, township_a_staff) -> Hazard:
    # Through the service, so the hazard has the history a real one has.
    return services.hazard_create(acting_user=township_a_staff, **_fields(township_a))


def _fields(township) -> dict:
    data = hazard_form_data(township)
    return {
        "org_unit": township,
        "place_name": data["place_name"],
        "sector": sector(),
        "description": data["description"],
        "found_on": dt.date(2026, 3, 10),
    }


def _edit(client, hazard: Hazard, version: int, **changes):
    data = hazard_form_data(hazard.org_unit, found_on="2026-03-10", version=version, **changes)
    return client.post(reverse("hazards:edit", args=[hazard.pk]), data)


def _opened_at(client, hazard: Hazard) -> int:
    return client.get(reverse("hazards:edit", args=[hazard.pk])).context["form"]["version"].value()


def test_the_edit_form_carries_the_version_it_was_opened_at(staff_a_client, hazard):
    assert _opened_at(staff_a_client, hazard) == hazard.version


def test_the_second_of_two_edits_is_refused_with_a_conflict(staff_a_client, officer_client, hazard):
    version = _opened_at(staff_a_client, hazard)
    _edit(officer_client, hazard, version, place_name="城关五金厂（东厂区）")

    response = _edit(staff_a_client, hazard, version, place_name="城关五金加工厂二车间")

    hazard.refresh_from_db()
    assert response.status_code == 409
    assert hazard.place_name == "城关五金厂（东厂区）"


def test_the_refusal_says_who_changed_what(staff_a_client, officer_client, officer, hazard):
    version = _opened_at(staff_a_client, hazard)
    _edit(officer_client, hazard, version, place_name="城关五金厂（东厂区）")

    response = _edit(staff_a_client, hazard, version, place_name="城关五金加工厂二车间")

    message = " ".join(response.context["form"].non_field_errors())
    assert str(officer) in message
    assert "城关五金厂（东厂区）" in message


def test_the_refused_form_keeps_what_the_user_typed(staff_a_client, officer_client, hazard):
    version = _opened_at(staff_a_client, hazard)
    _edit(officer_client, hazard, version, place_name="城关五金厂（东厂区）")

    response = _edit(staff_a_client, hazard, version, place_name="城关五金加工厂二车间")

    assert response.context["form"]["place_name"].value() == "城关五金加工厂二车间"


def test_saving_again_after_reading_the_refusal_applies_the_change(staff_a_client, officer_client, hazard):
    version = _opened_at(staff_a_client, hazard)
    _edit(officer_client, hazard, version, place_name="城关五金厂（东厂区）")
    refused = _edit(staff_a_client, hazard, version, place_name="城关五金加工厂二车间")

    _edit(staff_a_client, hazard, refused.context["form"]["version"].value(), place_name="城关五金加工厂二车间")

    hazard.refresh_from_db()
    assert hazard.place_name == "城关五金加工厂二车间"


def test_a_step_in_the_loop_also_makes_an_open_edit_form_stale(staff_a_client, officer, hazard):
    version = _opened_at(staff_a_client, hazard)
    services.hazard_assign(
        acting_user=officer, hazard=hazard, responsible_unit="城关五金加工厂", deadline=hazard.found_on
    )

    response = _edit(staff_a_client, hazard, version, place_name="改名")

    assert response.status_code == 409


def test_the_nightly_overdue_stamp_also_makes_an_open_edit_form_stale(staff_a_client, officer, hazard):
    services.hazard_assign(
        acting_user=officer, hazard=hazard, responsible_unit="城关五金加工厂", deadline=hazard.found_on
    )
    version = _opened_at(staff_a_client, hazard)
    services.hazards_mark_overdue()

    response = _edit(staff_a_client, hazard, version, place_name="改名")

    assert response.status_code == 409
