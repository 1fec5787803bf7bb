"""Complaints and tip-offs, non-production-safety incidents and safety investments (issue 15): recorded
through their pages and services, audited, locked against a stale save, scoped, and counted apart."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from org.models import AuditEntry
from org.periods import Period
from responsibility import selectors, services
from responsibility.models import Complaint, Incident, SafetyInvestment
from tests.factories.hazards import sector
from tests.factories.responsibility import (
    AccidentFactory,
    ComplaintFactory,
    IncidentFactory,
    InvestmentFactory,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date.today().isoformat()
HALF = Period(dt.date(2026, 1, 1), dt.date(2026, 6, 30))
MODELS = {"complaint": Complaint, "incident": Incident, "investment": SafetyInvestment}
FACTORIES: dict[str, Callable[..., Complaint | Incident | SafetyInvestment]] = {
    "complaint": ComplaintFactory.create,
    "incident": IncidentFactory.create,
    "investment": InvestmentFactory.create,
}


def _form_data(kind: str, unit) -> dict:
    return {
        "complaint": {
            "received_on": TODAY,
            "channel": "12350",
            "org_unit": unit.pk,
            "subject": "举报某厂违规住人",
            "items": 2,
            "status": "received",
            "rewards": 0,
            "reward_yuan": "0",
        },
        "incident": {
            "occurred_on": TODAY,
            "org_unit": unit.pk,
            "kind": "gas_leak",
            "place": "城关路施工点",
            "description": "道路施工挖断燃气管道",
            "dead": 0,
            "injured": 0,
            "loss_yuan": "0",
        },
        "investment": {
            "project": "道路安防设施升级改造",
            "org_unit": unit.pk,
            "invested_on": TODAY,
            "amount_wan": "3081",
            "output": "道路安防设施升级改造",
            "quantity": "429",
            "quantity_unit": "公里",
        },
    }[kind]


@pytest.mark.parametrize("kind", list(MODELS))
def test_township_staff_record_each_kind_through_its_form_with_an_audit_entry(kind, township_a, staff_a_client):
    response = staff_a_client.post(reverse(f"responsibility:{kind}_create"), _form_data(kind, township_a))

    assert response.status_code == 302
    record = MODELS[kind]._default_manager.get()
    assert AuditEntry.objects.filter(action=f"responsibility.{kind}.created", target_id=record.pk).exists()


@pytest.mark.parametrize("kind", list(MODELS))
def test_an_edit_bumps_the_version_and_is_audited(kind, township_a, staff_a_client):
    record = FACTORIES[kind](org_unit=township_a)
    data = {**_form_data(kind, township_a), "version": record.version}

    response = staff_a_client.post(reverse(f"responsibility:{kind}_edit", args=[record.pk]), data)

    record.refresh_from_db()
    assert response.status_code == 302
    assert record.version == 2
    assert AuditEntry.objects.filter(action=f"responsibility.{kind}.updated", target_id=record.pk).count() == 1


@pytest.mark.parametrize("kind", list(MODELS))
def test_a_save_over_someone_elses_is_refused_in_chinese(kind, township_a, staff_a_client):
    record = FACTORIES[kind](org_unit=township_a, version=3)  # saved twice since the form was opened at 1
    data = {**_form_data(kind, township_a), "version": 1}

    response = staff_a_client.post(reverse(f"responsibility:{kind}_edit", args=[record.pk]), data)

    record.refresh_from_db()
    assert response.status_code == 409
    assert "他人已保存修改" in response.content.decode()
    assert record.version == 3


def test_the_service_refuses_a_stale_version(township_a, township_a_staff):
    complaint = ComplaintFactory.create(org_unit=township_a)
    services.complaint_update(acting_user=township_a_staff, complaint=complaint, version=1, subject="新的事项")

    with pytest.raises(ValidationError):
        services.complaint_update(acting_user=township_a_staff, complaint=complaint, version=1, subject="旧的事项")
    assert Complaint.objects.get().subject == "新的事项"


@pytest.mark.parametrize("kind", list(MODELS))
def test_another_townships_record_is_404(kind, township_a, staff_b_client):
    record = FACTORIES[kind](org_unit=township_a)
    assert staff_b_client.get(reverse(f"responsibility:{kind}_edit", args=[record.pk])).status_code == 404


def test_a_form_cannot_name_another_townships_unit(township_b, staff_a_client):
    response = staff_a_client.post(reverse("responsibility:complaint_create"), _form_data("complaint", township_b))
    assert "org_unit" in response.context["form"].errors
    assert not Complaint.objects.exists()


def test_a_closed_complaint_needs_its_closing_date(township_a, staff_a_client):
    data = {**_form_data("complaint", township_a), "status": "closed"}
    response = staff_a_client.post(reverse("responsibility:complaint_create"), data)
    assert "closed_on" in response.context["form"].errors


def test_a_reward_needs_both_its_count_and_its_amount(township_a, staff_a_client):
    data = {**_form_data("complaint", township_a), "rewards": 1, "reward_yuan": "0"}
    response = staff_a_client.post(reverse("responsibility:complaint_create"), data)
    assert "reward_yuan" in response.context["form"].errors


def test_a_quantity_needs_its_unit(township_a, staff_a_client):
    data = {**_form_data("investment", township_a), "quantity_unit": ""}
    response = staff_a_client.post(reverse("responsibility:investment_create"), data)
    assert "quantity_unit" in response.context["form"].errors


def test_the_investment_form_takes_10000_yuan_and_keeps_yuan(township_a, staff_a_client):
    """3081 万元 typed, 30,810,000 元 kept: the stored amount means what it always meant."""
    page = staff_a_client.get(reverse("responsibility:investment_create")).content.decode()
    staff_a_client.post(reverse("responsibility:investment_create"), _form_data("investment", township_a))

    assert "金额（万元）" in page
    assert SafetyInvestment.objects.get().amount_yuan == Decimal(30810000)


def test_the_investment_edit_form_shows_the_amount_in_10000_yuan(township_a, staff_a_client):
    record = InvestmentFactory.create(org_unit=township_a, amount_yuan=Decimal(5000))

    page = staff_a_client.get(reverse("responsibility:investment_edit", args=[record.pk])).content.decode()

    assert 'name="amount_wan" value="0.5"' in page


def test_an_investment_of_nothing_is_refused_at_its_field(township_a, staff_a_client):
    data = {**_form_data("investment", township_a), "amount_wan": "0"}
    response = staff_a_client.post(reverse("responsibility:investment_create"), data)

    assert response.context["form"].errors["amount_wan"] == ["金额须大于0。"]
    assert not SafetyInvestment.objects.exists()


def test_a_list_filters_by_township(township_a, township_b, leader_client):
    ComplaintFactory.create(org_unit=township_a, received_on=dt.date(2026, 3, 1))
    ComplaintFactory.create(org_unit=township_b, received_on=dt.date(2026, 3, 1))
    response = leader_client.get(
        reverse("responsibility:complaint_list"), {"start": "2026-01-01", "end": "2026-06-30", "unit": township_b.pk}
    )
    assert {c.org_unit for c in response.context["page"]} == {township_b}


def test_a_list_filters_by_period(township_a, leader_client):
    IncidentFactory.create(org_unit=township_a, occurred_on=dt.date(2026, 3, 1))
    IncidentFactory.create(org_unit=township_a, occurred_on=dt.date(2025, 3, 1))
    response = leader_client.get(reverse("responsibility:incident_list"), {"start": "2026-01-01", "end": "2026-06-30"})
    assert [i.occurred_on.year for i in response.context["page"]] == [2026]


# Session, user, the list's count and page, the area filter's units, and the figures above the list: one query
# (complaints, incidents) or two (investments: the sums by sector and the largest works).
LEDGER_LIST_QUERIES = {"complaint": 6, "incident": 6, "investment": 7}


def _many(count: int, township_a, township_b) -> None:
    fire = sector("消防")
    for i in range(count):
        unit = township_a if i % 2 else township_b
        ComplaintFactory.create(org_unit=unit, sector=fire)
        IncidentFactory.create(org_unit=unit)
        InvestmentFactory.create(
            org_unit=unit, sector=fire, output="消防设施改造", quantity=Decimal(3), quantity_unit="处"
        )


@pytest.mark.parametrize("count", [2, 12])
@pytest.mark.parametrize("kind", list(MODELS))
def test_list_pages_take_a_fixed_number_of_queries(
    kind, count, township_a, township_b, leader_client, django_assert_num_queries
):
    _many(count, township_a, township_b)
    with django_assert_num_queries(LEDGER_LIST_QUERIES[kind]):
        response = leader_client.get(
            reverse(f"responsibility:{kind}_list"), {"start": "2026-01-01", "end": "2026-12-31"}
        )
    assert len(response.context["page"].object_list) == count


# --- Figures ----------------------------------------------------------------------------------------------


def test_an_incident_is_never_an_accident(township_a, city_leader):
    """One accident (1 dead) and two incidents (1 injured) in the half year: the accident figures see 1 and 1."""
    AccidentFactory.create(org_unit=township_a, occurred_on=dt.date(2026, 3, 15), dead=1)
    IncidentFactory.create(org_unit=township_a, occurred_on=dt.date(2026, 4, 8))
    IncidentFactory.create(org_unit=township_a, occurred_on=dt.date(2026, 5, 8), kind=Incident.Kind.FIRE, injured=1)

    accidents = selectors.accident_figures(user=city_leader, period=HALF)
    incidents = selectors.incident_figures(user=city_leader, period=HALF)

    assert (accidents.count, accidents.deaths, accidents.injured) == (1, 1, 0)
    assert (incidents.count, incidents.injured) == (2, 1)


def test_complaint_figures_count_tip_offs_by_status_and_sector(township_a, city_leader):
    """A batch of 3 (消防, closed 10 June, 2 verified… the batch is verified: 3), one open (工贸), one closed
    after the period (工贸, 1 reward of 2,000 元): received 5, closed by 30 June 3, handling 2, verified 3."""
    fire, trade = sector("消防"), sector("工贸")
    ComplaintFactory.create(
        org_unit=township_a, sector=fire, items=3, status="closed", closed_on=dt.date(2026, 6, 10), verified=True
    )
    ComplaintFactory.create(org_unit=township_a, sector=trade, status="handling")
    ComplaintFactory.create(
        org_unit=township_a,
        sector=trade,
        status="closed",
        closed_on=dt.date(2026, 7, 3),
        rewards=1,
        reward_yuan=Decimal(2000),
    )

    f = selectors.complaint_figures(user=city_leader, period=HALF)

    assert (f.received, f.closed, f.handling, f.verified, f.rewards, f.reward_wan) == (5, 3, 2, 3, 1, "0.2")
    assert [(s.name, s.value) for s in f.by_sector] == [("消防", 3), ("工贸", 2)]
    assert f.by_status == {"received": 0, "handling": 2, "closed": 3}


def test_investment_figures_sum_by_sector(township_a, city_leader):
    """道路交通 20,000,000 + 10,810,000 元, 消防 500,000 元 → 3,131 万元; 道路交通 3,081 万元."""
    road, fire = sector("道路交通"), sector("消防")
    InvestmentFactory.create(
        org_unit=township_a,
        sector=road,
        amount_yuan=Decimal(20000000),
        output="道路安防设施升级改造",
        quantity=Decimal(429),
        quantity_unit="公里",
    )
    InvestmentFactory.create(org_unit=township_a, sector=road, amount_yuan=Decimal(10810000))
    InvestmentFactory.create(org_unit=township_a, sector=fire, amount_yuan=Decimal(500000))

    f = selectors.investment_figures(user=city_leader, period=HALF)

    assert f.amount_wan == "3131"
    assert {s.name: s.value for s in f.by_sector} == {"道路交通": Decimal(30810000), "消防": Decimal(500000)}
    assert f.works == ("道路安防设施升级改造429公里",)


def test_a_township_sees_only_its_own_complaints_in_the_figures(township_a, township_b, township_b_staff):
    ComplaintFactory.create(org_unit=township_a, received_on=dt.date(2026, 3, 1))
    assert selectors.complaint_figures(user=township_b_staff, period=HALF).received == 0
