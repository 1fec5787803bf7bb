"""Login throttling, the content security policy, and the cookie and header settings (issue 9)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from tests.factories.org import PASSWORD

pytestmark = pytest.mark.django_db

# Templates a browser receives: everything except the WeasyPrint layouts, which never reach one.
SERVED = [
    path
    for root in (settings.BASE_DIR / "templates", *settings.BASE_DIR.glob("*/templates"))
    for path in Path(root).rglob("*.html")
    if "pdf" not in str(path.relative_to(root))
]
INLINE = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
    "inline style attribute": re.compile(r"\sstyle\s*=", re.I),
}


def _wrong_logins(client, username: str, times: int) -> None:
    for _ in range(times):
        client.post(reverse("login"), {"username": username, "password": "wrong-password"})


@override_settings(AXES_ENABLED=True)
def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(client, township_a_staff):
    _wrong_logins(client, "staff_a", settings.AXES_FAILURE_LIMIT)

    response = client.post(reverse("login"), {"username": "staff_a", "password": PASSWORD})

    assert response.status_code == 429
    assert "登录已暂时锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


@override_settings(AXES_ENABLED=True)
def test_a_locked_username_does_not_lock_a_colleague_at_the_same_address(client, township_a_staff, township_b_staff):
    _wrong_logins(client, "staff_a", settings.AXES_FAILURE_LIMIT)

    response = client.post(reverse("login"), {"username": "staff_b", "password": PASSWORD})

    assert response.status_code == 302


@override_settings(AXES_ENABLED=True)
def test_a_few_typos_do_not_lock_anyone_out(client, township_a_staff):
    _wrong_logins(client, "staff_a", settings.AXES_FAILURE_LIMIT - 1)

    response = client.post(reverse("login"), {"username": "staff_a", "password": PASSWORD})

    assert response.status_code == 302


def test_every_page_forbids_inline_script_and_framing(staff_a_client):
    policy = staff_a_client.get(reverse("hazards:list")).headers["Content-Security-Policy"]

    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in policy


@pytest.mark.parametrize("rule", list(INLINE))
def test_no_served_template_carries_inline_script_or_style(rule):
    # The CSP would refuse them in the browser; this names the template before anyone has to find it there.
    offenders = [str(path) for path in SERVED if INLINE[rule].search(path.read_text())]
    assert offenders == []


def test_session_and_csrf_cookies_are_not_readable_by_script(client):
    response = client.get(reverse("login"))

    assert response.cookies["csrftoken"]["httponly"]
    assert response.cookies["csrftoken"]["samesite"] == "Lax"
    assert settings.SESSION_COOKIE_HTTPONLY


PROD_PROBE = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({k: getattr(s, k) for k in ('SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', "
    "'SECURE_HSTS_SECONDS', 'SECURE_SSL_REDIRECT', 'DEBUG')}))"
)


def test_production_settings_send_cookies_over_https_only_and_ask_for_hsts():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "safetyportal.settings.prod",
        "DJANGO_SECRET_KEY": "x" * 60,
        "DJANGO_ALLOWED_HOSTS": "portal.example.gov.cn",
    }
    out = subprocess.run(
        [sys.executable, "-c", PROD_PROBE], env=env, capture_output=True, text=True, check=True, cwd=settings.BASE_DIR
    )
    probe = json.loads(out.stdout.strip().splitlines()[-1])

    assert probe == {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_SSL_REDIRECT": True,
        "DEBUG": False,
    }
