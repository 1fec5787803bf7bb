"""Every sign-in lockout leaves an audit entry (issue 17), filed under the locked account's unit."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from org.auth import LOCKOUT_ACTION
from org.models import AuditEntry, Role
from tests.factories.org import UserFactory

pytestmark = pytest.mark.django_db


def _wrong_logins(client, username: str, times: int) -> None:
    for _ in range(times):
        client.post(reverse("login"), {"username": username, "password": "wrong-password"}, REMOTE_ADDR="10.0.0.7")


@override_settings(AXES_ENABLED=True)
def test_a_lockout_leaves_an_audit_entry_for_the_locked_account(client, township_a_staff):
    _wrong_logins(client, "staff_a", settings.AXES_FAILURE_LIMIT)

    entry = AuditEntry.objects.get(action=LOCKOUT_ACTION)
    assert (entry.target_id, entry.org_unit) == (township_a_staff.pk, township_a_staff.org_unit)
    assert entry.data == {
        "username": "staff_a",
        "ip_address": "10.0.0.7",
        "failures": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": 15,
    }


@override_settings(AXES_ENABLED=True)
def test_a_few_typos_leave_no_lockout_entry(client, township_a_staff):
    _wrong_logins(client, "staff_a", settings.AXES_FAILURE_LIMIT - 1)

    assert not AuditEntry.objects.filter(action=LOCKOUT_ACTION).exists()


@override_settings(AXES_ENABLED=True)
def test_guessing_a_username_that_names_nobody_is_recorded_too(client):
    _wrong_logins(client, "admin", settings.AXES_FAILURE_LIMIT)

    entry = AuditEntry.objects.get(action=LOCKOUT_ACTION)
    assert (entry.target_id, entry.data["username"]) == (None, "admin")


@override_settings(AXES_ENABLED=True)
def test_the_lockout_is_shown_in_chinese_in_the_admin_audit_list(client, township_a_staff, city):
    _wrong_logins(client, "staff_a", settings.AXES_FAILURE_LIMIT)
    admin = UserFactory.create(username="root", org_unit=city, role=Role.ADMIN, is_staff=True, is_superuser=True)
    admin_client = Client()
    admin_client.force_login(admin)

    page = admin_client.get("/admin/org/auditentry/").content.decode()

    assert '<td class="field-action_words">多次输错密码，登录已锁定</td>' in page
