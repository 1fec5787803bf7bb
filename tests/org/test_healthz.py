from __future__ import annotations

import logging
from unittest import mock

import pytest
from django.db.utils import OperationalError
from django.urls import reverse

from org.models import Role
from tests.factories.org import UserFactory

pytestmark = pytest.mark.django_db

NOWHERE = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def broker_down(settings):
    settings.CELERY_BROKER_URL = NOWHERE


@pytest.fixture
def admin_client(client, city):
    client.force_login(UserFactory.create(username="admin", org_unit=city, role=Role.ADMIN))
    return client


def test_healthz_tells_an_anonymous_caller_only_ok(client):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_healthz_is_503_when_the_broker_is_unreachable(client, broker_down):
    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}


def test_healthz_tells_a_non_admin_nothing_of_the_broker_error(staff_a_client, broker_down):
    response = staff_a_client.get(reverse("healthz"))

    assert response.json() == {"status": "unavailable"}


def test_healthz_logs_what_failed_for_the_operator(client, broker_down, caplog):
    with caplog.at_level(logging.WARNING, logger="safetyportal.views"):
        client.get(reverse("healthz"))

    [record] = [r for r in caplog.records if r.getMessage() == "healthz: broker unavailable"]
    assert record.exc_info is not None


def test_healthz_shows_an_administrator_which_check_failed(admin_client, broker_down):
    response = admin_client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json()["database"] == "ok"
    assert response.json()["broker"].startswith("error")


def test_healthz_is_503_when_the_database_is_down(client):
    with mock.patch("safetyportal.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}
