"""A training or publicity event carries the day it was held (issue 15): never in the future, inside an approved
summary's period only with a reason kept in the audit entry, and counted in the half-year it was held in.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from org.models import AuditEntry
from org.periods import Period
from reports.services import report_approve, report_submit
from responsibility.models import PublicityEvent
from responsibility.selectors import publicity_figures
from tests.factories.reports import draft_report

pytestmark = pytest.mark.django_db

MAY_3 = dt.date(2026, 5, 3)
REASON = "7月启用系统，补录上半年培训"


@pytest.fixture
def first_half_approved(clerk, city_leader, city):
    report = draft_report(clerk=clerk, scope=city)
    report_submit(acting_user=clerk, report=report)
    return report_approve(acting_user=city_leader, report=report)


def record_training(client, township, held_on: dt.date, **extra):
    return client.post(
        reverse("responsibility:publicity_create"),
        {
            "org_unit": township.pk,
            "held_on": held_on.isoformat(),
            "kind": PublicityEvent.Kind.TRAINING,
            "title": "企业主要负责人安全培训",
            "organiser": "城关街道安监站",
            "participants": 40,
            "materials": 0,
            "media_pieces": 0,
            **extra,
        },
    )


def test_a_training_dated_in_the_future_is_refused_in_chinese(staff_a_client, township_a):
    response = record_training(staff_a_client, township_a, timezone.localdate() + dt.timedelta(days=1))
    assert "日期不能晚于今天" in response.content.decode()
    assert not PublicityEvent.objects.exists()


def test_a_training_inside_an_approved_period_without_a_reason_asks_for_one(
    staff_a_client, township_a, first_half_approved
):
    response = record_training(staff_a_client, township_a, MAY_3)
    assert "已审定" in response.content.decode()
    assert not response.context["form"]["closed_period_reason"].is_hidden
    assert not PublicityEvent.objects.exists()


def test_a_training_inside_an_approved_period_with_a_reason_keeps_it_in_the_audit_entry(
    staff_a_client, township_a, first_half_approved
):
    record_training(staff_a_client, township_a, MAY_3, closed_period_reason=REASON)
    event = PublicityEvent.objects.get()
    entry = AuditEntry.objects.get(target_id=event.pk, action="responsibility.publicity_event.created")
    assert (entry.data["held_on"], entry.data["closed_period_reason"]) == ("2026-05-03", REASON)


def test_a_back_dated_training_counts_in_its_own_half_year(staff_a_client, township_a, city_leader):
    record_training(staff_a_client, township_a, MAY_3)
    first, second = Period.half_year(2026, 1), Period.half_year(2026, 2)
    assert publicity_figures(user=city_leader, period=first).participants == 40
    assert publicity_figures(user=city_leader, period=second).events == 0
