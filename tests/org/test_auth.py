from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from org.models import OrgUnit, User

pytestmark = pytest.mark.django_db


def test_login_page_is_chinese_by_default(client):
    response = client.get(reverse("login"))

    assert 'lang="zh-CN"' in response.content.decode()
    assert "安全生产工作平台" in response.content.decode()


def test_english_is_available_through_the_language_switch(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    response = client.get(reverse("login"))

    assert "Safety Portal" in response.content.decode()


def test_anonymous_user_is_sent_to_login(client):
    response = client.get(reverse("hazards:list"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_demo_city_loads_once_and_a_demo_user_can_log_in(client):
    call_command("seed_demo", verbosity=0)
    counts = (OrgUnit.objects.count(), User.objects.count())
    call_command("seed_demo", verbosity=0)

    assert (OrgUnit.objects.count(), User.objects.count()) == counts
    assert OrgUnit.objects.townships().count() == 23
    assert client.login(username="staff_a", password="Demo@2026")


def test_password_change_page_uses_portal_layout(staff_a_client):
    response = staff_a_client.get(reverse("password_change"))

    assert response.status_code == 200
    assert "navbar" in response.content.decode()


def test_an_english_browser_still_gets_the_chinese_portal(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert "安全生产工作平台" in response.content.decode()


def test_each_page_loads_the_user_with_their_unit_and_unread_notices_in_one_query(client, township_a_staff):
    """org.auth.PortalUserBackend: no query of its own for the user's unit or the notice badge."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from org.models import Notification
    from tests.factories.org import PASSWORD

    Notification.objects.create(recipient=township_a_staff, message="隐患逾期未整改", url="/hazards/")
    Notification.objects.create(recipient=township_a_staff, message="第二条", url="/hazards/")
    Notification.objects.create(recipient=township_a_staff, message="已读", url="/", read_at="2026-06-01T08:00Z")
    assert client.login(username=township_a_staff.username, password=PASSWORD)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("hazards:list"))

    assert response.context["unread_notifications"] == 2
    assert '<span class="badge text-bg-danger">2</span>' in response.content.decode()
    sqls = [q["sql"] for q in queries.captured_queries]
    assert sum('FROM "org_user"' in sql for sql in sqls) == 1
    assert not [sql for sql in sqls if sql.startswith('SELECT COUNT(*) AS "__count" FROM "org_notification"')]
    unit = f'FROM "org_orgunit" WHERE "org_orgunit"."id" = {township_a_staff.org_unit_id}'
    assert not [sql for sql in sqls if unit in sql]

    client.post(reverse("org:notifications_read"))
    assert client.get(reverse("hazards:list")).context["unread_notifications"] == 0
