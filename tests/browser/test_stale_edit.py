"""Two people editing one record in the browser (issue 17): the second save shows the merge view, on a phone too.

The refused save is a plain form post answered 409 (org/versioning.py): the page is shown like any other, names
who changed what and keeps what the second person typed; nothing scrolls sideways at 375 px, and the browser
logs no fault.
"""

from __future__ import annotations

import pytest

from floodprep.models import RescueTeam
from org.models import Role
from tests.browser.conftest import DESK, PHONE
from tests.factories.floodprep import RescueTeamFactory
from tests.factories.org import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _open_edit(tab, team: RescueTeam) -> None:
    tab.goto(f"/floodprep/teams/{team.pk}/edit/")


def _save(tab, equipment: str):
    tab.page.fill("#id_equipment", equipment)
    with tab.page.expect_navigation() as navigation:
        tab.page.click("main button[type=submit]")
    return navigation.value


@pytest.mark.parametrize(("label", "viewport"), [("phone", PHONE), ("desk", DESK)])
def test_the_second_of_two_browser_edits_gets_the_merge_view(journey, township_a, township_a_staff, label, viewport):
    UserFactory.create(username="colleague", display_name="周同事", org_unit=township_a, role=Role.TOWNSHIP_STAFF)
    team = RescueTeamFactory.create(org_unit=township_a, name="城关防汛抢险队", members=20)
    mine, theirs = journey(f"stale-{label}-mine", viewport), journey(f"stale-{label}-theirs", viewport)
    mine.log_in(township_a_staff.username)
    theirs.log_in("colleague")
    _open_edit(mine, team)
    _open_edit(theirs, team)
    _save(theirs, "冲锋舟2艘、抽水泵4台")

    answer = _save(mine, "冲锋舟3艘")
    mine.shot("merge-view")

    page = mine.page
    assert answer.status == 409
    assert "周同事" in page.inner_text("main")
    assert page.input_value("#id_equipment") == "冲锋舟3艘"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
