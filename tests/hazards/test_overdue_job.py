"""What the daily overdue job tells each township, and what it leaves on each hazard it stamps.

One notice per township, read on the notices page: its name, the count and the first three places ("…" after
more); only that township's active township staff get it. Each stamped hazard gets an entry in its history
and a new version, so an edit form opened before the job is stale.
"""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from hazards.models import Hazard
from hazards.services import hazards_mark_overdue
from org.models import OrgUnit, Role
from tests.factories.hazards import HazardFactory, hazard_form_data
from tests.factories.org import OrgUnitFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
PLACES = ["城关五金加工厂", "城关木业", "城关印刷厂", "城关纸箱厂"]


def overdue(unit, place_name: str, deadline: dt.date = TODAY - dt.timedelta(days=1)) -> Hazard:
    return HazardFactory.create(
        org_unit=unit,
        place_name=place_name,
        status=Hazard.Status.ASSIGNED,
        found_on=TODAY - dt.timedelta(days=60),
        deadline=deadline,
    )


def notices_seen(client) -> list[str]:
    """The messages of the notices page, as the user reads them."""
    response = client.get(reverse("org:notifications"))
    assert response.status_code == 200
    page = response.content.decode()
    return [
        html.unescape(m) for m in re.findall(r'<div class="d-flex justify-content-between"><span>(.*?)</span>', page)
    ]


def history_seen(client, hazard: Hazard) -> str:
    """The text of the History card of the hazard's page."""
    page = client.get(reverse("hazards:detail", args=[hazard.pk])).content.decode()
    timeline = re.search(r'<ul class="timeline.*?</ul>', page, re.S)
    assert timeline is not None
    return " ".join(re.sub(r"<[^>]+>", " ", timeline.group(0)).split())


def version_opened(client, hazard: Hazard) -> int:
    page = client.get(reverse("hazards:edit", args=[hazard.pk])).content.decode()
    found = re.search(r'name="version" value="(\d+)"', page)
    assert found is not None
    return int(found.group(1))


# --- The notice -------------------------------------------------------------------------------------------


def test_staff_read_the_township_the_count_and_the_places(township_a, staff_a_client):
    for place in PLACES[:3]:
        overdue(township_a, place)
    hazards_mark_overdue()

    assert notices_seen(staff_a_client) == ["城关街道新增超期隐患3项：城关五金加工厂、城关木业、城关印刷厂"]


def test_after_three_places_the_notice_says_there_are_more(township_a, staff_a_client):
    for place in PLACES:
        overdue(township_a, place)
    hazards_mark_overdue()

    assert notices_seen(staff_a_client) == ["城关街道新增超期隐患4项：城关五金加工厂、城关木业、城关印刷厂…"]


def test_each_township_is_told_only_of_its_own_hazards(township_a, township_b, staff_a_client, staff_b_client):
    overdue(township_a, "城关五金加工厂")
    overdue(township_b, "青山砖厂")
    overdue(township_a, "城关木业")
    hazards_mark_overdue()

    assert notices_seen(staff_a_client) == ["城关街道新增超期隐患2项：城关五金加工厂、城关木业"]
    assert notices_seen(staff_b_client) == ["青山镇新增超期隐患1项：青山砖厂"]


def test_other_roles_of_the_township_are_not_told(township_a, township_a_staff, client_for):
    leader = UserFactory.create(org_unit=township_a, role=Role.LEADER)
    overdue(township_a, "城关五金加工厂")
    hazards_mark_overdue()

    assert notices_seen(client_for(leader)) == []


def test_staff_whose_account_is_deactivated_are_not_told(township_a, township_a_staff, staff_a_client):
    gone = UserFactory.create(org_unit=township_a, role=Role.TOWNSHIP_STAFF, is_active=False)
    overdue(township_a, "城关五金加工厂")
    hazards_mark_overdue()

    assert gone.notifications.count() == 0
    assert len(notices_seen(staff_a_client)) == 1


def test_whom_to_tell_is_read_with_their_townships_in_one_query(district_a, django_assert_num_queries):
    for n in range(2):
        township = OrgUnitFactory.create(name=f"镇{n}", kind=OrgUnit.Kind.TOWNSHIP, parent=district_a)
        UserFactory.create(org_unit=township, role=Role.TOWNSHIP_STAFF)
        overdue(township, f"工厂{n}")

    # 6 to stamp, audit and read the staff; then, per notice, a savepoint, the insert and its release.
    with django_assert_num_queries(6 + 2 * 3):
        assert hazards_mark_overdue() == 2


# --- The day it is run for ------------------------------------------------------------------------------


def test_the_job_for_a_day_stamps_only_what_was_past_its_deadline_on_that_day(township_a):
    day = TODAY - dt.timedelta(days=10)
    late_then = overdue(township_a, "城关五金加工厂", deadline=day - dt.timedelta(days=1))
    due_later = overdue(township_a, "城关木业", deadline=day + dt.timedelta(days=5))

    assert hazards_mark_overdue(today=day) == 1
    late_then.refresh_from_db()
    due_later.refresh_from_db()
    assert (late_then.overdue_since, due_later.overdue_since) == (day, None)


# --- What each stamped hazard keeps ---------------------------------------------------------------------


def test_the_history_says_the_system_marked_the_hazard_overdue(township_a, staff_a_client):
    hazard = overdue(township_a, "城关五金加工厂")
    hazards_mark_overdue()

    assert "系统 标记逾期" in history_seen(staff_a_client, hazard)


def test_an_administrator_reads_the_date_stamped_in_the_audit_entry(township_a, admin_client):
    overdue(township_a, "城关五金加工厂")
    hazards_mark_overdue(today=TODAY)

    page = admin_client.get(reverse("admin:org_auditentry_changelist"), {"action": "hazards.hazard.overdue_marked"})

    assert page.context["cl"].result_count == 1
    assert f'"overdue_since": "{TODAY.isoformat()}"' in html.unescape(page.content.decode())


def test_an_edit_form_opened_after_the_job_carries_the_next_version(township_a, staff_a_client):
    hazard = overdue(township_a, "城关五金加工厂")
    before = version_opened(staff_a_client, hazard)
    hazards_mark_overdue()

    assert version_opened(staff_a_client, hazard) == before + 1


def test_an_edit_opened_before_the_job_stays_refused_after_someone_else_saves(
    township_a, staff_a_client, officer_client
):
    hazard = overdue(township_a, "城关五金加工厂")
    stale = version_opened(staff_a_client, hazard)
    hazards_mark_overdue()
    assert hazard.deadline is not None
    edit = hazard_form_data(township_a, found_on=hazard.found_on.isoformat(), deadline=hazard.deadline.isoformat())
    officer_client.post(
        reverse("hazards:edit", args=[hazard.pk]),
        {**edit, "place_name": "城关五金厂（东厂区）", "version": version_opened(officer_client, hazard)},
    )

    response = staff_a_client.post(
        reverse("hazards:edit", args=[hazard.pk]), {**edit, "place_name": "城关五金二车间", "version": stale}
    )

    hazard.refresh_from_db()
    assert response.status_code == 409
    assert hazard.place_name == "城关五金厂（东厂区）"
