"""Changing one's password and marking notices read each leave an audit entry."""

from __future__ import annotations

import pytest
from django.urls import reverse

from org.models import AuditEntry, Notification
from tests.factories.org import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Zhen-an-2026!"


def _change_password(client):
    return client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )


def test_changing_the_password_is_audited(staff_a_client, township_a_staff):
    response = _change_password(staff_a_client)

    entry = AuditEntry.objects.get(action="org.user.password_changed")
    assert response.status_code == 302
    assert (entry.actor, entry.target_id) == (township_a_staff, township_a_staff.pk)
    assert NEW_PASSWORD not in str(entry.data)


def test_the_new_password_works_and_the_session_stays_signed_in(staff_a_client, township_a_staff, client):
    _change_password(staff_a_client)

    assert staff_a_client.get(reverse("password_change_done")).status_code == 200
    assert client.login(username=township_a_staff.username, password=NEW_PASSWORD)


def test_a_refused_password_change_is_not_audited(staff_a_client):
    staff_a_client.post(
        reverse("password_change"),
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert not AuditEntry.objects.filter(action="org.user.password_changed").exists()


def test_marking_notices_read_is_audited(staff_a_client, township_a_staff):
    Notification.objects.create(recipient=township_a_staff, message="隐患逾期未整改", url="/hazards/")
    Notification.objects.create(recipient=township_a_staff, message="第二条", url="/hazards/")

    staff_a_client.post(reverse("org:notifications_read"))

    entry = AuditEntry.objects.get(action="org.notifications.marked_read")
    assert (entry.actor, entry.data) == (township_a_staff, {"count": 2})
    assert not Notification.objects.filter(read_at__isnull=True).exists()
