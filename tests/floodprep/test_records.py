"""Keeping the records through the portal: each form calls its service, which checks and audits."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from floodprep import services
from floodprep.models import (
    CheckIn,
    Drill,
    ForestPatrol,
    RescueTeam,
    ResponsiblePerson,
    RiskInspection,
    RiskPoint,
    Shelter,
    Stock,
    Warehouse,
)
from org.models import AuditEntry
from tests.factories.floodprep import (
    RescueTeamFactory,
    ResponsiblePersonFactory,
    RiskInspectionFactory,
    RiskPointFactory,
    item,
)
from tests.factories.hazards import HazardFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def person_data(unit, **overrides) -> dict:
    data = {"org_unit": unit.pk, "level": "village", "post": "村书记", "name": "张和平", "mobile": "13812345678"}
    data.update(overrides)
    return data


def actions() -> list[str]:
    return list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))


# --- Roster --------------------------------------------------------------------------------------------------------
def test_staff_add_a_person_and_land_on_their_page(staff_a_client, village_a):
    response = staff_a_client.post(reverse("floodprep:person_create"), person_data(village_a))
    person = ResponsiblePerson.objects.get()
    assert response.url == reverse("floodprep:person", args=[person.pk])
    assert actions() == ["floodprep.person.created"]


def test_a_village_level_person_cannot_sit_on_a_township(staff_a_client, township_a):
    response = staff_a_client.post(reverse("floodprep:person_create"), person_data(township_a))
    assert response.context["form"].errors["org_unit"]


def test_the_same_person_cannot_be_added_twice(staff_a_client, village_a):
    staff_a_client.post(reverse("floodprep:person_create"), person_data(village_a))
    response = staff_a_client.post(reverse("floodprep:person_create"), person_data(village_a))
    assert response.status_code == 200
    assert ResponsiblePerson.objects.count() == 1


def test_a_mobile_number_must_have_eleven_digits(staff_a_client, village_a):
    response = staff_a_client.post(reverse("floodprep:person_create"), person_data(village_a, mobile="1381234"))
    assert response.context["form"].errors["mobile"]


def test_editing_a_person_audits_only_what_changed(staff_a_client, village_a):
    person = ResponsiblePersonFactory.create(org_unit=village_a, name="张和平", mobile="13812345678")
    data = person_data(village_a, post="转移责任人", is_active="on")
    staff_a_client.post(reverse("floodprep:person_edit", args=[person.pk]), data)
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.data["changed"]) == ("floodprep.person.updated", ["post"])


def test_check_in_from_the_roster_row_records_today_once(staff_a_client, village_a):
    person = ResponsiblePersonFactory.create(org_unit=village_a)
    url = reverse("floodprep:person_checkin", args=[person.pk])
    first = staff_a_client.post(url, HTTP_HX_REQUEST="true")
    staff_a_client.post(url, HTTP_HX_REQUEST="true")
    assert first.templates[0].name == "floodprep/_person_row.html"
    assert list(CheckIn.objects.values_list("checked_on", flat=True)) == [TODAY()]
    assert actions() == ["floodprep.person.checked_in"]


def test_check_in_for_a_past_day_from_the_persons_page(staff_a_client, village_a):
    person = ResponsiblePersonFactory.create(org_unit=village_a)
    day = TODAY() - dt.timedelta(days=3)
    staff_a_client.post(reverse("floodprep:person_checkin", args=[person.pk]), {"checked_on": day.isoformat()})
    assert CheckIn.objects.get().checked_on == day


def test_a_check_in_cannot_be_in_the_future(staff_a_client, village_a):
    person = ResponsiblePersonFactory.create(org_unit=village_a)
    tomorrow = TODAY() + dt.timedelta(days=1)
    response = staff_a_client.post(
        reverse("floodprep:person_checkin", args=[person.pk]), {"checked_on": tomorrow.isoformat()}
    )
    assert response.status_code == 400
    assert not CheckIn.objects.exists()


def test_a_person_who_left_cannot_check_in(staff_a_client, village_a):
    person = ResponsiblePersonFactory.create(org_unit=village_a, is_active=False)
    response = staff_a_client.post(reverse("floodprep:person_checkin", args=[person.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 400


# --- Risk points and inspections -----------------------------------------------------------------------------------
def test_staff_add_a_risk_point_with_its_responsible_persons(staff_a_client, village_a):
    carer = ResponsiblePersonFactory.create(org_unit=village_a)
    data = {
        "org_unit": village_a.pk,
        "name": "和平社区后山",
        "kind": "geohazard",
        "people_at_risk": 120,
        "responsible_persons": [carer.pk],
    }
    staff_a_client.post(reverse("floodprep:risk_point_create"), data)
    assert list(RiskPoint.objects.get().responsible_persons.all()) == [carer]


def test_retiring_a_risk_point_takes_it_off_the_list(staff_a_client, village_a):
    point = RiskPointFactory.create(org_unit=village_a, name="旧塘")
    data = {"org_unit": village_a.pk, "name": "旧塘", "kind": point.kind, "people_at_risk": 0}
    staff_a_client.post(reverse("floodprep:risk_point_edit", args=[point.pk]), data)  # is_active unticked
    assert not RiskPoint.objects.get().is_active
    assert staff_a_client.get(reverse("floodprep:risk_points")).context["page"].paginator.count == 0


def inspection_data(unit, **overrides) -> dict:
    data = {
        "org_unit": unit.pk,
        "inspected_on": TODAY().isoformat(),
        "title": "汛前检查",
        "staff_count": 12,
        "points_checked": 8,
        "hazards_found": 3,
        "hazards_rectified": 2,
        "measures_in_place": 1,
    }
    data.update(overrides)
    return data


def test_staff_record_an_inspection_with_the_points_checked(staff_a_client, township_a, village_a):
    point = RiskPointFactory.create(org_unit=village_a)
    staff_a_client.post(reverse("floodprep:inspection_create"), inspection_data(township_a, risk_points=[point.pk]))
    inspection = RiskInspection.objects.get()
    assert (inspection.hazards_open, list(inspection.risk_points.all())) == (0, [point])


def test_rectified_and_measures_cannot_exceed_hazards_found(staff_a_client, township_a):
    data = inspection_data(township_a, hazards_found=2, hazards_rectified=2, measures_in_place=1)
    response = staff_a_client.post(reverse("floodprep:inspection_create"), data)
    assert response.status_code == 200
    assert not RiskInspection.objects.exists()


def test_follow_up_counts_are_saved_and_audited(staff_a_client, township_a):
    inspection = RiskInspectionFactory.create(org_unit=township_a, hazards_found=3, hazards_rectified=1)
    data = {"hazards_found": 3, "hazards_rectified": 2, "measures_in_place": 1, "note": "已整改"}
    staff_a_client.post(reverse("floodprep:inspection_counts", args=[inspection.pk]), data)
    inspection.refresh_from_db()
    assert (inspection.hazards_rectified, inspection.measures_in_place) == (2, 1)
    assert actions() == ["floodprep.inspection.updated"]


def test_a_hazard_of_the_same_township_can_be_linked(staff_a_client, township_a):
    inspection = RiskInspectionFactory.create(org_unit=township_a)
    hazard = HazardFactory.create(org_unit=township_a, found_on=inspection.inspected_on)
    staff_a_client.post(reverse("floodprep:inspection_link_hazard", args=[inspection.pk]), {"hazard": hazard.pk})
    assert list(inspection.hazards.all()) == [hazard]


def test_a_village_inspection_offers_its_townships_hazards_of_those_days(staff_a_client, township_a, village_a):
    inspection = RiskInspectionFactory.create(org_unit=village_a)
    near = HazardFactory.create(org_unit=township_a, found_on=inspection.inspected_on + dt.timedelta(days=3))
    HazardFactory.create(org_unit=township_a, found_on=inspection.inspected_on - dt.timedelta(days=60))
    response = staff_a_client.get(reverse("floodprep:inspection", args=[inspection.pk]))
    assert list(response.context["link_form"].fields["hazard"].queryset) == [near]


def test_another_townships_hazard_cannot_be_linked(staff_a_client, township_a, township_b):
    inspection = RiskInspectionFactory.create(org_unit=township_a)
    hazard = HazardFactory.create(org_unit=township_b, found_on=inspection.inspected_on)
    url = reverse("floodprep:inspection_link_hazard", args=[inspection.pk])
    assert staff_a_client.post(url, {"hazard": hazard.pk}).status_code == 400
    assert not inspection.hazards.exists()


def test_the_link_service_refuses_a_hazard_outside_the_inspections_area(officer, township_a, township_b):
    # The officer sees both townships; the hazard still has to be of the inspection's own area.
    inspection = RiskInspectionFactory.create(org_unit=township_a)
    hazard = HazardFactory.create(org_unit=township_b, found_on=inspection.inspected_on)
    with pytest.raises(ValidationError):
        services.risk_inspection_link_hazard(acting_user=officer, inspection=inspection, hazard_id=hazard.pk)


# --- Supplies, teams, shelters, drills, patrols --------------------------------------------------------------------
def test_a_stock_count_replaces_the_previous_one(staff_a_client, township_a):
    staff_a_client.post(
        reverse("floodprep:warehouse_create"),
        {"org_unit": township_a.pk, "name": "城关防汛仓库", "level": "township", "kind": "fixed"},
    )
    warehouse = Warehouse.objects.get()
    url = reverse("floodprep:warehouse_stock", args=[warehouse.pk])
    for quantity in (4, 6):
        staff_a_client.post(url, {"item": item().pk, "quantity": quantity, "counted_on": TODAY().isoformat()})
    assert list(Stock.objects.values_list("quantity", flat=True)) == [6]
    assert actions() == ["floodprep.warehouse.created", "floodprep.stock.counted", "floodprep.stock.counted"]


def test_editing_a_team_audits_the_changed_fields(staff_a_client, township_a):
    team = RescueTeamFactory.create(org_unit=township_a, name="城关救援队", members=20)
    data = {"org_unit": township_a.pk, "name": "城关救援队", "kind": team.kind, "members": 28, "is_active": "on"}
    staff_a_client.post(reverse("floodprep:team_edit", args=[team.pk]), data)
    assert RescueTeam.objects.get().members == 28
    assert AuditEntry.objects.get().data == {"changed": ["members"], "version": 2}


def test_a_shelter_up_to_standard_needs_the_date_of_the_check(staff_a_client, township_a):
    data = {"org_unit": township_a.pk, "name": "城关小学", "capacity": 500, "area": "1500", "meets_standard": "on"}
    response = staff_a_client.post(reverse("floodprep:shelter_create"), data)
    assert response.status_code == 200
    assert not Shelter.objects.exists()


def test_staff_record_a_drill(staff_a_client, township_a):
    data = {
        "org_unit": township_a.pk,
        "kind": "drill",
        "held_on": TODAY().isoformat(),
        "title": "山洪转移演练",
        "organiser": "城关街道应急办",
        "participants": 120,
        "scenario": "夜间强降雨",
    }
    staff_a_client.post(reverse("floodprep:drill_create"), data)
    assert Drill.objects.get().participants == 120


def test_a_patrol_cannot_be_dated_in_the_future(staff_a_client, township_a):
    data = {
        "org_unit": township_a.pk,
        "patrolled_on": (TODAY() + dt.timedelta(days=1)).isoformat(),
        "route": "后山林区",
        "staff_count": 4,
        "fire_sources_found": 0,
    }
    staff_a_client.post(reverse("floodprep:patrol_create"), data)
    assert not ForestPatrol.objects.exists()
