"""The demo's enterprise users and inspection limits (README lists them): built by the same commands seed_demo
runs, over a small register."""

from __future__ import annotations

import datetime as dt
import io

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from enforcement.models import InspectionCap, InspectionPlan
from enforcement.services import limits
from hazards.models import Hazard
from org.management.commands.seed_demo import DEMO_PASSWORD
from org.models import Role
from tests.factories.enforcement import bureau
from tests.factories.enterprises import EnterpriseFactory
from tests.factories.hazards import HazardFactory
from tests.factories.org import UserFactory

S = Hazard.Status


def _signed_in(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=DEMO_PASSWORD)
    return client


def test_ent_a_signs_in_to_the_firm_of_its_township_with_most_hazards_to_rectify(
    township_a, township_b, township_a_staff
):
    busy = EnterpriseFactory.create(org_unit=township_a, name="城关红星五金制品有限公司")
    quiet = EnterpriseFactory.create(org_unit=township_a, name="城关安平食品有限公司")
    for description in ("配电箱门锁损坏", "消防通道堆放杂物"):
        HazardFactory.create(
            org_unit=township_a,
            enterprise=busy,
            place_name=busy.name,
            status=S.ASSIGNED,
            deadline=dt.date.today() + dt.timedelta(days=10),
            description=description,
        )
    HazardFactory.create(
        org_unit=township_a,
        enterprise=quiet,
        place_name=quiet.name,
        status=S.ASSIGNED,
        deadline=dt.date.today() + dt.timedelta(days=10),
        description="灭火器过期",
    )
    call_command("seed_demo_enterprise_users", stdout=io.StringIO())
    home = _signed_in("ent_a").get(reverse("hazards:enterprise_home")).content.decode()
    assert "配电箱门锁损坏" in home
    assert "消防通道堆放杂物" in home
    assert "灭火器过期" not in home
    # Township staff find ent_a's self-report waiting for their decision.
    staff = Client()
    staff.force_login(township_a_staff)
    assert "配电箱门锁损坏、箱前堆放杂物" in staff.get(reverse("hazards:self_reports")).content.decode()


def test_the_demo_limits_give_caps_by_risk_grade_and_a_plan_with_a_reproducible_draw(city, township_a):
    UserFactory.create(username="admin", role=Role.ADMIN, org_unit=city)
    authority = bureau(city)
    for n in range(3):
        UserFactory.create(role=Role.OFFICER, org_unit=city, username=f"officer{n}")
    EnterpriseFactory.create_batch(60, org_unit=township_a)
    call_command("seed_demo_limits", stdout=io.StringIO())
    call_command("seed_demo_limits", stdout=io.StringIO())  # a second run adds nothing
    year = dt.date.today().year
    assert InspectionCap.objects.filter(from_year=year).count() == 5
    plan = InspectionPlan.objects.get(year=year, issuer=authority)
    draw = plan.draws.get()
    assert limits.redraw(draw) == draw.drawn_order
    assert len(draw.drawn_order) == 40
