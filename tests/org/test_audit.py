"""The audit trail covers bulk changes too, and administrators read it (read-only) in the admin."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from enforcement.services.reminders import enforcement_send_reminders
from hazards.models import Hazard
from hazards.services import hazards_mark_overdue
from org.audit import audit_trail
from org.models import AuditEntry
from tests.factories.enforcement import InspectionFactory, OrderFactory, bureau
from tests.factories.hazards import HazardFactory

pytestmark = pytest.mark.django_db

ASSIGNED = {
    "status": Hazard.Status.ASSIGNED,
    "responsible_unit": "某公司",
    "found_on": dt.date(2026, 1, 5),
    "deadline": dt.date(2026, 1, 20),
}


@pytest.fixture
def overdue(township_a, township_b) -> list[Hazard]:
    return [
        HazardFactory.create(org_unit=township_a, **ASSIGNED),
        HazardFactory.create(org_unit=township_b, **ASSIGNED),
    ]


def test_the_bulk_overdue_stamp_leaves_an_entry_on_every_hazard(overdue):
    hazards_mark_overdue(today=dt.date(2026, 2, 1))

    assert [audit_trail(h).get().action for h in overdue] == ["hazards.hazard.overdue_marked"] * 2
    assert audit_trail(overdue[0]).get().org_unit == overdue[0].org_unit


def test_the_stamp_shows_in_the_hazards_history(overdue, staff_a_client):
    hazards_mark_overdue(today=dt.date(2026, 2, 1))

    response = staff_a_client.get(reverse("hazards:detail", args=[overdue[0].pk]))

    assert [entry.action for entry in response.context["timeline"]] == ["hazards.hazard.overdue_marked"]


def test_the_bulk_enforcement_stamps_leave_an_entry_on_every_record(city, township_a, officer):
    inspection = InspectionFactory.create(
        org_unit=township_a, issuer=bureau(city), officers=[officer], inspected_on=dt.date(2026, 1, 5)
    )
    order = OrderFactory.create(inspection=inspection, deadline=dt.date(2026, 1, 20))

    enforcement_send_reminders(today=dt.date(2026, 2, 1))

    assert audit_trail(order).get().action == "enforcement.order.overdue_marked"


def test_an_administrator_reads_the_audit_trail_filtered_by_action(overdue, admin_client):
    hazards_mark_overdue(today=dt.date(2026, 2, 1))

    response = admin_client.get(reverse("admin:org_auditentry_changelist"), {"action": "hazards.hazard.overdue_marked"})

    assert response.status_code == 200
    assert response.context["cl"].result_count == 2


def test_nobody_can_edit_or_delete_the_audit_trail(overdue, admin_client):
    hazards_mark_overdue(today=dt.date(2026, 2, 1))
    entry = AuditEntry.objects.first()
    assert entry is not None

    delete = admin_client.post(reverse("admin:org_auditentry_delete", args=[entry.pk]), {"post": "yes"})

    assert delete.status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_a_township_user_cannot_open_the_audit_trail(staff_a_client):
    response = staff_a_client.get(reverse("admin:org_auditentry_changelist"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
