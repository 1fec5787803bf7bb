"""Under CI the suite runs on PostgreSQL, not the embedded SQLite."""

from __future__ import annotations

import pytest
from django.db import connection

from tests.integration.conftest import REQUIRED

pytestmark = pytest.mark.integration


@pytest.mark.django_db
def test_ci_runs_on_postgresql():
    if not REQUIRED:
        pytest.skip("only required under CI")
    assert connection.vendor == "postgresql"
