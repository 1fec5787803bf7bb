"""Sessions in Redis in front of the database (CACHE_URL=redis://… in production): a page reads its
session without a query, and a session logged out is gone for every worker, not just the one that
logged it out (which is why a per-process cache is never used for sessions)."""

from __future__ import annotations

import pytest
import redis
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_sessions(broker_url):
    # Another database number than the broker's; emptied before and after.
    url = broker_url.rsplit("/", 1)[0] + "/14"
    redis.Redis.from_url(url).flushdb()
    cache = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}
    with override_settings(CACHES=cache, SESSION_ENGINE="django.contrib.sessions.backends.cached_db"):
        yield url
    redis.Redis.from_url(url).flushdb()


def test_a_signed_in_page_reads_its_session_from_redis_and_a_logout_ends_it_everywhere(
    redis_sessions, township_a_staff
):
    township_a_staff.set_password("Pw-2026-safe")
    township_a_staff.save()
    worker_one = Client()
    response = worker_one.post(reverse("login"), {"username": township_a_staff.username, "password": "Pw-2026-safe"})
    assert response.status_code == 302
    cookie = worker_one.cookies["sessionid"].value
    assert redis.Redis.from_url(redis_sessions).keys("*" + cookie)  # written through to Redis

    with CaptureQueriesContext(connection) as captured:
        page = worker_one.get(reverse("hazards:list"))
    assert page.status_code == 200
    assert not [q for q in captured.captured_queries if "django_session" in q["sql"]]

    # Another worker (another client with the same cookie) is signed in by the same session ...
    worker_two = Client()
    worker_two.cookies["sessionid"] = cookie
    assert worker_two.get(reverse("hazards:list")).status_code == 200
    # ... and after the logout in the first, the cookie opens nothing in either.
    worker_one.post(reverse("logout"))
    assert not redis.Redis.from_url(redis_sessions).keys("*" + cookie)
    again = worker_two.get(reverse("hazards:list"))
    assert again.status_code == 302
    assert again["Location"].startswith(reverse("login"))


def _session_engine(**env: str) -> str:
    """The session engine the portal's settings choose for this environment (a fresh process reads them)."""
    import os
    import subprocess
    import sys

    from django.conf import settings

    environ = {k: v for k, v in os.environ.items() if k != "CACHE_URL"}
    environ.update(DJANGO_SETTINGS_MODULE="safetyportal.settings.dev", **env)
    out = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.SESSION_ENGINE)"],
        cwd=settings.BASE_DIR,
        env=environ,
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip()


def test_redis_in_cache_url_puts_sessions_in_front_of_the_database_and_nothing_else_does():
    assert _session_engine(CACHE_URL="redis://127.0.0.1:6379/1") == "django.contrib.sessions.backends.cached_db"
    assert _session_engine(CACHE_URL="locmemcache://") == "django.contrib.sessions.backends.db"
    assert _session_engine() == "django.contrib.sessions.backends.db"
