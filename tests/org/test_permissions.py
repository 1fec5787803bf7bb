"""Who may do what is one table (org/permissions.py), and every place that asks agrees with it (issue 20).

The roles allowed a hazard step were written four times (service, ledger view, menu, importer), an enforcement
write twice. Driven by the table: for each action and each bureau role, the page offers the step exactly when the
service lets it happen, and both are what the table says.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, Template

from enforcement.services.common import check_writer
from hazards.models import Hazard
from hazards.services import TRANSITIONS
from org.models import Role
from org.permissions import RULES, may
from org.state_machine import InvalidTransition
from tests.factories.enforcement import CaseFactory
from tests.factories.hazards import HazardFactory
from tests.factories.org import UserFactory

pytestmark = pytest.mark.django_db

BUREAU_ROLES = [role for role in Role.values if role != Role.ENTERPRISE]

# A step the detail page offers as a form, the state it starts from and what its form posts.
HAZARD_STEPS = {
    "assign": (Hazard.Status.REPORTED, {"responsible_unit": "城关五金加工厂", "deadline": "2026-04-30"}),
    "start": (Hazard.Status.ASSIGNED, {}),
    "send_back": (Hazard.Status.ASSIGNED, {"reason": "整改措施不具体"}),
}


def _user(role: str, township_a, city):
    # Township staff act in their township; the bureau's people sit at the city and see every township.
    unit = township_a if role == Role.TOWNSHIP_STAFF else city
    return UserFactory.create(username=f"u_{role}", org_unit=unit, role=role)


def _hazard(township_a, status: str) -> Hazard:
    assigned = {"responsible_unit": "城关五金加工厂", "deadline": dt.date(2026, 4, 30)}
    return HazardFactory.create(
        org_unit=township_a, status=status, **(assigned if status != Hazard.Status.REPORTED else {})
    )


@pytest.mark.parametrize("role", BUREAU_ROLES)
@pytest.mark.parametrize("step", list(HAZARD_STEPS))
def test_the_hazard_page_offers_a_step_exactly_when_the_service_does_it_as_the_table_says(
    step, role, township_a, city, client_for
):
    source, data = HAZARD_STEPS[step]
    user = _user(role, township_a, city)
    hazard = _hazard(township_a, source)
    client = client_for(user)
    offered = f'action="/hazards/{hazard.pk}/{step}/"' in client.get(f"/hazards/{hazard.pk}/").content.decode()
    client.post(f"/hazards/{hazard.pk}/{step}/", data)
    moved = Hazard.objects.get(pk=hazard.pk).status == TRANSITIONS[step].target
    assert (offered, moved) == (may(user, TRANSITIONS[step].permission),) * 2


@pytest.mark.parametrize("role", BUREAU_ROLES)
def test_the_enforcement_menu_and_services_agree_with_the_table(role, township_a, city, client_for):
    user = _user(role, township_a, city)
    page = client_for(user).get("/enforcement/inspections/").content.decode()
    try:
        check_writer(user)
        service_lets = True
    except InvalidTransition:
        service_lets = False
    assert ('href="/enforcement/my-work/"' in page, service_lets) == (may(user, "enforcement.write"),) * 2


@pytest.mark.parametrize("action", list(RULES))
def test_the_template_filter_answers_as_the_table_for_every_action_and_role(action, township_a, city):
    template = Template("{% load permissions %}{% if user|may:action %}yes{% else %}no{% endif %}")
    answers = {
        role: template.render(Context({"user": _user(role, township_a, city), "action": action}))
        for role in BUREAU_ROLES
    }
    assert answers == {role: "yes" if role in RULES[action].roles else "no" for role in BUREAU_ROLES}


def test_a_hazard_moved_out_of_order_says_why_in_chinese_on_the_page(staff_a_client, township_a):
    hazard = _hazard(township_a, Hazard.Status.REPORTED)
    page = staff_a_client.post(f"/hazards/{hazard.pk}/start/", {}).content.decode()
    assert "处于“已登记”状态的隐患不能执行此操作。" in page


def test_a_case_moved_out_of_order_says_why_in_chinese_on_the_page(officer, township_a, client_for):
    case = CaseFactory.create(org_unit=township_a, officers=[officer])
    page = client_for(officer).post(f"/enforcement/cases/{case.pk}/execute/", {"on": "2026-03-20"}).content.decode()
    assert "作出处罚决定后方可登记执行情况。" in page
