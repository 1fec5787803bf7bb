"""Why the bulk re-inspection leaves a hazard open, as its confirmation page lists it.

Each refused hazard is a row of the "will not be closed" list with the reason in Chinese: changed since the
list was checked, separation of duties (the rectifier named as re-inspector, the person who recorded it, the
bureau's rule), or a major hazard whose 五落实 is incomplete, naming the items missing.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from hazards import services
from hazards.models import Hazard
from org.models import BureauSettings, Role
from tests.factories.hazards import HazardFactory
from tests.factories.org import UserFactory

pytestmark = pytest.mark.django_db

S = Hazard.Status
MAY_3 = dt.date(2026, 5, 3)
URL = reverse("hazards:bulk_close")


@pytest.fixture
def colleague(township_a):
    """A second worker of 城关街道, who recorded the hazards."""
    return UserFactory.create(username="staff_a2", display_name="周网格", org_unit=township_a, role=Role.TOWNSHIP_STAFF)


def awaiting(unit, rectifier, **fields) -> Hazard:
    """Awaiting re-inspection, its rectification reported by ``rectifier``."""
    defaults = {"found_on": dt.date(2026, 3, 10), "rectified_on": dt.date(2026, 4, 20), "rectified_by": rectifier}
    return HazardFactory.create(org_unit=unit, status=S.AWAITING_REVIEW, **{**defaults, **fields})


def pick(client, hazards):
    return client.post(URL, {"step": "pick", "ids": [h.pk for h in hazards]})


def confirm(client, response, **fields):
    """Post the confirmation page back as shown, with the fields changed."""
    form = response.context["form"]
    data = {
        "step": "confirm",
        "closed_on": MAY_3.isoformat(),
        "reinspector": form["reinspector"].value(),
        "note": "集中复查合格",
        "rows": form["rows"].value(),
        "reason": "",
    }
    data.update(fields)
    return client.post(URL, data)


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html).strip()


def refused(response) -> list[tuple[str, str]]:
    """The list of hazards left open: (place, why) of each row."""
    html = response.content.decode()
    if "data-bulk-refused" not in html:
        return []
    table = html.split("data-bulk-refused", 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>", 1)[1], flags=re.S)
    cells = [re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S) for row in rows]
    return [(_text(c[0]), _text(c[-1])) for c in cells]


def test_a_hazard_saved_by_someone_else_since_the_check_is_listed_as_changed(
    township_a, township_a_staff, officer_client
):
    kept = awaiting(township_a, township_a_staff, place_name="青石建材")
    edited = awaiting(township_a, township_a_staff, place_name="晨光五金")
    checked = pick(officer_client, [kept, edited])
    Hazard.objects.filter(pk=edited.pk).update(version=edited.version + 1)  # saved by someone else meanwhile
    done = confirm(officer_client, checked)
    assert refused(done) == [("晨光五金", "您核对清单后，该隐患已被他人修改，请重新核对。")]
    assert Hazard.objects.get(pk=kept.pk).status == S.CLOSED


def test_a_hazard_saved_many_times_before_the_check_closes_on_confirmation(
    township_a, township_a_staff, officer_client
):
    hazard = awaiting(township_a, township_a_staff)
    # Edited before the check: a version no hazard's ID equals, so it is looked up by the hazard, not the version.
    Hazard.objects.filter(pk=hazard.pk).update(version=hazard.pk + 10)
    done = confirm(officer_client, pick(officer_client, [hazard]))
    assert refused(done) == []
    assert Hazard.objects.get(pk=hazard.pk).status == S.CLOSED


def test_a_hazard_the_confirmation_carries_no_version_for_counts_as_unchanged(township_a, township_a_staff, officer):
    seen, unlisted = awaiting(township_a, township_a_staff), awaiting(township_a, township_a_staff)
    result = services.hazard_bulk_close(
        acting_user=officer,
        hazards=[seen.pk, unlisted.pk],
        closed_on=MAY_3,
        reinspector="",
        versions={seen.pk: seen.version},
    )
    assert result.refused == []
    assert set(Hazard.objects.values_list("status", flat=True)) == {S.CLOSED}


def test_the_rectifier_named_as_reinspector_leaves_the_hazard_open_with_why(
    township_a, township_a_staff, officer_client
):
    hazard = awaiting(township_a, township_a_staff, place_name="青石建材")
    done = confirm(officer_client, pick(officer_client, [hazard]), reinspector="陈网格")
    assert refused(done) == [("青石建材", "所填复查人即整改报告人（陈网格），须由他人复查。")]
    assert Hazard.objects.get(pk=hazard.pk).status == S.AWAITING_REVIEW


def test_the_person_who_recorded_a_hazard_may_not_close_it_in_bulk(township_a, township_a_staff, colleague, client_for):
    hazard = awaiting(township_a, township_a_staff, finder=colleague, place_name="青石建材")
    checked = pick(client_for(colleague), [hazard])
    assert refused(checked) == [("青石建材", "您登记了本隐患，不能自己通过其复查；请由他人复查销号。")]


def test_under_another_role_a_colleague_of_the_rectifiers_role_may_not_close_in_bulk(
    township_a, township_a_staff, city, client_for
):
    BureauSettings.objects.create(org_unit=city, reinspection_by=BureauSettings.Separation.ROLE)
    hazard = awaiting(township_a, township_a_staff, place_name="青石建材")
    other = UserFactory.create(
        username="staff_a3", display_name="吴网格", org_unit=township_a, role=Role.TOWNSHIP_STAFF
    )
    checked = pick(client_for(other), [hazard])
    assert refused(checked) == [
        ("青石建材", "本局规定复查须由与整改报告人（陈网格，镇街工作人员）不同角色的人员完成。")
    ]


MAJOR_WITHOUT_FUNDS_OR_PLAN = {
    "level": Hazard.Level.MAJOR,
    "five_person": "赵厂长",
    "five_measures": "加装泄爆片",
    "five_deadline": dt.date(2026, 6, 1),
}


def test_a_major_hazard_missing_some_of_its_five_in_place_is_listed_with_the_items_missing(
    township_a, township_a_staff, officer_client
):
    major = awaiting(township_a, township_a_staff, place_name="青石建材", **MAJOR_WITHOUT_FUNDS_OR_PLAN)
    checked = pick(officer_client, [major])
    assert refused(checked) == [
        ("青石建材", "重大事故隐患须完成五落实后方可销号，尚缺：落实治理资金（万元）、落实应急预案。")
    ]


def test_the_bulk_step_names_the_five_in_place_as_the_reason_code(township_a, township_a_staff, officer):
    major = awaiting(township_a, township_a_staff, **MAJOR_WITHOUT_FUNDS_OR_PLAN)
    result = services.hazard_bulk_close(acting_user=officer, hazards=[major.pk], closed_on=MAY_3, reinspector="")
    assert [r.code for r in result.refused] == ["five"]
