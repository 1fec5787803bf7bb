"""The named cast: one person per role and place, as in healthchecks' Alice/Bob.

城关街道 (township A) and 青山镇 (township B) sit in different districts of 临江市.
"""

from __future__ import annotations

import pytest
from django.test import Client

from hazards.models import Hazard
from org.models import OrgUnit, Role, User
from tests.factories.hazards import HazardFactory
from tests.factories.org import PASSWORD, OrgUnitFactory, UserFactory


@pytest.fixture
def city(db) -> OrgUnit:
    return OrgUnitFactory.create(name="临江市", code="C", kind=OrgUnit.Kind.CITY)


@pytest.fixture
def district_a(city) -> OrgUnit:
    return OrgUnitFactory.create(name="临江区", code="DA", kind=OrgUnit.Kind.DISTRICT, parent=city)


@pytest.fixture
def district_b(city) -> OrgUnit:
    return OrgUnitFactory.create(name="青山县", code="DB", kind=OrgUnit.Kind.DISTRICT, parent=city)


@pytest.fixture
def township_a(district_a) -> OrgUnit:
    return OrgUnitFactory.create(name="城关街道", code="TA", kind=OrgUnit.Kind.TOWNSHIP, parent=district_a)


@pytest.fixture
def township_b(district_b) -> OrgUnit:
    return OrgUnitFactory.create(name="青山镇", code="TB", kind=OrgUnit.Kind.TOWNSHIP, parent=district_b)


@pytest.fixture
def village_a(township_a) -> OrgUnit:
    return OrgUnitFactory.create(name="和平社区", code="TAV1", kind=OrgUnit.Kind.VILLAGE, parent=township_a)


@pytest.fixture
def village_b(township_b) -> OrgUnit:
    return OrgUnitFactory.create(name="新华村", code="TBV1", kind=OrgUnit.Kind.VILLAGE, parent=township_b)


@pytest.fixture
def township_a_staff(township_a) -> User:
    return UserFactory.create(username="staff_a", display_name="陈网格", org_unit=township_a, role=Role.TOWNSHIP_STAFF)


@pytest.fixture
def township_b_staff(township_b) -> User:
    return UserFactory.create(username="staff_b", display_name="刘干事", org_unit=township_b, role=Role.TOWNSHIP_STAFF)


@pytest.fixture
def city_leader(city) -> User:
    return UserFactory.create(username="leader", display_name="王局长", org_unit=city, role=Role.LEADER)


@pytest.fixture
def clerk(city) -> User:
    return UserFactory.create(username="clerk", display_name="李文员", org_unit=city, role=Role.CLERK)


@pytest.fixture
def officer(city) -> User:
    return UserFactory.create(username="officer", display_name="张执法", org_unit=city, role=Role.OFFICER)


def _client_for(user: User) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def staff_a_client(township_a_staff) -> Client:
    return _client_for(township_a_staff)


@pytest.fixture
def staff_b_client(township_b_staff) -> Client:
    return _client_for(township_b_staff)


@pytest.fixture
def leader_client(city_leader) -> Client:
    return _client_for(city_leader)


@pytest.fixture
def clerk_client(clerk) -> Client:
    return _client_for(clerk)


@pytest.fixture
def officer_client(officer) -> Client:
    return _client_for(officer)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def township_a_hazard(township_a, township_a_staff) -> Hazard:
    """An open hazard of 城关街道, reported by its own staff."""
    return HazardFactory.create(org_unit=township_a, place_name="城关五金加工厂", finder=township_a_staff)


@pytest.fixture
def client_for():
    """Log in any user a test builds itself: ``client_for(user)``."""
    return _client_for
