"""The moves a hazard's page offers, and the words a refused move is answered with.

Separation of duties (hazards/duties.py) decides who is offered the re-inspection: whoever recorded the
hazard may fail it but not pass it, and a bureau asking for another role offers it to nobody of the
rectifier's role. A refused re-inspection is said at the top of the page; an enterprise user is refused
another enterprise's hazard in words too.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hazards.models import Hazard
from hazards.services import TransitionError, hazard_rectify
from org.models import BureauSettings, Role
from org.services import user_create
from tests.factories.enterprises import EnterpriseFactory
from tests.factories.hazards import HazardFactory
from tests.factories.org import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

S = Hazard.Status
PASS_CHOICE = "复查合格，予以销号"
FAIL_CHOICE = "复查不合格，退回整改"


@pytest.fixture
def colleague(township_a):
    """A second worker of 城关街道, who recorded the hazard."""
    return UserFactory.create(username="staff_a2", display_name="周网格", org_unit=township_a, role=Role.TOWNSHIP_STAFF)


@pytest.fixture
def awaiting(township_a, colleague, township_a_staff) -> Hazard:
    """Recorded by 周网格; its rectification reported by 陈网格 (staff_a)."""
    return HazardFactory.create(
        org_unit=township_a,
        status=S.AWAITING_REVIEW,
        finder=colleague,
        found_on=dt.date(2026, 3, 10),
        rectified_on=dt.date(2026, 4, 2),
        rectified_by=township_a_staff,
    )


def page(client, hazard: Hazard) -> str:
    return client.get(reverse("hazards:detail", args=[hazard.pk])).content.decode()


def alerts(response) -> list[str]:
    """The messages at the top of the page (base.html), as read."""
    found = re.findall(r'role="alert">\s*(.*?)<button', response.content.decode(), flags=re.S)
    return [text.strip() for text in found]


def test_the_person_who_recorded_the_hazard_is_offered_failing_its_reinspection_only(awaiting, colleague, client_for):
    html = page(client_for(colleague), awaiting)
    assert f"/hazards/{awaiting.pk}/reinspect/" in html
    assert FAIL_CHOICE in html
    assert PASS_CHOICE not in html


def test_another_worker_is_offered_both_results(awaiting, officer_client):
    html = page(officer_client, awaiting)
    assert PASS_CHOICE in html
    assert FAIL_CHOICE in html


def test_under_another_role_a_colleague_of_the_rectifiers_role_is_offered_no_reinspection_and_told_why(
    awaiting, city, township_a, client_for
):
    BureauSettings.objects.create(org_unit=city, reinspection_by=BureauSettings.Separation.ROLE)
    other = UserFactory.create(
        username="staff_a3", display_name="吴网格", org_unit=township_a, role=Role.TOWNSHIP_STAFF
    )
    html = page(client_for(other), awaiting)
    assert f"/hazards/{awaiting.pk}/reinspect/" not in html
    assert "本局规定复查须由与整改报告人（陈网格，镇街工作人员）不同角色的人员完成。" in html


def test_the_page_of_a_hazard_not_awaiting_reinspection_does_not_read_the_bureaus_rule(
    township_a, staff_a_client, township_a_hazard
):
    # The rule is read only for a hazard someone may re-inspect: one query fewer on every other hazard's page.
    with CaptureQueriesContext(connection) as queries:
        staff_a_client.get(reverse("hazards:detail", args=[township_a_hazard.pk]))
    assert not [q for q in queries if BureauSettings._meta.db_table in q["sql"]]


def test_the_rectification_reporter_posting_a_reinspection_is_told_why_at_the_top(awaiting, staff_a_client):
    response = staff_a_client.post(
        reverse("hazards:action", args=[awaiting.pk, "reinspect"]), {"passed": "1", "note": "复查合格"}
    )
    assert alerts(response) == ["您报告了本隐患的整改，复查和销号须由他人完成。"]


def test_a_colleague_of_the_rectifiers_role_posting_a_reinspection_is_told_the_bureaus_rule(
    awaiting, city, township_a, client_for
):
    BureauSettings.objects.create(org_unit=city, reinspection_by=BureauSettings.Separation.ROLE)
    other = UserFactory.create(
        username="staff_a3", display_name="吴网格", org_unit=township_a, role=Role.TOWNSHIP_STAFF
    )
    response = client_for(other).post(
        reverse("hazards:action", args=[awaiting.pk, "reinspect"]), {"passed": "0", "note": "未整改到位"}
    )
    assert alerts(response) == ["本局规定复查须由与整改报告人（陈网格，镇街工作人员）不同角色的人员完成。"]
    assert Hazard.objects.get(pk=awaiting.pk).status == S.AWAITING_REVIEW


def test_an_enterprise_user_is_refused_another_enterprises_hazard_in_words(township_a):
    mine = EnterpriseFactory.create(org_unit=township_a, name="城关精密铸造有限公司")
    theirs = EnterpriseFactory.create(org_unit=township_a, name="城关邻厂塑料制品有限公司")
    user = user_create(
        username="ent_a", password=PASSWORD, org_unit=None, role=Role.ENTERPRISE, display_name="张安全", enterprise=mine
    )
    hazard = HazardFactory.create(
        org_unit=township_a, enterprise=theirs, status=S.ASSIGNED, deadline=dt.date(2026, 12, 31)
    )
    with pytest.raises(TransitionError) as refused:
        hazard_rectify(acting_user=user, hazard=hazard, note="已清理")
    assert refused.value.messages == ["您的角色无权执行此操作。"]
