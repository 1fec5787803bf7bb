"""The lists a field user opens: cards on a phone, the table on a desktop, filters behind one button."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from hazards.models import Hazard
from tests.browser.conftest import PHONE
from tests.factories.enforcement import InspectionFactory, OrderFactory
from tests.factories.floodprep import (
    DrillFactory,
    ForestPatrolFactory,
    RescueTeamFactory,
    ResponsiblePersonFactory,
    RiskPointFactory,
    ShelterFactory,
    WarehouseFactory,
)
from tests.factories.hazards import HazardFactory

pytestmark = pytest.mark.browser

DESK = {"width": 1366, "height": 900}
LISTS = {
    "/hazards/": "城关五金加工厂",
    "/floodprep/persons/": "王建国",
    "/floodprep/risk-points/": "后山滑坡隐患点",
    "/enforcement/inspections/": "城关化工有限公司",
    "/floodprep/warehouses/": "城关防汛物资仓库",
    "/floodprep/teams/": "城关抢险救援队",
    "/floodprep/shelters/": "城关小学避灾安置点",
    "/floodprep/drills/": "城关防汛综合演练",
    "/floodprep/patrols/": "后山林区巡查",
}


@pytest.fixture
def records(township_a, village_a, township_a_staff, officer):
    deadline = timezone.localdate() - dt.timedelta(days=3)
    HazardFactory.create(
        org_unit=township_a,
        village=village_a,
        place_name="城关五金加工厂",
        status=Hazard.Status.ASSIGNED,
        deadline=deadline,
        responsible_unit="城关五金加工厂",
    )
    ResponsiblePersonFactory.create(org_unit=village_a, name="王建国")
    RiskPointFactory.create(org_unit=village_a, name="后山滑坡隐患点")
    WarehouseFactory.create(org_unit=township_a, name="城关防汛物资仓库")
    RescueTeamFactory.create(org_unit=township_a, name="城关抢险救援队")
    ShelterFactory.create(org_unit=village_a, name="城关小学避灾安置点")
    DrillFactory.create(org_unit=township_a, title="城关防汛综合演练", held_on=dt.date(2026, 5, 20))
    ForestPatrolFactory.create(org_unit=village_a, route="后山林区巡查", patrolled_on=dt.date(2026, 5, 21))
    OrderFactory.create(
        inspection=InspectionFactory.create(org_unit=township_a, unit_name="城关化工有限公司", officers=[officer]),
        deadline=deadline,
    )
    return deadline


def test_on_a_phone_every_list_is_cards_with_the_filters_folded(journey, records):
    tab = journey("phone-lists", PHONE)
    page = tab.page
    tab.log_in("staff_a")
    # The landing page opens on 我的待办 and its 登记隐患 button, above the dashboard.
    assert page.locator("[data-todo-line=overdue] [data-todo-count]").inner_text() == "1"
    assert page.locator("[data-report-hazard]").is_visible()
    tab.shot("home")
    for path, name in LISTS.items():
        tab.goto(path)
        card = page.locator("[data-record-card]", has_text=name)
        assert card.is_visible(), path
        assert not page.locator("table").first.is_visible(), path
        assert not page.locator("form[id$=-filters]").is_visible(), path
        tab.shot(path.strip("/").replace("/", "-"))
    tab.goto("/hazards/")
    card = page.locator("[data-record-card]", has_text="城关五金加工厂")
    text = card.inner_text()  # status, level, deadline and the next step, on the card itself
    words = ("已交办", "一般", f"整改期限 {records:%Y-%m-%d}", "超期", "开始整改")
    assert [word for word in words if word not in text] == []
    page.click("[data-filter-toggle]")
    page.locator("#ledger-filters").wait_for(state="visible")
    tab.shot("ledger-filters-open")


def test_a_card_checks_a_person_in_without_leaving_the_roster(journey, records):
    tab = journey("phone-checkin", PHONE)
    page = tab.page
    tab.log_in("staff_a")
    tab.goto("/floodprep/persons/")
    card = page.locator("[data-record-card]", has_text="王建国")
    card.get_by_role("button", name="今日到岗").click()
    card.locator("[data-checked-in-today]").wait_for()
    assert timezone.localdate().isoformat() in card.inner_text()
    tab.shot("checked-in")


def test_on_a_desktop_the_lists_are_tables_with_the_filters_open(journey, records):
    tab = journey("desk-lists", DESK)
    page = tab.page
    tab.log_in("staff_a")
    for path, name in LISTS.items():
        tab.goto(path)
        assert page.locator("table tr", has_text=name).is_visible(), path
        assert not page.locator("[data-record-card]").first.is_visible(), path
        assert page.locator("form[id$=-filters]").is_visible(), path
