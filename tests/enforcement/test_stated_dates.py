"""Inspections and case stages carry the date they happened (issue 15): never in the future, a stage never
before the one it follows, and inside an approved summary's period only with a reason kept in the audit entry.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from enforcement.models import Case, Inspection
from org.models import AuditEntry
from reports.services import report_approve, report_submit
from tests.factories.enforcement import CaseFactory, inspection_form_data
from tests.factories.reports import draft_report

pytestmark = pytest.mark.django_db

MAY_3 = dt.date(2026, 5, 3)  # inside the first half of 2026
REASON = "7月启用系统，补录上半年执法记录"


@pytest.fixture
def first_half_approved(clerk, city_leader, city):
    report = draft_report(clerk=clerk, scope=city)
    report_submit(acting_user=clerk, report=report)
    return report_approve(acting_user=city_leader, report=report)


@pytest.fixture
def notified(township_a, bureau_unit) -> Case:
    """Filed in March, the party notified on 1 April: the decision is next."""
    return CaseFactory.create(
        org_unit=township_a,
        issuer=bureau_unit,
        stage=Case.Stage.NOTIFIED,
        filed_on=dt.date(2026, 3, 12),
        notified_on=dt.date(2026, 4, 1),
        warning=True,
    )


def record_inspection(client, township, bureau_unit, pair, **overrides):
    return client.post(
        reverse("enforcement:inspection_create"), inspection_form_data(township, bureau_unit, pair, **overrides)
    )


def decide(client, case: Case, on: dt.date, **extra):
    return client.post(
        reverse("enforcement:case_action", args=[case.pk, "decide"]), {"on": on.isoformat(), "warning": "on", **extra}
    )


def test_an_inspection_dated_in_the_future_is_refused_in_chinese(officer_client, township_a, bureau_unit, pair, today):
    response = record_inspection(
        officer_client, township_a, bureau_unit, pair, inspected_on=(today + dt.timedelta(days=1)).isoformat()
    )
    assert response.status_code == 400
    assert "日期不能晚于今天" in response.content.decode()
    assert not Inspection.objects.exists()


def test_an_inspection_inside_an_approved_period_without_a_reason_asks_for_one(
    officer_client, township_a, bureau_unit, pair, first_half_approved
):
    response = record_inspection(officer_client, township_a, bureau_unit, pair, inspected_on=MAY_3.isoformat())
    assert "已审定" in response.content.decode()
    assert not response.context["form"]["closed_period_reason"].is_hidden
    assert not Inspection.objects.exists()


def test_an_inspection_inside_an_approved_period_with_a_reason_keeps_it_in_the_audit_entry(
    officer_client, township_a, bureau_unit, pair, first_half_approved
):
    record_inspection(
        officer_client, township_a, bureau_unit, pair, inspected_on=MAY_3.isoformat(), closed_period_reason=REASON
    )
    inspection = Inspection.objects.get()
    entry = AuditEntry.objects.get(target_id=inspection.pk, action="enforcement.inspection.created")
    assert (inspection.inspected_on, entry.data["inspected_on"]) == (MAY_3, "2026-05-03")
    assert entry.data["closed_period_reason"] == REASON


def test_a_decision_dated_in_the_future_is_refused_in_chinese(officer_client, notified, today):
    response = decide(officer_client, notified, today + dt.timedelta(days=1))
    assert "日期不能晚于今天" in response.content.decode()
    assert Case.objects.get(pk=notified.pk).stage == Case.Stage.NOTIFIED


def test_a_case_cannot_be_decided_before_it_was_filed(officer_client, township_a, bureau_unit):
    # Entered before the stage dates were kept: only the filing is dated.
    case = CaseFactory.create(
        org_unit=township_a, issuer=bureau_unit, stage=Case.Stage.NOTIFIED, filed_on=dt.date(2026, 9, 10), warning=True
    )
    response = decide(officer_client, case, dt.date(2026, 9, 1))
    assert "日期不能早于立案日期（2026-09-10）" in response.content.decode()
    assert Case.objects.get(pk=case.pk).decided_on is None


def test_a_decision_inside_an_approved_period_is_refused_without_a_reason(
    officer_client, notified, first_half_approved
):
    response = decide(officer_client, notified, MAY_3)
    assert not response.context["failed_form"]["closed_period_reason"].is_hidden
    assert Case.objects.get(pk=notified.pk).stage == Case.Stage.NOTIFIED


def test_a_decision_inside_an_approved_period_with_a_reason_is_kept_with_it(
    officer_client, notified, first_half_approved
):
    decide(officer_client, notified, MAY_3, closed_period_reason=REASON)
    entry = AuditEntry.objects.get(target_id=notified.pk, action="enforcement.case.decide")
    assert Case.objects.get(pk=notified.pk).decided_on == MAY_3
    assert (entry.data["on"], entry.data["closed_period_reason"]) == ("2026-05-03", REASON)
