"""Integration tests talk to real services. Locally a missing service skips
them; under CI (CI or REQUIRE_SERVICES set) it fails the run instead."""

from __future__ import annotations

import os

import pytest
import redis
from django.conf import settings

REQUIRED = bool(os.environ.get("REQUIRE_SERVICES") or os.environ.get("CI"))


def service_missing(reason: str) -> None:
    if REQUIRED:
        pytest.fail(f"required service missing under CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def broker_url() -> str:
    url = settings.TEST_BROKER_URL
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        service_missing(f"Redis at {url}: {exc}")
    return url
