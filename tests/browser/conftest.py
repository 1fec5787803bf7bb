"""Real-browser journeys: Debian's Chromium driven by Playwright against pytest-django's live server.

One browser for the whole session, a fresh context (cookies, viewport) per test. Locally a
missing Chromium skips these tests; under CI (CI or REQUIRE_SERVICES set) it fails the run.
Every step leaves a screenshot in var/screenshots/, which CI keeps with the workspace.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

from reports.defaults import ensure_default_wording
from tests.factories.hazards import sector
from tests.factories.org import PASSWORD
from tests.integration.conftest import service_missing
from tests.reports.conftest import half_year  # noqa: F401  (the hand-counted half year)

# Playwright's sync API keeps an event loop in this thread; the ORM calls the tests make
# between browser steps are ordinary synchronous ones.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
PHONE = {"width": 375, "height": 812}
DESK = {"width": 1280, "height": 900}
# What the console may say without failing a journey: a missing favicon is not a fault, nor Chromium's note of a
# page answered 409: that is the merge view of a stale save (org/versioning.py), shown like any page.
HARMLESS = re.compile(r"favicon\.ico|the server responded with a status of 409 \(Conflict\)")


@pytest.fixture(scope="session")
def browser() -> Iterator:
    if not Path(CHROMIUM).exists():
        service_missing(f"Chromium not found at {CHROMIUM}: run `make setup`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _reference_rows(transactional_db) -> None:
    # live_server needs a transactional database, which flushes the rows data migrations made.
    for name in ("消防", "工贸", "建筑施工"):
        sector(name)
    ensure_default_wording()


class Journey:
    """A browser tab for one person, which screenshots each step and collects console faults."""

    def __init__(self, browser, base_url: str, name: str, viewport: dict[str, int]) -> None:
        self.context = browser.new_context(viewport=viewport, locale="zh-CN", accept_downloads=True)
        self.page = self.context.new_page()
        self.base_url = base_url
        self.name = name
        self.step = 0
        self.faults: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.faults.append(f"page error: {exc}"))
        SHOTS.mkdir(parents=True, exist_ok=True)

    def _console(self, message) -> None:
        text = message.text
        # CSP refusals arrive as console errors; so do script errors and failed fetches.
        if message.type == "error" and not HARMLESS.search(text + str(message.location)):
            self.faults.append(text)

    def goto(self, path: str) -> None:
        self.page.goto(f"{self.base_url}{path}")

    def shot(self, label: str) -> Path:
        self.step += 1
        path = SHOTS / f"{self.name}-{self.step:02d}-{label}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def log_in(self, username: str) -> None:
        self.goto("/accounts/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", PASSWORD)
        self.shot("login")
        with self.page.expect_navigation():
            self.page.click("main button[type=submit]")

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def journey(browser, live_server, request):
    """``journey(name, viewport)``: a logged-out tab; the test fails if the page logged a fault."""
    opened: list[Journey] = []

    def open_journey(name: str, viewport: dict[str, int]) -> Journey:
        tab = Journey(browser, live_server.url, name, viewport)
        opened.append(tab)
        return tab

    yield open_journey
    faults = [fault for tab in opened for fault in tab.faults]
    for tab in opened:
        tab.close()
    assert not faults, f"the browser reported faults (CSP refusals, script errors): {faults}"
