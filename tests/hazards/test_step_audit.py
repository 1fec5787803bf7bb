"""Every step of the hazard loop leaves its audit entry (issue 20): on the hazard's history page, the step and
the status it led to, with its reason when it has one; for administrators, in the audit list of the hazard's
township, where it moved from and to, the reason and the hazard's new version.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re

import pytest
from django.urls import reverse

from hazards import services
from hazards.models import Hazard
from org.models import Role, User
from org.services import user_create
from tests.factories.enterprises import EnterpriseFactory
from tests.factories.hazards import HazardFactory, hazard_form_data, sector, tiny_png
from tests.factories.org import PASSWORD

pytestmark = pytest.mark.django_db

S = Hazard.Status


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
    )


def _act(client, hazard: Hazard, action: str, data: dict | None = None) -> None:
    response = client.post(reverse("hazards:action", args=[hazard.pk, action]), data or {})
    assert response.status_code == 302


def _assign(client, hazard: Hazard) -> None:
    _act(client, hazard, "assign", {"responsible_unit": "城关五金加工厂", "deadline": "2026-04-01"})


def _history(client, hazard: Hazard) -> list[list[str]]:
    """The hazard page's history, one list of lines per step, after its time and actor."""
    page = client.get(reverse("hazards:detail", args=[hazard.pk])).content.decode()
    timeline = page.split('<ul class="timeline mb-0">')[1].split("</ul>")[0]
    steps = []
    for item in re.findall(r"<li>(.*?)</li>", timeline, re.S):
        text = html.unescape(re.sub(r"<[^>]+>", "", re.sub(r"<div[^>]*>", "\n", item)))
        steps.append([line.strip() for line in text.splitlines() if line.strip()][1:])
    return steps


def _audit_list(client, hazard: Hazard) -> list[tuple[str, str, dict]]:
    """The admin's audit list of the hazard's township, this hazard's rows: the action, the unit and the data."""
    page = client.get(reverse("admin:org_auditentry_changelist"), {"org_unit__id__exact": hazard.org_unit_id})
    rows = []
    for row in re.findall(r"<tr><th class=\"field-created_at.*?</tr>", page.content.decode(), re.S):
        cell = {
            name: html.unescape(value) for name, value in re.findall(r'<td class="field-(\w+)[^"]*">(.*?)</td>', row)
        }
        if cell["target_record"] == str(hazard.pk):
            rows.append((cell["action_words"], cell["org_unit"], json.loads(cell["data"])))
    return rows[::-1]  # the list is newest first


def test_each_step_shows_in_the_history_with_the_status_it_led_to(staff_a_client, hazard):
    _assign(staff_a_client, hazard)
    _act(staff_a_client, hazard, "start")
    _act(staff_a_client, hazard, "rectify", {"note": "纸箱已清走，指示标志已更换"})
    _act(staff_a_client, hazard, "send_back", {"reason": "整改后照片看不清指示标志"})

    assert _history(staff_a_client, hazard)[1:] == [
        ["已交办 → 已交办", "城关五金加工厂 · 整改期限 2026-04-01"],
        ["开始整改 → 整改中"],
        ["提交整改 → 待复查", "纸箱已清走，指示标志已更换"],
        ["退回 → 整改中", "整改后照片看不清指示标志"],
    ]


def test_a_step_taken_without_a_reason_shows_none_in_the_history(staff_a_client, hazard):
    _assign(staff_a_client, hazard)
    _act(staff_a_client, hazard, "start")

    assert _history(staff_a_client, hazard)[-1] == ["开始整改 → 整改中"]


def test_the_admin_finds_each_step_under_the_hazards_township(admin_client, staff_a_client, hazard):
    _assign(staff_a_client, hazard)
    _act(staff_a_client, hazard, "start")

    rows = _audit_list(admin_client, hazard)

    assert [(action, unit) for action, unit, _data in rows] == [
        ("登记隐患", "城关街道"),
        ("交办隐患", "城关街道"),
        ("开始整改", "城关街道"),
    ]


def test_the_admin_reads_where_a_step_moved_from_and_to_and_the_new_version(admin_client, staff_a_client, hazard):
    _assign(staff_a_client, hazard)
    assigned_at = Hazard.objects.get(pk=hazard.pk).version
    _act(staff_a_client, hazard, "start")
    started_at = Hazard.objects.get(pk=hazard.pk).version

    rows = _audit_list(admin_client, hazard)

    assert [data for _action, _unit, data in rows[1:]] == [
        {
            "from": "reported",
            "to": "assigned",
            "reason": "",
            "version": assigned_at,
            "responsible_unit": "城关五金加工厂",
            "deadline": "2026-04-01",
        },
        {"from": "assigned", "to": "rectifying", "reason": "", "version": started_at},
    ]


@pytest.fixture
def enterprise_user(township_a) -> User:
    return user_create(
        username="ent_a",
        password=PASSWORD,
        org_unit=None,
        role=Role.ENTERPRISE,
        display_name="张安全",
        enterprise=EnterpriseFactory.create(org_unit=township_a, name="城关精密铸造有限公司"),
    )


def _enterprise_hazard(township, enterprise) -> Hazard:
    return HazardFactory.create(
        org_unit=township,
        enterprise=enterprise,
        place_name=enterprise.name,
        status=S.ASSIGNED,
        responsible_unit=enterprise.name,
        deadline=dt.date(2026, 12, 31),
    )


def test_the_enterprises_own_rectification_report_shows_in_the_hazards_history(
    client_for, staff_a_client, township_a, enterprise_user
):
    hazard = _enterprise_hazard(township_a, enterprise_user.enterprise)

    response = client_for(enterprise_user).post(
        reverse("hazards:enterprise_hazard", args=[hazard.pk]),
        {"note": "杂物已全部清走，划定禁放区", "photos": tiny_png(), "rectified_on": "", "version": hazard.version},
    )

    assert response.status_code == 302
    assert _history(staff_a_client, hazard)[-1] == ["提交整改 → 待复查", "杂物已全部清走，划定禁放区"]


def test_an_enterprise_user_may_not_start_rectifying_another_enterprises_hazard(
    staff_a_client, township_a, enterprise_user
):
    # No page lets an enterprise user start a step (org.scoping.EnterpriseGateMiddleware); the service's own
    # check is what keeps a future one from acting on another enterprise's hazard.
    theirs = _enterprise_hazard(
        township_a, EnterpriseFactory.create(org_unit=township_a, name="城关邻厂塑料制品有限公司")
    )

    with pytest.raises(services.TransitionError) as refused:
        services.hazard_start_rectification(acting_user=enterprise_user, hazard=theirs)

    assert refused.value.messages == ["您的角色无权执行此操作。"]
    assert _history(staff_a_client, theirs) == []
