"""The words of a refused stale edit: who changed what since the form was opened, when, in Chinese (issue 20).

Each later entry of the hazard's trail is one line, 张执法 07-01 04:30：场所或企业名称 → …, in order of time;
the changed fields of one save are joined by 、, the lines by ；, and a step of the loop is named by the status
it led to. The times are set on the entries so that the page's words can be compared whole.
"""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.urls import reverse

from hazards import services
from hazards.models import Hazard
from org.audit import audit_trail
from org.models import AuditEntry, Role
from tests.factories.hazards import hazard_form_data, sector
from tests.factories.org import UserFactory

pytestmark = pytest.mark.django_db

# 2026-06-30 20:30 UTC is 07-01 04:30 in Shanghai: the message gives local time.
AT = dt.datetime(2026, 6, 30, 20, 30, tzinfo=dt.UTC)
REFUSAL = "您打开本隐患后，他人已保存修改：{changes}。您的修改未保存，请与当前记录核对后重新保存。"


@pytest.fixture
def hazard(township_a, township_a_staff) -> Hazard:
    # Through the service, so the hazard has the history a real one has.
    return services.hazard_create(
        acting_user=township_a_staff,
        org_unit=township_a,
        place_name="城关五金加工厂",
        sector=sector(),
        description=hazard_form_data(township_a)["description"],
        found_on=dt.date(2026, 3, 10),
        measures="清走纸箱，更换指示标志",
    )


@pytest.fixture
def colleague(township_a) -> object:
    return UserFactory.create(username="staff_a2", display_name="周网格", org_unit=township_a, role=Role.TOWNSHIP_STAFF)


def _edit(client, hazard: Hazard, version: int, **changes):
    data = hazard_form_data(
        hazard.org_unit,
        **{"found_on": "2026-03-10", "measures": "清走纸箱，更换指示标志", "version": version, **changes},
    )
    return client.post(reverse("hazards:edit", args=[hazard.pk]), data)


def _opened_at(client, hazard: Hazard) -> int:
    return client.get(reverse("hazards:edit", args=[hazard.pk])).context["form"]["version"].value()


def _dated(hazard: Hazard, at: dt.datetime) -> None:
    """Give the hazard's newest audit entry the time ``at``."""
    newest = audit_trail(hazard).order_by("-pk").first()
    assert newest is not None
    AuditEntry.objects.filter(pk=newest.pk).update(created_at=at)


def _refusal(response) -> str:
    """The message on top of the refused form, as the page shows it."""
    assert response.status_code == 409
    found = re.search(r'alert-danger">\s*<ul class="m-0">\s*<li>(.*?)</li>', response.content.decode(), re.S)
    assert found is not None
    return html.unescape(found.group(1))


def test_the_refusal_says_in_chinese_who_changed_what_and_when(staff_a_client, officer_client, hazard):
    version = _opened_at(staff_a_client, hazard)
    _edit(officer_client, hazard, version, place_name="城关五金厂（东厂区）")
    _dated(hazard, AT)

    response = _edit(staff_a_client, hazard, version, place_name="城关五金加工厂二车间")

    assert _refusal(response) == REFUSAL.format(changes="张执法 07-01 04:30：场所或企业名称 → 城关五金厂（东厂区）")


def test_a_field_emptied_by_the_other_save_is_shown_as_a_dash(staff_a_client, officer_client, hazard):
    version = _opened_at(staff_a_client, hazard)
    _edit(officer_client, hazard, version, measures="")

    response = _edit(staff_a_client, hazard, version, place_name="城关五金加工厂二车间")

    assert "整改措施 → —" in _refusal(response)


def test_an_emptied_date_is_shown_as_a_dash_not_as_none(staff_a_client, officer_client, officer, hazard):
    services.hazard_assign(
        acting_user=officer, hazard=hazard, responsible_unit="城关五金加工厂", deadline=dt.date(2026, 8, 1)
    )
    version = _opened_at(staff_a_client, hazard)
    _edit(officer_client, hazard, version, deadline="")

    refusal = _refusal(_edit(staff_a_client, hazard, version, place_name="城关五金加工厂二车间"))

    assert "整改期限 → —" in refusal
    assert "None" not in refusal


def test_the_fields_of_one_save_are_joined_by_a_pause_mark(staff_a_client, officer_client, hazard):
    version = _opened_at(staff_a_client, hazard)
    _edit(officer_client, hazard, version, place_name="城关五金厂（东厂区）", description="安全出口被货架堵住")
    _dated(hazard, AT)

    response = _edit(staff_a_client, hazard, version, place_name="城关五金加工厂二车间")

    assert _refusal(response) == REFUSAL.format(
        changes="张执法 07-01 04:30：场所或企业名称 → 城关五金厂（东厂区）、描述 → 安全出口被货架堵住"
    )


def test_a_step_of_the_loop_is_named_by_the_status_it_led_to(staff_a_client, officer, hazard):
    version = _opened_at(staff_a_client, hazard)
    services.hazard_assign(
        acting_user=officer, hazard=hazard, responsible_unit="城关五金加工厂", deadline=dt.date(2026, 4, 1)
    )
    _dated(hazard, AT)

    response = _edit(staff_a_client, hazard, version, place_name="城关五金加工厂二车间")

    assert _refusal(response) == REFUSAL.format(changes="张执法 07-01 04:30：状态 → 已交办")


def test_each_later_save_is_a_line_of_its_own_in_order_of_time(
    staff_a_client, officer_client, colleague, client_for, hazard
):
    version = _opened_at(staff_a_client, hazard)
    _edit(officer_client, hazard, version, place_name="城关五金厂（东厂区）")
    _dated(hazard, AT)
    # The colleague opened the form after that save: it shows the new name.
    _edit(
        client_for(colleague), hazard, version + 1, place_name="城关五金厂（东厂区）", description="安全出口被货架堵住"
    )
    _dated(hazard, AT + dt.timedelta(minutes=5))

    response = _edit(staff_a_client, hazard, version, place_name="城关五金加工厂二车间")

    assert _refusal(response) == REFUSAL.format(
        changes="张执法 07-01 04:30：场所或企业名称 → 城关五金厂（东厂区）；"
        "周网格 07-01 04:35：描述 → 安全出口被货架堵住"
    )


def test_the_lines_follow_the_time_of_the_saves_not_the_order_they_were_written(
    staff_a_client, officer_client, colleague, client_for, hazard
):
    # An entry may keep a true date older than its row (AuditEntry.created_at; the demo data does), so the
    # order written need not be the order in time: the refusal reads them in time order, as the history does.
    version = _opened_at(staff_a_client, hazard)
    _edit(officer_client, hazard, version, place_name="城关五金厂（东厂区）")
    _dated(hazard, AT + dt.timedelta(minutes=5))
    # The colleague opened the form after that save: it shows the new name.
    _edit(
        client_for(colleague), hazard, version + 1, place_name="城关五金厂（东厂区）", description="安全出口被货架堵住"
    )
    _dated(hazard, AT)

    response = _edit(staff_a_client, hazard, version, place_name="城关五金加工厂二车间")

    assert _refusal(response) == REFUSAL.format(
        changes="周网格 07-01 04:30：描述 → 安全出口被货架堵住；"
        "张执法 07-01 04:35：场所或企业名称 → 城关五金厂（东厂区）"
    )


# The nightly stamp moves the version on: a form opened before it is told the system changed the hazard.
def test_the_nightly_overdue_stamp_is_named_as_the_systems(staff_a_client, officer, hazard):
    services.hazard_assign(
        acting_user=officer, hazard=hazard, responsible_unit="城关五金加工厂", deadline=dt.date(2026, 4, 1)
    )
    version = _opened_at(staff_a_client, hazard)
    services.hazards_mark_overdue(today=dt.date(2026, 6, 30))
    _dated(hazard, AT)

    response = _edit(staff_a_client, hazard, version, place_name="城关五金加工厂二车间")

    assert "：系统 07-01 04:30：隐患标记为逾期" in _refusal(response)  # the step's words, never its code


def test_a_form_opened_after_the_nightly_stamp_is_told_only_of_what_came_after_it(
    staff_a_client, officer_client, officer, hazard
):
    services.hazard_assign(
        acting_user=officer, hazard=hazard, responsible_unit="城关五金加工厂", deadline=dt.date(2026, 4, 1)
    )
    services.hazards_mark_overdue(today=dt.date(2026, 6, 30))
    version = _opened_at(staff_a_client, hazard)
    _edit(officer_client, hazard, version, place_name="城关五金厂（东厂区）")

    refusal = _refusal(_edit(staff_a_client, hazard, version, place_name="城关五金加工厂二车间"))

    assert "场所或企业名称 → 城关五金厂（东厂区）" in refusal
    assert "系统" not in refusal  # the stamp came before she opened the form
