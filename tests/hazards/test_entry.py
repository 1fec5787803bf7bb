"""The entry form a grid worker fills on a phone: defaults, date rules, role refusals, quality hints."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib import messages
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from hazards.models import Hazard, HazardPhoto
from org.models import AuditEntry, Role
from tests.factories.hazards import hazard_form_data, tiny_png
from tests.factories.org import UserFactory

pytestmark = pytest.mark.django_db


def days_from_today(days: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def create(client, data: dict):
    return client.post(reverse("hazards:create"), data)


# --- Defaults ----------------------------------------------------------------------------------------------


def test_entry_form_preselects_the_workers_own_township(staff_a_client, township_a):
    response = staff_a_client.get(reverse("hazards:create"))
    assert response.status_code == 200
    assert response.context["form"].initial["org_unit"] == township_a.pk


def test_entry_form_dates_the_hazard_today(staff_a_client):
    response = staff_a_client.get(reverse("hazards:create"))
    assert response.context["form"].initial["found_on"] == timezone.localdate()


def test_entry_form_of_a_village_worker_preselects_village_and_township(client_for, village_a, township_a):
    client = client_for(UserFactory.create(org_unit=village_a, role=Role.TOWNSHIP_STAFF))
    initial = client.get(reverse("hazards:create")).context["form"].initial
    assert (initial["org_unit"], initial["village"]) == (township_a.pk, village_a.pk)


def test_entry_form_offers_only_the_workers_own_township(staff_a_client, township_a, township_b):
    form = staff_a_client.get(reverse("hazards:create")).context["form"]
    assert list(form.fields["org_unit"].queryset) == [township_a]


# --- Saving ------------------------------------------------------------------------------------------------


def test_saving_a_hazard_redirects_to_its_page(staff_a_client, township_a):
    response = create(staff_a_client, hazard_form_data(township_a))
    hazard = Hazard.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("hazards:detail", args=[hazard.pk])


def test_a_saved_hazard_is_reported_by_the_worker_who_entered_it(staff_a_client, township_a, township_a_staff):
    create(staff_a_client, hazard_form_data(township_a))
    hazard = Hazard.objects.get()
    assert (hazard.status, hazard.finder) == (Hazard.Status.REPORTED, township_a_staff)
    assert AuditEntry.objects.get(target_id=hazard.pk).action == "hazards.hazard.created"


def test_save_and_add_another_returns_to_an_empty_form(staff_a_client, township_a):
    response = create(staff_a_client, {**hazard_form_data(township_a), "save_and_new": "1"})
    assert response.url == reverse("hazards:create")


def test_naming_a_responsible_unit_and_deadline_on_entry_assigns_at_once(staff_a_client, township_a):
    create(staff_a_client, hazard_form_data(township_a, responsible_unit="城关五金加工厂", deadline=days_from_today(7)))
    hazard = Hazard.objects.get()
    assert hazard.status == Hazard.Status.ASSIGNED
    assert AuditEntry.objects.filter(target_id=hazard.pk, action="hazards.hazard.assign").exists()


def test_photos_taken_on_entry_are_saved_as_before_photos(staff_a_client, township_a):
    create(staff_a_client, {**hazard_form_data(township_a), "photos": [tiny_png("a.png"), tiny_png("b.png")]})
    assert list(HazardPhoto.objects.values_list("kind", flat=True)) == [HazardPhoto.Kind.BEFORE] * 2


def test_a_village_of_the_chosen_township_is_accepted(staff_a_client, township_a, village_a):
    create(staff_a_client, hazard_form_data(township_a, village=village_a.pk))
    assert Hazard.objects.get().village == village_a


# --- Date rules --------------------------------------------------------------------------------------------


def test_deadline_before_the_date_found_is_a_deadline_error(staff_a_client, township_a):
    data = hazard_form_data(
        township_a, found_on=days_from_today(-2), deadline=days_from_today(-5), responsible_unit="城关五金加工厂"
    )
    response = create(staff_a_client, data)
    assert response.status_code == 200
    assert "deadline" in response.context["form"].errors
    assert not Hazard.objects.exists()


def test_a_date_found_in_the_future_is_refused(staff_a_client, township_a):
    response = create(staff_a_client, hazard_form_data(township_a, found_on=days_from_today(1)))
    assert "found_on" in response.context["form"].errors
    assert not Hazard.objects.exists()


def test_a_hazard_found_today_is_accepted(staff_a_client, township_a):
    create(staff_a_client, hazard_form_data(township_a, found_on=days_from_today(0)))
    assert Hazard.objects.get().found_on == timezone.localdate()


def test_a_missing_place_name_is_a_field_error(staff_a_client, township_a):
    response = create(staff_a_client, hazard_form_data(township_a, place_name=""))
    assert "place_name" in response.context["form"].errors


# --- Who may enter -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("client_name", ["clerk_client", "leader_client"])
def test_clerk_and_leader_cannot_open_the_entry_form(request, client_name):
    client = request.getfixturevalue(client_name)
    assert client.get(reverse("hazards:create")).status_code == 403


@pytest.mark.parametrize("client_name", ["clerk_client", "leader_client"])
def test_clerk_and_leader_cannot_post_a_hazard(request, client_name, township_a):
    client = request.getfixturevalue(client_name)
    response = create(client, hazard_form_data(township_a))
    assert response.status_code == 403
    assert not Hazard.objects.exists()


def test_an_officer_may_enter_a_hazard_for_any_township(officer_client, township_b):
    create(officer_client, hazard_form_data(township_b))
    assert Hazard.objects.get().org_unit == township_b


# --- Quality hints: they warn, never block -----------------------------------------------------------------


def test_hints_flag_a_thin_record(staff_a_client):
    response = staff_a_client.post(reverse("hazards:hints"), {"description": "有隐患", "measures": "立即整改"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<li>") >= 2


def test_hints_are_empty_for_a_well_filled_record(staff_a_client):
    response = staff_a_client.post(
        reverse("hazards:hints"),
        {
            "description": "车间东侧疏散通道堆放纸箱，安全出口指示标志损坏不亮",
            "measures": "当日清理通道，三日内更换指示标志",
            "found_on": days_from_today(-1),
            "deadline": days_from_today(3),
        },
    )
    assert response.content.decode().strip() == ""


def test_a_thin_record_still_saves(staff_a_client, township_a):
    response = create(staff_a_client, hazard_form_data(township_a, description="有隐患", measures="立即整改"))
    assert response.status_code == 302
    assert Hazard.objects.get().description == "有隐患"


def test_a_thin_record_is_saved_with_warnings(staff_a_client, township_a):
    response = create(staff_a_client, hazard_form_data(township_a, description="有隐患", measures="立即整改"))
    warnings = [m for m in get_messages(response.wsgi_request) if m.level == messages.WARNING]
    assert len(warnings) >= 2
