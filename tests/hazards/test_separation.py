"""Separation of duties (issue 18): whoever reported the rectification never re-inspects or closes it.

A bureau may ask for more (another role, another org level) on its settings page; the person who recorded
a hazard may send it back but not pass it. Driven through the pages, as the people involved drive it.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import Workbook

from hazards import services
from hazards.importers import ALL_COLUMNS, EXAMPLE, SHEET
from hazards.models import Hazard
from org.models import AuditEntry, BureauSettings, OrgUnit, Role
from tests.factories.hazards import HazardFactory
from tests.factories.org import OrgUnitFactory, UserFactory

pytestmark = pytest.mark.django_db

S = Hazard.Status
SEP = BureauSettings.Separation


def act(client, hazard: Hazard, action: str, data: dict | None = None):
    return client.post(reverse("hazards:action", args=[hazard.pk, action]), data or {})


@pytest.fixture
def colleague(township_a):
    """A second worker of 城关街道."""
    return UserFactory.create(username="staff_a2", display_name="周网格", org_unit=township_a, role=Role.TOWNSHIP_STAFF)


@pytest.fixture
def rectified(township_a, colleague, staff_a_client) -> Hazard:
    """Found by the colleague, rectification reported by 陈网格 (staff_a) through the page."""
    hazard = HazardFactory.create(
        org_unit=township_a,
        status=S.RECTIFYING,
        finder=colleague,
        found_on=dt.date(2026, 3, 10),
        responsible_unit="城关五金加工厂",
        deadline=dt.date(2026, 4, 10),
    )
    response = act(staff_a_client, hazard, "rectify", {"note": "纸箱已清走", "rectified_on": "2026-04-02"})
    assert response.status_code == 302
    hazard.refresh_from_db()
    return hazard


@pytest.fixture
def admin_client(city, client_for):
    return client_for(UserFactory.create(username="admin1", display_name="系统管理员", org_unit=city, role=Role.ADMIN))


def set_rule(admin_client, rule: str):
    page = admin_client.get(reverse("org:bureau_settings"))
    version = page.context["form"]["version"].value()
    return admin_client.post(reverse("org:bureau_settings"), {"reinspection_by": rule, "version": version})


def test_the_rectification_reporter_is_refused_her_own_reinspection_with_the_reason(rectified, staff_a_client):
    response = act(staff_a_client, rectified, "reinspect", {"passed": "1", "note": "复查合格"})
    assert response.status_code == 400
    assert "您报告了本隐患的整改，复查和销号须由他人完成" in response.content.decode()
    rectified.refresh_from_db()
    assert rectified.status == S.AWAITING_REVIEW


def test_the_rectification_reporter_may_not_fail_it_either(rectified, staff_a_client):
    response = act(staff_a_client, rectified, "reinspect", {"passed": "0", "note": "未整改到位"})
    assert response.status_code == 400
    assert not AuditEntry.objects.filter(target_id=rectified.pk, action="hazards.hazard.reinspect_fail").exists()


def test_another_staff_member_passes_the_reinspection(rectified, township_b, client_for, township_a):
    other = UserFactory.create(
        username="staff_a3", display_name="吴网格", org_unit=township_a, role=Role.TOWNSHIP_STAFF
    )
    response = act(client_for(other), rectified, "reinspect", {"passed": "1", "note": "复查合格"})
    assert response.status_code == 302
    rectified.refresh_from_db()
    assert (rectified.status, rectified.reinspector) == (S.CLOSED, "吴网格")


def test_the_reporter_is_not_offered_the_reinspection_and_is_told_why(rectified, staff_a_client):
    html = staff_a_client.get(reverse("hazards:detail", args=[rectified.pk])).content.decode()
    assert f"/hazards/{rectified.pk}/reinspect/" not in html
    assert "复查和销号须由他人完成" in html


def test_another_worker_is_offered_the_reinspection(rectified, officer_client):
    html = officer_client.get(reverse("hazards:detail", args=[rectified.pk])).content.decode()
    assert f"/hazards/{rectified.pk}/reinspect/" in html
    assert "data-duty-refusal" not in html


def test_the_person_who_recorded_the_hazard_may_send_it_back_but_not_pass_it(rectified, colleague, client_for):
    client = client_for(colleague)
    refused = act(client, rectified, "reinspect", {"passed": "1", "note": "复查合格"})
    assert "您登记了本隐患，不能自己通过其复查" in refused.content.decode()
    sent_back = act(client, rectified, "reinspect", {"passed": "0", "note": "指示标志仍未更换"})
    assert sent_back.status_code == 302
    rectified.refresh_from_db()
    assert rectified.status == S.RECTIFYING


def test_naming_the_reporter_as_the_reinspector_is_refused_at_that_field(rectified, officer_client):
    response = act(officer_client, rectified, "reinspect", {"passed": "1", "reinspector": "陈网格"})
    assert response.status_code == 400
    assert "reinspector" in response.context["reinspect_form"].errors


def test_under_another_role_a_colleague_of_the_same_role_is_refused(rectified, admin_client, client_for, township_a):
    assert set_rule(admin_client, SEP.ROLE).status_code == 302
    other = UserFactory.create(
        username="staff_a3", display_name="吴网格", org_unit=township_a, role=Role.TOWNSHIP_STAFF
    )
    response = act(client_for(other), rectified, "reinspect", {"passed": "1"})
    assert "须由与整改报告人（陈网格，镇街工作人员）不同角色的人员完成" in response.content.decode()


def test_under_another_role_an_officer_passes_it(rectified, admin_client, officer_client):
    set_rule(admin_client, SEP.ROLE)
    assert act(officer_client, rectified, "reinspect", {"passed": "1"}).status_code == 302


def test_under_another_level_an_officer_of_the_township_is_refused_and_one_of_the_city_passes(
    rectified, admin_client, client_for, township_a, officer_client
):
    set_rule(admin_client, SEP.LEVEL)
    local = UserFactory.create(username="officer_a", display_name="钱执法", org_unit=township_a, role=Role.OFFICER)
    refused = act(client_for(local), rectified, "reinspect", {"passed": "1"})
    assert "不同层级" in refused.content.decode()
    assert act(officer_client, rectified, "reinspect", {"passed": "1"}).status_code == 302


def test_a_district_keeps_its_own_rule_under_the_citys(rectified, admin_client, district_a, client_for, township_a):
    set_rule(admin_client, SEP.ROLE)
    BureauSettings.objects.create(org_unit=district_a, reinspection_by=SEP.PERSON)
    other = UserFactory.create(
        username="staff_a3", display_name="吴网格", org_unit=township_a, role=Role.TOWNSHIP_STAFF
    )
    assert act(client_for(other), rectified, "reinspect", {"passed": "1"}).status_code == 302


def test_changing_the_rule_is_audited_with_the_old_and_new_rule(admin_client, city):
    set_rule(admin_client, SEP.LEVEL)
    entry = AuditEntry.objects.get(action="org.bureau_settings.updated")
    assert (entry.data["from"], entry.data["reinspection_by"], entry.org_unit_id) == ("person", "level", city.pk)


def test_a_stale_settings_form_is_refused(admin_client):
    page = admin_client.get(reverse("org:bureau_settings"))
    version = page.context["form"]["version"].value()
    admin_client.post(reverse("org:bureau_settings"), {"reinspection_by": SEP.ROLE, "version": version})
    response = admin_client.post(reverse("org:bureau_settings"), {"reinspection_by": SEP.LEVEL, "version": version})
    assert response.status_code == 409
    assert BureauSettings.objects.get().reinspection_by == SEP.ROLE


def test_the_settings_page_shows_the_rule_in_chinese(admin_client):
    html = admin_client.get(reverse("org:bureau_settings")).content.decode()
    assert "复查和销号人员" in html
    assert "不同层级的人员" in html


def test_bulk_closing_leaves_the_reporters_own_rectifications_with_the_reason(rectified, township_a_staff, officer):
    result = services.hazard_bulk_close(
        acting_user=township_a_staff, hazards=[rectified.pk], closed_on=dt.date(2026, 5, 3), reinspector=""
    )
    refused = [(r.code, r.reason) for r in result.refused]
    assert refused == [("duties", "您报告了本隐患的整改，复查和销号须由他人完成。")]
    closed = services.hazard_bulk_close(
        acting_user=officer, hazards=[rectified.pk], closed_on=dt.date(2026, 5, 3), reinspector=""
    )
    assert [h.pk for h in closed.closed] == [rectified.pk]


def test_the_bulk_page_says_why_a_hazard_is_left(rectified, staff_a_client):
    response = staff_a_client.post(reverse("hazards:bulk_close"), {"step": "pick", "ids": [rectified.pk]})
    assert "复查和销号须由他人完成" in response.content.decode()


def _workbook(**cells) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET
    sheet.append([c.title for c in ALL_COLUMNS])
    row = dict(zip([c.name for c in ALL_COLUMNS], EXAMPLE, strict=True))
    row.update(cells)
    sheet.append([row[c.name] for c in ALL_COLUMNS])
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "ledger.xlsx"
    return out


def test_an_imported_history_with_one_person_rectifying_and_reinspecting_is_a_cell_error(township_a, staff_a_client):
    OrgUnitFactory.create(name="和平社区", code="TAV1", kind=OrgUnit.Kind.VILLAGE, parent=township_a)
    response = staff_a_client.post(reverse("hazards:import"), {"file": _workbook(reinspector="张三")}, follow=True)
    html = response.content.decode()
    assert "复查人即整改责任人（张三）" in html
    assert not Hazard.objects.exists()
