"""The daily reminders: orders past their deadline awaiting re-inspection, and cases near the
ninety-day decision limit. Run by Celery beat and by a management command; safe to run twice."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from enforcement.models import Case, RectificationOrder
from enforcement.services import enforcement_send_reminders
from enforcement.tasks import send_enforcement_reminders_task
from org.models import Notification
from tests.factories.enforcement import CaseFactory, InspectionFactory, OrderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def overdue_order(township_a, bureau_unit, pair, today) -> RectificationOrder:
    inspection = InspectionFactory.create(
        org_unit=township_a,
        issuer=bureau_unit,
        officers=pair,
        unit_name="城关五金厂",
        inspected_on=today - dt.timedelta(days=20),
    )
    return OrderFactory.create(inspection=inspection, deadline=today - dt.timedelta(days=1))


def test_officers_of_an_overdue_order_are_told_once_each(overdue_order, pair, today):
    enforcement_send_reminders(today=today)

    assert sorted(Notification.objects.values_list("recipient", flat=True)) == sorted(o.pk for o in pair)
    notification = Notification.objects.first()
    assert notification is not None
    assert notification.url == reverse("enforcement:my_work")


def test_the_overdue_order_is_stamped(overdue_order, today):
    enforcement_send_reminders(today=today)

    overdue_order.refresh_from_db()
    assert overdue_order.overdue_since == today


def test_running_twice_sends_nothing_new(overdue_order, today):
    enforcement_send_reminders(today=today)

    again = enforcement_send_reminders(today=today)

    assert again == {"orders": 0, "cases": 0}
    assert Notification.objects.count() == 2


def test_a_stamped_order_is_not_reminded_again_the_next_day(overdue_order, today):
    enforcement_send_reminders(today=today)

    enforcement_send_reminders(today=today + dt.timedelta(days=1))

    assert Notification.objects.count() == 2


def test_orders_not_due_or_already_re_inspected_are_left_alone(township_a, bureau_unit, pair, today):
    inspection = InspectionFactory.create(org_unit=township_a, issuer=bureau_unit, officers=pair)
    OrderFactory.create(inspection=inspection, deadline=today + dt.timedelta(days=3))
    done = InspectionFactory.create(org_unit=township_a, issuer=bureau_unit, officers=pair)
    OrderFactory.create(
        inspection=done,
        deadline=today - dt.timedelta(days=3),
        status=RectificationOrder.Status.PASSED,
        reinspected_on=today - dt.timedelta(days=4),
    )

    assert enforcement_send_reminders(today=today) == {"orders": 0, "cases": 0}


def test_a_case_nearing_the_decision_limit_is_reminded(township_a, bureau_unit, pair, today):
    CaseFactory.create(
        org_unit=township_a,
        issuer=bureau_unit,
        officers=pair,
        filed_on=today - dt.timedelta(days=82),
        stage=Case.Stage.INVESTIGATING,
    )

    assert enforcement_send_reminders(today=today) == {"orders": 0, "cases": 1}
    assert Notification.objects.count() == 2


def test_decided_and_young_cases_are_not_reminded(township_a, bureau_unit, pair, today):
    CaseFactory.create(
        org_unit=township_a,
        issuer=bureau_unit,
        officers=pair,
        filed_on=today - dt.timedelta(days=120),
        stage=Case.Stage.DECIDED,
        decided_on=today - dt.timedelta(days=60),
    )
    CaseFactory.create(org_unit=township_a, issuer=bureau_unit, officers=pair, filed_on=today - dt.timedelta(days=30))

    assert enforcement_send_reminders(today=today)["cases"] == 0


def test_the_management_command_reports_what_it_did(overdue_order):
    out = StringIO()

    call_command("send_enforcement_reminders", stdout=out)

    assert out.getvalue().startswith("1 order(s)")


def test_the_celery_task_runs_the_reminders(overdue_order):
    assert send_enforcement_reminders_task.delay().get() == {"orders": 1, "cases": 0}
