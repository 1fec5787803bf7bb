"""Audit entries are shown in words and at local time (issue 17).

Codes such as ``hazards.hazard.assign`` were shown raw in the admin's audit list, and the demo's hazard history
had steps dated days after now.
"""

from __future__ import annotations

import datetime as dt
import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from enforcement.services import TRANSITIONS as CASE_TRANSITIONS
from hazards.services import TRANSITIONS
from org.audit import ACTIONS, AuditAction, action_label, record_audit
from org.models import AuditEntry, Role
from responsibility.services.records import EDITORS
from tests.factories.org import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

# 2026-06-30 20:30 UTC is 2026-07-01 04:30 in Shanghai: the date itself moves.
AT_UTC = dt.datetime(2026, 6, 30, 20, 30, tzinfo=dt.UTC)


@pytest.fixture
def superuser_client(city) -> Client:
    user = UserFactory.create(username="admin", org_unit=city, role=Role.ADMIN, is_staff=True, is_superuser=True)
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def assigned_entry(township_a_hazard, township_a_staff) -> AuditEntry:
    entry = record_audit(
        actor=township_a_staff,
        action="hazards.hazard.assign",
        target=township_a_hazard,
        org_unit=township_a_hazard.org_unit,
        data={"to": "assigned"},
    )
    AuditEntry.objects.filter(pk=entry.pk).update(created_at=AT_UTC)
    return entry


def test_the_admin_audit_list_names_the_action_in_chinese_at_local_time(superuser_client, assigned_entry):
    page = superuser_client.get("/admin/org/auditentry/").content.decode()
    assert "交办隐患" in page
    assert '<td class="field-action_words">交办隐患</td>' in page
    assert "2026年7月1日 04:30" in page


def test_the_admin_filters_audit_entries_by_actions_in_words(superuser_client, assigned_entry):
    page = superuser_client.get("/admin/org/auditentry/").content.decode()
    assert '<a href="?action=hazards.hazard.assign">交办隐患</a>' in page


def test_a_hazards_history_shows_each_step_at_local_time(staff_a_client, township_a_hazard, assigned_entry):
    page = staff_a_client.get(f"/hazards/{township_a_hazard.pk}/").content.decode()
    assert "2026-07-01 04:30" in page


def test_an_unregistered_code_is_said_in_words_from_its_record(township_a_hazard):
    entry = record_audit(actor=None, action="hazards.hazard.archived_somehow", target=township_a_hazard)
    assert action_label(entry.action, entry.target_type_id) == "隐患变更"


APPS = [apps_py.parent for apps_py in Path(settings.BASE_DIR).glob("*/apps.py")]
SOURCES = [p for app in APPS for p in app.rglob("*.py") if "migrations" not in p.parts]
LITERAL = re.compile(r"""(?:action|audit_action)=["']([a-z_]+\.[a-z_.]+)["']""")


def _codes_written_by_the_code() -> set[str]:
    codes = {code for path in SOURCES for code in LITERAL.findall(path.read_text())}
    codes |= {t.audit for t in TRANSITIONS.values()} | {t.audit for t in CASE_TRANSITIONS.values()}
    codes |= {action for action, _roles in EDITORS.values()}
    return codes


def test_every_action_code_the_code_writes_has_its_words():
    assert sorted(_codes_written_by_the_code() - set(ACTIONS)) == []


def test_the_moves_and_edits_write_members_of_the_enum_not_strings():
    moves = [*TRANSITIONS.values(), *CASE_TRANSITIONS.values()]
    assert all(
        isinstance(action, AuditAction)
        for action in [*(t.audit for t in moves), *(a for a, _roles in EDITORS.values())]
    )


# A code put together from pieces (f"hazards.hazard.{step}") escapes the enum and the check above; one written out
# as a string ("hazards.hazard.created") has its words today, but a member renamed would leave it behind.
BUILT = re.compile(r"""(?:action|audit_action)=f["']""")


def test_no_service_builds_an_action_code_from_pieces():
    built = sorted(str(path.relative_to(settings.BASE_DIR)) for path in SOURCES if BUILT.search(path.read_text()))
    assert built == []


def test_every_service_names_its_action_by_the_enum_not_by_a_string():
    written = sorted(
        f"{path.relative_to(settings.BASE_DIR)}: {code}"
        for path in SOURCES
        for code in LITERAL.findall(path.read_text())
    )
    assert written == []


def test_the_admin_audit_list_shows_the_enum_label_for_a_member(superuser_client, township_a_hazard):
    record_audit(actor=None, action=AuditAction.HAZARD_SEND_BACK, target=township_a_hazard)
    page = superuser_client.get("/admin/org/auditentry/").content.decode()
    assert f'<td class="field-action_words">{AuditAction.HAZARD_SEND_BACK.label}</td>' in page


def test_the_demo_hazard_history_never_lies_in_the_future():
    from org.management.commands.seed_demo import build_org, build_users

    build_org()
    build_users()
    call_command("seed_demo_hazards", stdout=StringIO())
    assert AuditEntry.objects.count() > 1000
    assert not AuditEntry.objects.filter(created_at__gt=timezone.now()).exists()
