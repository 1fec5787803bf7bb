"""Steps carry the date they happened: a bureau entering January–June in July keeps true dates.

The rectification, re-inspection and closing are dated as stated (default today), in the loop's order and
never in the future; the figures count the stated closing date; a date inside an approved summary's period
needs a reason, kept in the audit entry with who entered it and when.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from hazards import selectors
from hazards.models import Hazard
from org.models import AuditEntry
from org.periods import Period
from reports.models import SummaryReport
from tests.factories.hazards import HazardFactory, hazard_form_data

pytestmark = pytest.mark.django_db

S = Hazard.Status
MAY_3 = dt.date(2026, 5, 3)
H1 = Period.half_year(2026, 1)


def act(client, hazard: Hazard, action: str, data: dict):
    return client.post(reverse("hazards:action", args=[hazard.pk, action]), data)


@pytest.fixture
def awaiting(township_a) -> Hazard:
    """Found in March, rectification submitted on 20 April."""
    return HazardFactory.create(
        org_unit=township_a, status=S.AWAITING_REVIEW, found_on=dt.date(2026, 3, 10), rectified_on=dt.date(2026, 4, 20)
    )


@pytest.fixture
def rectifying(township_a) -> Hazard:
    return HazardFactory.create(org_unit=township_a, status=S.RECTIFYING, found_on=dt.date(2026, 3, 10))


def approve_first_half(scope) -> SummaryReport:
    return SummaryReport.objects.create(
        scope=scope,
        period_start=H1.start,
        period_end=H1.end,
        as_of=H1.end,
        title="临江市2026年上半年工作总结",
        issuer="临江市应急管理局",
        signed_on=dt.date(2026, 7, 2),
        status=SummaryReport.Status.APPROVED,
        approved_at=timezone.now(),
    )


def close_on_may_3(client, hazard: Hazard, **extra):
    return act(
        client,
        hazard,
        "reinspect",
        {"passed": "1", "note": "现场复查合格", "reinspected_on": MAY_3.isoformat(), **extra},
    )


# --- Figures count the stated date -----------------------------------------------------------------------


def test_back_dated_closing_counts_as_rectified_in_the_first_half_year_city_wide(staff_a_client, awaiting, city_leader):
    # A city reads whole months from the rollup and the late closings live (hazards.selectors).
    close_on_may_3(staff_a_client, awaiting)
    assert selectors.hazard_figures(user=city_leader, period=H1).rectified == 1


def test_back_dated_closing_counts_as_rectified_in_the_first_half_year_for_the_township(
    staff_a_client, awaiting, township_a_staff
):
    close_on_may_3(staff_a_client, awaiting)
    assert selectors.hazard_figures(user=township_a_staff, period=H1).rectified == 1


def test_back_dated_closing_is_not_a_closing_of_the_half_year_containing_today(staff_a_client, awaiting, city_leader):
    close_on_may_3(staff_a_client, awaiting)
    today = timezone.localdate()
    current = Period.half_year(today.year, 1 if today.month <= 6 else 2)
    filters = {"closed_from": current.start.isoformat(), "closed_to": current.end.isoformat()}
    assert not selectors.hazard_list(user=city_leader, filters=filters).filter(pk=awaiting.pk).exists()


def test_back_dated_closing_is_not_rectified_in_a_period_ending_before_it(staff_a_client, awaiting, city_leader):
    close_on_may_3(staff_a_client, awaiting)
    period = Period(dt.date(2026, 1, 1), dt.date(2026, 4, 30))
    assert selectors.hazard_figures(user=city_leader, period=period).rectified == 0


def test_reinspection_keeps_the_stated_dates_and_the_reinspector(staff_a_client, awaiting):
    close_on_may_3(staff_a_client, awaiting, reinspector="周所长")
    awaiting.refresh_from_db()
    assert (awaiting.status, awaiting.reinspected_on, awaiting.closed_on) == (S.CLOSED, MAY_3, MAY_3)
    assert awaiting.reinspector == "周所长"


def test_reinspection_without_a_date_is_dated_today(staff_a_client, awaiting, township_a_staff):
    act(staff_a_client, awaiting, "reinspect", {"passed": "1"})
    awaiting.refresh_from_db()
    assert awaiting.closed_on == timezone.localdate()
    assert awaiting.reinspector == str(township_a_staff)


def test_rectification_keeps_its_stated_date(staff_a_client, rectifying):
    act(staff_a_client, rectifying, "rectify", {"note": "已清理", "rectified_on": "2026-04-02"})
    rectifying.refresh_from_db()
    assert (rectifying.status, rectifying.rectified_on) == (S.AWAITING_REVIEW, dt.date(2026, 4, 2))


def test_the_audit_entry_keeps_the_stated_date_and_who_entered_it_when(staff_a_client, awaiting, township_a_staff):
    close_on_may_3(staff_a_client, awaiting)
    entry = AuditEntry.objects.get(target_id=awaiting.pk, action="hazards.hazard.reinspect_pass")
    assert (entry.data["closed_on"], entry.data["reinspected_on"]) == ("2026-05-03", "2026-05-03")
    assert (entry.actor, timezone.localtime(entry.created_at).date()) == (township_a_staff, timezone.localdate())


def test_the_forms_offer_today_as_the_date(staff_a_client, awaiting):
    response = staff_a_client.get(reverse("hazards:detail", args=[awaiting.pk]))
    assert response.context["reinspect_form"]["reinspected_on"].value() == timezone.localdate()


# --- Dates refused, with the message at the date field ---------------------------------------------------


def test_a_reinspection_dated_in_the_future_is_refused_at_the_date_field(staff_a_client, awaiting):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = act(staff_a_client, awaiting, "reinspect", {"passed": "1", "reinspected_on": tomorrow.isoformat()})
    assert "reinspected_on" in response.context["reinspect_form"].errors
    assert "日期不能晚于今天。" in response.content.decode()
    assert Hazard.objects.get(pk=awaiting.pk).status == S.AWAITING_REVIEW


def test_a_rectification_dated_before_the_hazard_was_found_is_refused(staff_a_client, rectifying):
    response = act(staff_a_client, rectifying, "rectify", {"note": "已清理", "rectified_on": "2026-03-01"})
    assert "rectified_on" in response.context["rectify_form"].errors
    assert "整改日期不能早于隐患发现日期（2026-03-10）。" in response.content.decode()
    assert Hazard.objects.get(pk=rectifying.pk).status == S.RECTIFYING


def test_a_reinspection_dated_before_the_rectification_is_refused(staff_a_client, awaiting):
    response = act(staff_a_client, awaiting, "reinspect", {"passed": "1", "reinspected_on": "2026-04-19"})
    assert "reinspected_on" in response.context["reinspect_form"].errors
    assert "复查日期不能早于整改完成日期（2026-04-20）。" in response.content.decode()
    assert Hazard.objects.get(pk=awaiting.pk).closed_on is None


def test_a_failed_reinspection_dated_in_the_future_is_refused(staff_a_client, awaiting):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = act(
        staff_a_client,
        awaiting,
        "reinspect",
        {"passed": "0", "note": "未整改到位", "reinspected_on": tomorrow.isoformat()},
    )
    assert response.status_code == 400
    assert Hazard.objects.get(pk=awaiting.pk).status == S.AWAITING_REVIEW


# --- A closed period: an approved summary ----------------------------------------------------------------


def test_closing_into_an_approved_summary_period_without_a_reason_is_refused(staff_a_client, awaiting, city):
    approve_first_half(city)
    response = close_on_may_3(staff_a_client, awaiting)
    assert "reinspected_on" in response.context["reinspect_form"].errors
    assert "已审定" in response.content.decode()
    assert Hazard.objects.get(pk=awaiting.pk).status == S.AWAITING_REVIEW


def test_the_refusal_asks_for_the_reason_in_a_visible_field(staff_a_client, awaiting, city):
    approve_first_half(city)
    response = close_on_may_3(staff_a_client, awaiting)
    assert not response.context["reinspect_form"]["reason"].is_hidden


def test_closing_into_an_approved_summary_period_with_a_reason_is_kept_with_the_reason(staff_a_client, awaiting, city):
    approve_first_half(city)
    close_on_may_3(staff_a_client, awaiting, reason="7月启用系统，补录上半年复查记录")
    entry = AuditEntry.objects.get(target_id=awaiting.pk, action="hazards.hazard.reinspect_pass")
    assert entry.data["closed_period_reason"] == "7月启用系统，补录上半年复查记录"
    assert Hazard.objects.get(pk=awaiting.pk).closed_on == MAY_3


def test_a_summary_not_yet_approved_closes_no_period(staff_a_client, awaiting, city):
    report = approve_first_half(city)
    SummaryReport.objects.filter(pk=report.pk).update(status=SummaryReport.Status.SUBMITTED)
    close_on_may_3(staff_a_client, awaiting)
    assert Hazard.objects.get(pk=awaiting.pk).status == S.CLOSED


def test_another_districts_approved_summary_closes_nothing_here(staff_a_client, awaiting, district_b):
    approve_first_half(district_b)
    close_on_may_3(staff_a_client, awaiting)
    assert Hazard.objects.get(pk=awaiting.pk).status == S.CLOSED


def test_a_rectification_into_an_approved_period_needs_a_reason_too(staff_a_client, rectifying, city):
    approve_first_half(city)
    response = act(staff_a_client, rectifying, "rectify", {"note": "已清理", "rectified_on": "2026-04-02"})
    assert "rectified_on" in response.context["rectify_form"].errors


def test_editing_the_date_found_to_after_the_rectification_is_refused(staff_a_client, awaiting, township_a):
    data = hazard_form_data(township_a, found_on="2026-04-25", version=awaiting.version)
    response = staff_a_client.post(reverse("hazards:edit", args=[awaiting.pk]), data)
    assert "发现日期不能晚于整改完成日期。" in response.content.decode()
    assert Hazard.objects.get(pk=awaiting.pk).found_on == dt.date(2026, 3, 10)
