"""One scoping rule: a user sees their own org unit and everything below it; outside that is 404."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from hazards.models import Hazard
from org.audit import record_audit
from org.models import AuditEntry, OrgUnit, Role
from tests.factories.hazards import HazardFactory, HazardPhotoFactory, hazard_form_data
from tests.factories.org import OrgUnitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(city, district_a, district_b, township_a, township_b, village_a, village_b) -> OrgUnit:
    """The whole cast of units: 临江市 → two districts → two townships → one village each."""
    return city


@pytest.fixture
def nobody(township_a_hazard):
    """An ordinary account whose org unit was never set."""
    return UserFactory.create(username="nobody", org_unit=None, role=Role.TOWNSHIP_STAFF)


@pytest.fixture
def nobody_client(nobody, client_for):
    return client_for(nobody)


def names(queryset) -> set[str]:
    return {unit.name for unit in queryset}


# --- OrgUnit.objects.visible_to ----------------------------------------------------------------------------


def test_township_staff_see_their_township_and_its_villages(tree, township_a_staff):
    assert names(OrgUnit.objects.visible_to(township_a_staff)) == {"城关街道", "和平社区"}


def test_city_staff_see_the_whole_city(tree, city_leader):
    assert names(OrgUnit.objects.visible_to(city_leader)) == {
        "临江市",
        "临江区",
        "青山县",
        "城关街道",
        "青山镇",
        "和平社区",
        "新华村",
    }


def test_district_staff_see_only_their_district(tree, district_b):
    district_user = UserFactory.create(org_unit=district_b, role=Role.LEADER)
    assert names(OrgUnit.objects.visible_to(district_user)) == {"青山县", "青山镇", "新华村"}


def test_a_unit_whose_code_extends_another_is_not_visible_to_it(tree, district_a, township_a_staff):
    # Township "TA" must not see "TAX": paths end in "/", so the prefix match stops at the boundary.
    OrgUnitFactory.create(name="他乡街道", code="TAX", kind=OrgUnit.Kind.TOWNSHIP, parent=district_a)
    assert "他乡街道" not in names(OrgUnit.objects.visible_to(township_a_staff))


def test_a_user_without_an_org_unit_sees_no_units(tree, nobody):
    assert not OrgUnit.objects.visible_to(nobody).exists()


def test_a_superuser_without_an_org_unit_sees_every_unit(tree):
    installer = UserFactory.create(org_unit=None, is_superuser=True)
    assert OrgUnit.objects.visible_to(installer).count() == 7


def test_an_anonymous_user_sees_no_units(tree):
    assert not OrgUnit.objects.visible_to(AnonymousUser()).exists()


# --- Records scoped through their org unit -----------------------------------------------------------------


def test_hazards_are_visible_to_their_township_only(township_a_hazard, township_a_staff, township_b_staff):
    assert list(Hazard.objects.visible_to(township_a_staff)) == [township_a_hazard]
    assert not Hazard.objects.visible_to(township_b_staff).exists()


def test_audit_entries_are_scoped_by_their_org_unit(township_a, township_a_staff, township_b_staff):
    record_audit(actor=township_a_staff, action="hazards.hazard.created", org_unit=township_a)
    assert AuditEntry.objects.visible_to(township_a_staff).count() == 1
    assert AuditEntry.objects.visible_to(township_b_staff).count() == 0


# --- URL guessing: another township's hazard is simply not there ------------------------------------------


def test_township_staff_gets_404_for_other_township_hazard(township_a_hazard, staff_b_client):
    response = staff_b_client.get(reverse("hazards:detail", args=[township_a_hazard.pk]))
    assert response.status_code == 404


def test_township_staff_gets_404_editing_other_township_hazard(township_a_hazard, staff_b_client):
    response = staff_b_client.post(reverse("hazards:edit", args=[township_a_hazard.pk]), {"place_name": "改名"})
    township_a_hazard.refresh_from_db()
    assert response.status_code == 404
    assert township_a_hazard.place_name == "城关五金加工厂"


@pytest.mark.parametrize("action", ["assign", "start", "rectify", "reinspect", "send_back", "five", "supervise"])
def test_township_staff_gets_404_acting_on_other_township_hazard(township_a_hazard, staff_b_client, action):
    response = staff_b_client.post(
        reverse("hazards:action", args=[township_a_hazard.pk, action]),
        {
            "responsible_unit": "青山镇",
            "deadline": "2026-12-01",
            "note": "x",
            "reason": "x",
            "passed": "1",
        },
    )
    assert response.status_code == 404
    assert not AuditEntry.objects.filter(target_id=township_a_hazard.pk).exists()


def test_township_staff_gets_404_for_other_township_photo(township_a_hazard, staff_b_client):
    photo = HazardPhotoFactory.create(hazard=township_a_hazard)
    response = staff_b_client.get(reverse("hazards:photo", args=[township_a_hazard.pk, photo.pk]))
    assert response.status_code == 404


def test_a_hidden_hazard_answers_like_a_missing_one(township_a_hazard, staff_b_client):
    hidden = staff_b_client.get(reverse("hazards:detail", args=[township_a_hazard.pk]))
    missing = staff_b_client.get(reverse("hazards:detail", args=[township_a_hazard.pk + 1000]))
    assert hidden.status_code == missing.status_code == 404
    assert "城关五金加工厂" not in hidden.content.decode()


def test_city_leader_may_open_any_townships_hazard(township_a_hazard, leader_client):
    response = leader_client.get(reverse("hazards:detail", args=[township_a_hazard.pk]))
    assert response.status_code == 200


# --- Forms: an org unit named in a POST must be within scope -----------------------------------------------


def test_creating_a_hazard_for_another_township_is_refused(staff_a_client, township_b):
    response = staff_a_client.post(reverse("hazards:create"), hazard_form_data(township_b))
    assert "org_unit" in response.context["form"].errors
    assert not Hazard.objects.exists()
    assert not AuditEntry.objects.exists()


def test_creating_a_hazard_in_another_townships_village_is_refused(staff_a_client, township_a, village_b):
    response = staff_a_client.post(reverse("hazards:create"), hazard_form_data(township_a, village=village_b.pk))
    assert "village" in response.context["form"].errors
    assert not Hazard.objects.exists()


def test_an_officer_cannot_put_a_village_under_the_wrong_township(officer_client, township_a, village_b):
    response = officer_client.post(reverse("hazards:create"), hazard_form_data(township_a, village=village_b.pk))
    assert "village" in response.context["form"].errors
    assert not Hazard.objects.exists()


def test_moving_a_hazard_to_another_township_is_refused(staff_a_client, township_a_hazard, township_b):
    url = reverse("hazards:edit", args=[township_a_hazard.pk])
    response = staff_a_client.post(url, hazard_form_data(township_b, found_on="2026-03-10"))
    township_a_hazard.refresh_from_db()
    assert "org_unit" in response.context["form"].errors
    assert township_a_hazard.org_unit.name == "城关街道"


# --- A user with no org unit sees nothing ------------------------------------------------------------------


def test_a_user_without_an_org_unit_sees_an_empty_ledger(nobody_client):
    response = nobody_client.get(reverse("hazards:list"))
    assert response.context["page"].paginator.count == 0


def test_a_user_without_an_org_unit_gets_404_for_any_hazard(nobody_client, township_a_hazard):
    response = nobody_client.get(reverse("hazards:detail", args=[township_a_hazard.pk]))
    assert response.status_code == 404


def test_a_user_without_an_org_unit_sees_zero_on_the_home_page(nobody_client):
    response = nobody_client.get(reverse("home"), follow=True)
    assert response.context["figures"].found == 0
    assert list(response.context["overdue"]) == []


def test_a_user_without_an_org_unit_cannot_create_a_hazard_anywhere(nobody_client, township_a):
    response = nobody_client.post(reverse("hazards:create"), hazard_form_data(township_a))
    assert "org_unit" in response.context["form"].errors
    assert Hazard.objects.count() == 1  # only the fixture's


def test_a_superuser_without_an_org_unit_sees_every_hazard(client_for, township_a_hazard, township_b):
    HazardFactory.create(org_unit=township_b)
    installer = UserFactory.create(org_unit=None, is_superuser=True, role=Role.ADMIN)
    response = client_for(installer).get(reverse("hazards:list"))
    assert response.context["page"].paginator.count == 2


# What mutation testing of org/scoping.py found unguarded by this file (quality/README.md).


def test_an_anonymous_visitor_sees_no_record_and_has_no_role(township_a):
    from org.scoping import user_has_role

    HazardFactory.create(org_unit=township_a)
    assert not Hazard.objects.visible_to(AnonymousUser()).exists()
    assert not OrgUnit.objects.visible_to(AnonymousUser()).exists()
    assert user_has_role(AnonymousUser(), (Role.TOWNSHIP_STAFF, Role.ADMIN)) is False


def test_an_enterprise_managers_township_is_not_their_scope(township_a):
    from tests.factories.enterprises import EnterpriseFactory

    firm = EnterpriseFactory.create(org_unit=township_a)
    manager = UserFactory.create(role=Role.ENTERPRISE, org_unit=township_a, enterprise=firm)
    HazardFactory.create(org_unit=township_a, enterprise=firm)
    assert not Hazard.objects.visible_to(manager).exists()
    assert not OrgUnit.objects.visible_to(manager).exists()
