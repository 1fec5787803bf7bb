"""The hazard form suggests criteria while the description is typed; the user picks one, or none."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.browser.conftest import PHONE, SHOTS

DESCRIPTION = "打磨车间粉尘较多，干式除尘系统未设置泄爆装置"


@pytest.mark.parametrize(("name", "viewport"), [("phone", PHONE), ("desk", {"width": 1366, "height": 900})])
def test_typing_a_dust_hazard_offers_the_dust_clauses_and_picks_only_the_one_clicked(
    journey, township_a_staff, name, viewport
):
    call_command("load_criteria", stdout=open("/dev/null", "w"))  # noqa: SIM115
    tab = journey(f"criterion-suggestions-{name}", viewport)
    tab.log_in(township_a_staff.username)
    tab.goto(reverse("hazards:create"))
    page = tab.page
    page.fill("#id_description", DESCRIPTION)
    page.dispatch_event("#id_description", "input")
    page.wait_for_selector("#criterion-suggestions [data-criterion]")
    page.locator("#criterion-suggestions").scroll_into_view_if_needed()
    assert page.input_value("#id_criterion") == ""  # offered, not chosen
    assert "第十一条第（三）项" in page.inner_text("#criterion-suggestions")
    page.screenshot(path=str(SHOTS / f"criterion-suggestions-{name}-{viewport['width']}.png"), full_page=False)
    page.click("#criterion-suggestions [data-criterion]:first-child")
    assert page.input_value("#id_criterion") != ""
    assert "第十一条" in page.inner_text("#criterion-chosen")
