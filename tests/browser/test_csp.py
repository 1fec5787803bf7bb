"""The content security policy holds in a real browser: an injected inline script does not run."""

from __future__ import annotations

import pytest

from tests.browser.conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INJECT = """() => {
  const s = document.createElement('script');
  s.textContent = "document.body.dataset.injected = 'ran'";
  document.body.appendChild(s);
  return document.body.dataset.injected || 'refused';
}"""


def test_an_injected_inline_script_is_refused_by_the_browser(journey):
    tab = journey("csp", PHONE)
    tab.goto("/accounts/login/")

    outcome = tab.page.evaluate(INJECT)

    assert outcome == "refused"
    assert any("Content Security Policy" in fault for fault in tab.faults)
    tab.faults.clear()  # the refusal is what this test wanted to see
