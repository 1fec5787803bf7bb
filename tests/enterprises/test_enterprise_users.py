"""Enterprise users (企业安全管理人员, issue 19): their own enterprise's assigned hazards and nothing else, the
rectification they report and the township re-inspects, and self-reports the township accepts or sends back."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from hazards.enterprise import enterprise_hazards
from hazards.models import Hazard, HazardPhoto, SelfReport
from hazards.selectors import hazard_figures
from hazards.services import TransitionError, hazard_rectify
from org.models import AuditEntry, Role, User
from org.periods import Period
from org.services import user_create
from tests.factories.enterprises import EnterpriseFactory
from tests.factories.hazards import HazardFactory, sector, tiny_png
from tests.factories.org import PASSWORD
from tests.permission_table import TABLE
from tests.permission_world import (  # noqa: F401  (fixtures of the whole-URLconf walk)
    bureau_unit,
    enforcement_records,
    flood_records,
    pair,
    partner,
    responsibility_records,
    today,
)
from tests.permission_world import world as world  # noqa: PLC0414  (the walk's records)
from tests.test_permission_matrix import _url

S = Hazard.Status
DEADLINE = dt.date(2026, 12, 31)


@pytest.fixture
def enterprise_a(township_a):
    return EnterpriseFactory.create(org_unit=township_a, name="城关精密铸造有限公司")


@pytest.fixture
def enterprise_other(township_a):
    # Same township: the township is no scope for an enterprise user, another enterprise there is no exception.
    return EnterpriseFactory.create(org_unit=township_a, name="城关邻厂塑料制品有限公司")


@pytest.fixture
def ent_user(enterprise_a) -> User:
    return user_create(
        username="ent_a",
        password=PASSWORD,
        org_unit=None,
        role=Role.ENTERPRISE,
        display_name="张安全",
        enterprise=enterprise_a,
    )


@pytest.fixture
def ent_client(ent_user, client_for):
    return client_for(ent_user)


def _hazard(township, enterprise, status=S.ASSIGNED, **extra) -> Hazard:
    if status != S.REPORTED:
        extra.setdefault("deadline", DEADLINE)
        extra.setdefault("responsible_unit", enterprise.name)
    return HazardFactory.create(
        org_unit=township,
        enterprise=enterprise,
        place_name=enterprise.name,
        status=status,
        description=extra.pop("description", f"{enterprise.name}的隐患"),
        **extra,
    )


@pytest.fixture
def own(township_a, enterprise_a):
    return {
        "assigned": _hazard(township_a, enterprise_a, description="配电箱前堆放杂物"),
        "reported": _hazard(township_a, enterprise_a, S.REPORTED, description="尚未交办的隐患"),
    }


@pytest.fixture
def theirs(township_a, enterprise_other):
    return _hazard(township_a, enterprise_other, description="邻厂的隐患")


# Where an enterprise user may go: their account's pages and their own portal.
OPEN_TO_THEM = {
    "home",
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "set_language",
    "service_worker",
    "healthz",
    "org:notifications",
    "org:notifications_read",
    "hazards:enterprise_home",
    "hazards:enterprise_self_report",
}


@pytest.mark.django_db
def test_enterprise_user_is_refused_every_url_of_the_portal_but_their_own(world, ent_client, own, theirs):
    """The whole URLconf (the matrix's table, every URL has a row) walked as an enterprise user: the world's
    records are township A's, the enterprise's own township, and none of them is theirs."""
    answers = {}
    # Logging out last: it ends the session the walk goes on with.
    for name, (method, kwargs, _codes) in sorted(TABLE.items(), key=lambda item: item[0] == "logout"):
        url = _url(name, kwargs, world)
        with transaction.atomic():
            response = ent_client.post(url) if method == "POST" else ent_client.get(url)
            transaction.set_rollback(True)
        answers[name] = response.status_code
    refused = {name for name, code in answers.items() if code in (403, 404)}
    assert set(TABLE) - refused == OPEN_TO_THEM, {n: answers[n] for n in set(TABLE) - refused - OPEN_TO_THEM}
    # The township's hazard page by the enterprise portal's own URL: not theirs, so 404.
    assert answers["hazards:enterprise_hazard"] == 404


@pytest.mark.django_db
def test_enterprise_user_guessing_urls_of_other_records_gets_403_or_404(ent_client, own, theirs):
    codes = [
        ent_client.get(reverse("hazards:enterprise_hazard", args=[theirs.pk])).status_code,
        ent_client.get(reverse("hazards:enterprise_hazard", args=[own["reported"].pk])).status_code,
        ent_client.get(reverse("hazards:detail", args=[own["assigned"].pk])).status_code,
        ent_client.get(reverse("enterprises:detail", args=[own["assigned"].enterprise_id])).status_code,
        ent_client.get("/hazards/?status=assigned").status_code,
    ]
    assert codes == [404, 404, 403, 403, 403]


@pytest.mark.django_db
def test_home_lists_only_their_enterprises_assigned_hazards(ent_client, own, theirs, django_assert_num_queries):
    response = ent_client.get("/", follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("hazards:enterprise_home")
    assert "配电箱前堆放杂物" in html
    assert "尚未交办的隐患" not in html
    assert "邻厂的隐患" not in html
    with django_assert_num_queries(7):  # session, user, enterprise, hazards, self-reports, to-do (2), notices
        ent_client.get(reverse("hazards:enterprise_home"))


@pytest.mark.django_db
def test_home_todo_counts_the_hazards_to_rectify(ent_client, own, theirs):
    html = ent_client.get(reverse("hazards:enterprise_home")).content.decode()
    line = html.split('data-todo-line="ent_to_rectify"')[1].split("</a>")[0]
    assert "data-todo-count>1<" in line


@pytest.mark.django_db
def test_visible_to_gives_an_enterprise_user_no_township_record(ent_user, own, theirs):
    assert Hazard.objects.visible_to(ent_user).count() == 0
    assert set(enterprise_hazards(user=ent_user)) == {own["assigned"]}


@pytest.mark.django_db
def test_an_enterprise_user_needs_an_enterprise(township_a):
    with pytest.raises(ValidationError):
        user_create(username="ent_x", password="x", org_unit=township_a, role=Role.ENTERPRISE)


@pytest.mark.django_db
def test_service_refuses_rectifying_another_enterprises_hazard(ent_user, theirs):
    with pytest.raises(TransitionError):
        hazard_rectify(acting_user=ent_user, hazard=theirs, note="已清理")
    theirs.refresh_from_db()
    assert theirs.status == S.ASSIGNED


@pytest.mark.django_db
def test_rectification_reported_by_the_enterprise_is_re_inspected_by_township_staff(
    ent_client, staff_a_client, own, ent_user
):
    hazard = own["assigned"]
    url = reverse("hazards:enterprise_hazard", args=[hazard.pk])
    assert "整改" in ent_client.get(url).content.decode()
    response = ent_client.post(
        url, {"note": "杂物已全部清走，划定禁放区", "photos": tiny_png(), "rectified_on": "", "version": hazard.version}
    )
    assert response.status_code == 302
    hazard.refresh_from_db()
    assert (hazard.status, hazard.rectified_by, hazard.rectification_note) == (
        S.AWAITING_REVIEW,
        ent_user,
        "杂物已全部清走，划定禁放区",
    )
    assert hazard.photos.filter(kind=HazardPhoto.Kind.AFTER, uploaded_by=ent_user).count() == 1
    # The township sees it awaiting re-inspection and closes it; the enterprise may not re-inspect.
    assert ent_client.post(reverse("hazards:action", args=[hazard.pk, "reinspect"]), {"passed": "1"}).status_code == 403
    response = staff_a_client.post(
        reverse("hazards:action", args=[hazard.pk, "reinspect"]),
        {"passed": "1", "reinspected_on": "", "note": "复查合格"},
    )
    assert response.status_code == 302
    hazard.refresh_from_db()
    assert hazard.status == S.CLOSED
    assert "已销号" in ent_client.get(reverse("hazards:enterprise_home")).content.decode()


@pytest.mark.django_db
def test_rectification_without_a_photo_is_refused_at_the_field_and_nothing_is_written(ent_client, own):
    hazard = own["assigned"]
    response = ent_client.post(
        reverse("hazards:enterprise_hazard", args=[hazard.pk]), {"note": "已清理", "version": hazard.version}
    )
    assert response.status_code == 400
    assert "请至少拍一张整改后的照片" in response.content.decode()
    hazard.refresh_from_db()
    assert hazard.status == S.ASSIGNED


@pytest.mark.django_db
def test_rectification_from_a_stale_page_is_refused(ent_client, own):
    hazard = own["assigned"]
    response = ent_client.post(
        reverse("hazards:enterprise_hazard", args=[hazard.pk]),
        {"note": "已清理", "photos": tiny_png(), "version": hazard.version - 1},
    )
    assert response.status_code == 409
    hazard.refresh_from_db()
    assert hazard.status == S.ASSIGNED


def _self_report(ent_client, **extra):
    data = {
        "sector": sector().pk,
        "place_name": "二号车间",
        "description": "粉尘除尘器泄爆口朝向人员通道",
        "found_on": "2026-11-20",
        "measures": "加装导流板",
    }
    return ent_client.post(reverse("hazards:enterprise_self_report"), {**data, **extra})


@pytest.mark.django_db
def test_self_report_counts_only_once_the_township_accepts_it(
    ent_client, staff_a_client, township_a_staff, enterprise_a
):
    period = Period(dt.date(2026, 7, 1), dt.date(2026, 12, 31))
    assert _self_report(ent_client).status_code == 302
    report = SelfReport.objects.get()
    assert report.status == SelfReport.Status.PENDING
    assert hazard_figures(user=township_a_staff, period=period).found == 0
    assert "粉尘除尘器泄爆口" in staff_a_client.get(reverse("hazards:self_reports")).content.decode()
    response = staff_a_client.post(
        reverse("hazards:self_report_decide", args=[report.pk]),
        {"decision": "accept", "deadline": "2026-12-20", "version": report.version},
    )
    assert response.status_code == 302
    hazard = Hazard.objects.get()
    assert (hazard.source, hazard.enterprise, hazard.status) == (Hazard.Source.SELF_CHECK, enterprise_a, S.ASSIGNED)
    assert hazard_figures(user=township_a_staff, period=period).found == 1
    # Assigned to the enterprise: it is now theirs to rectify.
    assert "粉尘除尘器泄爆口" in ent_client.get(reverse("hazards:enterprise_hazard", args=[hazard.pk])).content.decode()
    assert AuditEntry.objects.filter(action="hazards.selfreport.accepted").count() == 1


@pytest.mark.django_db
def test_self_report_sent_back_shows_the_reason_to_the_enterprise(ent_client, staff_a_client):
    _self_report(ent_client)
    report = SelfReport.objects.get()
    decide = reverse("hazards:self_report_decide", args=[report.pk])
    refused = staff_a_client.post(decide, {"decision": "return", "reason": "", "version": report.version})
    assert refused.status_code == 400
    assert "说明退回原因" in refused.content.decode()
    staff_a_client.post(decide, {"decision": "return", "reason": "描述不清，请补充具体位置", "version": report.version})
    html = ent_client.get(reverse("hazards:enterprise_home")).content.decode()
    assert "描述不清，请补充具体位置" in html
    assert Hazard.objects.count() == 0


@pytest.mark.django_db
def test_other_townships_staff_cannot_decide_a_self_report(ent_client, staff_b_client):
    _self_report(ent_client)
    report = SelfReport.objects.get()
    response = staff_b_client.post(
        reverse("hazards:self_report_decide", args=[report.pk]), {"decision": "accept", "version": report.version}
    )
    assert response.status_code == 404
    assert SelfReport.objects.get().status == SelfReport.Status.PENDING


@pytest.mark.django_db
def test_self_report_dated_in_the_future_is_refused_at_the_field(ent_client):
    response = _self_report(ent_client, found_on="2099-01-01")
    assert response.status_code == 400
    assert "不能晚于今天" in response.content.decode() or "不能是将来" in response.content.decode()
    assert SelfReport.objects.count() == 0
