"""The enforcement cast: the bureau whose name documents carry, and a second officer,
because the law requires two."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from enforcement.models import OfficerCertificate
from org.models import OrgUnit, User
from tests.factories.enforcement import OfficerFactory, bureau


@pytest.fixture
def bureau_unit(city) -> OrgUnit:
    return bureau(city)


@pytest.fixture
def partner(city) -> User:
    """赵执法, the officer who goes out with 张执法."""
    return OfficerFactory.create(username="officer2", display_name="赵执法", org_unit=city, certificate="33990002")


@pytest.fixture
def pair(officer, partner) -> list[User]:
    OfficerCertificate.objects.create(user=officer, number="33990001")
    return [officer, partner]


@pytest.fixture
def today() -> dt.date:
    return timezone.localdate()
