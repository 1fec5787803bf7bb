"""Integration tests talk to real services. Locally a missing service skips
them; under CI (CI or REQUIRE_SERVICES set) it fails the run instead."""

from __future__ import annotations

import os
import uuid

import pytest
import redis
from django.conf import settings

from tests.reports.conftest import half_year  # noqa: F401  (the hand-counted half year)

# One per test process: Celery caches its queue set on first use.
TEST_QUEUE = f"test-{uuid.uuid4().hex[:12]}"
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


@pytest.fixture
def real_worker(broker_url):
    """A real Celery worker thread consuming from the real Redis broker."""
    from celery.contrib.testing.worker import start_worker

    from safetyportal.celery import app

    # Eager mode is the test default; these tests want the real round trip. A queue of
    # its own keeps another test run on the same Redis from taking these tasks.
    app.conf.update(
        broker_url=broker_url, result_backend=broker_url, task_always_eager=False, task_default_queue=TEST_QUEUE
    )
    _forget_connections(app)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield app
    finally:
        app.conf.update(task_always_eager=True, task_default_queue="celery")
        _forget_connections(app)


def _forget_connections(app) -> None:
    # Tasks run eagerly earlier in the session leave Celery holding a broker pool and
    # a disabled result backend built from the eager settings; drop both.
    app._after_fork()
    app._local.__dict__.pop("backend", None)
