"""The daily overdue job (Celery beat, or the management command): stamp, notify once, touch nothing else."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from hazards.models import Hazard
from hazards.tasks import mark_overdue_hazards_task
from org.models import Notification, Role
from tests.factories.hazards import HazardFactory
from tests.factories.org import UserFactory

pytestmark = pytest.mark.django_db


def days_from_today(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def overdue_hazard(unit, place_name: str = "城关五金加工厂", **extra) -> Hazard:
    fields = {"status": Hazard.Status.ASSIGNED, "found_on": days_from_today(-30), "deadline": days_from_today(-1)}
    return HazardFactory.create(org_unit=unit, place_name=place_name, **{**fields, **extra})


def run_job() -> int:
    return mark_overdue_hazards_task.delay().get()


def test_job_stamps_hazards_past_their_deadline(township_a):
    hazard = overdue_hazard(township_a)
    run_job()
    hazard.refresh_from_db()
    assert hazard.overdue_since == timezone.localdate()


def test_job_reports_how_many_hazards_became_overdue(township_a):
    overdue_hazard(township_a)
    overdue_hazard(township_a, place_name="城关木业")
    assert run_job() == 2


def test_township_staff_get_one_notice_linking_to_their_overdue_ledger(township_a, township_a_staff):
    overdue_hazard(township_a)
    overdue_hazard(township_a, place_name="城关木业")
    run_job()
    notice = Notification.objects.get(recipient=township_a_staff)
    assert notice.url == f"{reverse('hazards:list')}?overdue=on&township={township_a.pk}"
    assert "城关五金加工厂" in notice.message


def test_village_staff_of_the_township_are_told_too(township_a, village_a):
    village_worker = UserFactory.create(org_unit=village_a, role=Role.TOWNSHIP_STAFF)
    overdue_hazard(township_a)
    run_job()
    assert Notification.objects.filter(recipient=village_worker).count() == 1


def test_other_townships_and_other_roles_are_not_told(township_a, township_b_staff, city_leader):
    overdue_hazard(township_a)
    run_job()
    assert not Notification.objects.filter(recipient__in=[township_b_staff, city_leader]).exists()


def test_running_the_job_twice_sends_no_second_notice(township_a, township_a_staff):
    overdue_hazard(township_a)
    run_job()
    assert run_job() == 0
    assert Notification.objects.filter(recipient=township_a_staff).count() == 1


def test_a_second_hazard_going_overdue_the_same_day_sends_no_second_notice(township_a, township_a_staff):
    overdue_hazard(township_a)
    run_job()
    later = overdue_hazard(township_a, place_name="城关木业")
    run_job()
    later.refresh_from_db()
    assert later.overdue_since == timezone.localdate()
    assert Notification.objects.filter(recipient=township_a_staff).count() == 1


def test_closed_hazards_past_their_deadline_are_left_alone(township_a, township_a_staff):
    closed = overdue_hazard(township_a, status=Hazard.Status.CLOSED, closed_on=days_from_today(-2))
    run_job()
    closed.refresh_from_db()
    assert closed.overdue_since is None
    assert not Notification.objects.exists()


def test_hazards_due_today_or_later_are_left_alone(township_a, township_a_staff):
    today = HazardFactory.create(org_unit=township_a, found_on=days_from_today(-3), deadline=days_from_today(0))
    future = HazardFactory.create(org_unit=township_a, found_on=days_from_today(-3), deadline=days_from_today(5))
    run_job()
    assert Hazard.objects.filter(pk__in=[today.pk, future.pk], overdue_since__isnull=False).count() == 0
    assert not Notification.objects.exists()


def test_hazards_without_a_deadline_are_never_overdue(township_a):
    HazardFactory.create(org_unit=township_a, found_on=days_from_today(-300))
    assert run_job() == 0


def test_the_management_command_does_the_same_job(township_a, township_a_staff):
    overdue_hazard(township_a)
    out = io.StringIO()
    call_command("mark_overdue_hazards", stdout=out)
    assert "1 hazard(s)" in out.getvalue()
    assert Notification.objects.filter(recipient=township_a_staff).count() == 1


def test_the_notice_page_lists_the_overdue_notice(township_a, staff_a_client):
    overdue_hazard(township_a)
    run_job()
    response = staff_a_client.get(reverse("org:notifications"))
    assert response.status_code == 200
    assert ["城关五金加工厂" in n.message for n in response.context["notices"]] == [True]


def test_the_notice_link_opens_the_overdue_hazards(township_a, township_a_staff, staff_a_client):
    overdue_hazard(township_a)
    HazardFactory.create(
        org_unit=township_a, place_name="城关木业", found_on=days_from_today(-3), deadline=days_from_today(5)
    )
    run_job()
    response = staff_a_client.get(Notification.objects.get(recipient=township_a_staff).url)
    assert [h.place_name for h in response.context["page"]] == ["城关五金加工厂"]


def test_marking_notices_read(township_a, township_a_staff, staff_a_client):
    overdue_hazard(township_a)
    run_job()
    staff_a_client.post(reverse("org:notifications_read"))
    assert Notification.objects.get(recipient=township_a_staff).read_at is not None


@pytest.mark.parametrize("townships", [2, 6])
def test_finding_whom_to_tell_does_not_grow_with_townships(district_a, townships, django_assert_num_queries):
    from hazards.services import hazards_mark_overdue
    from org.models import OrgUnit
    from tests.factories.org import OrgUnitFactory

    for n in range(townships):
        overdue_hazard(OrgUnitFactory.create(name=f"镇{n}", kind=OrgUnit.Kind.TOWNSHIP, parent=district_a))

    # The same count for any number of townships: staff are read once, not per township.
    with django_assert_num_queries(6):
        assert hazards_mark_overdue() == townships
