"""Nothing scrolls sideways on a 375-px phone: every page a field role can open, measured in Chromium.

The pages are the URLconf's own, read from tests/permission_table.py: every GET URL that township staff of the
record's township may open, opened as them, and every further one an officer may open, opened as the officer.
Each URL names a fixture record of its kind (tests/permission_world.py). Files (workbooks, PDFs, photos) are
not pages and are left out by their content type.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import PHONE
from tests.permission_table import TABLE, VISITORS
from tests.permission_world import (  # noqa: F401  (fixtures of the URLconf's records)
    bureau_unit,
    enforcement_records,
    flood_records,
    pair,
    partner,
    responsibility_records,
    today,
    world,
)
from tests.test_permission_matrix import _url

pytestmark = pytest.mark.browser

STAFF, OFFICER = VISITORS.index("staff_own"), VISITORS.index("officer")
GET_PAGES = {name: (kwargs, codes.split()) for name, (method, kwargs, codes) in TABLE.items() if method == "GET"}
STAFF_PAGES = sorted(name for name, (_k, codes) in GET_PAGES.items() if codes[STAFF] == "O")
OFFICER_PAGES = sorted(name for name, (_k, codes) in GET_PAGES.items() if codes[OFFICER] == "O" and codes[STAFF] != "O")
# Not pages of the portal's own: Django's login form is opened logged out, /healthz answers JSON.
SKIPPED = {"login", "healthz"}


def _overflow(tab, names: list[str], records: dict) -> tuple[list[str], int]:
    """The pages wider than the phone, as "name url: width", and how many pages were measured."""
    wide, measured = [], 0
    for name in names:
        if name in SKIPPED:
            continue
        url = _url(name, GET_PAGES[name][0], records)
        probe = tab.context.request.get(f"{tab.base_url}{url}")
        if probe.status != 200 or not probe.headers.get("content-type", "").startswith("text/html"):
            continue  # a download, or a redirect to one
        tab.goto(url)
        tab.page.wait_for_load_state("load")
        width = tab.page.evaluate("document.documentElement.scrollWidth")
        measured += 1
        if width > PHONE["width"]:
            tab.shot(name.replace(":", "-"))
            wide.append(f"{name} {url}: {width}px")
    return wide, measured


def test_no_page_a_field_user_opens_scrolls_sideways_on_a_phone(request, journey, township_a_staff, officer):
    # By name: the fixture is imported above, and a parameter would shadow the import.
    records = request.getfixturevalue("world")
    staff = journey("phone-scroll-staff", PHONE)
    staff.log_in("staff_a")
    wide, measured = _overflow(staff, STAFF_PAGES, records)
    officer_tab = journey("phone-scroll-officer", PHONE)
    officer_tab.log_in("officer")
    wide_too, measured_too = _overflow(officer_tab, OFFICER_PAGES, records)
    assert measured + measured_too > 60  # the sweep really opened the portal's pages
    assert wide + wide_too == []
