"""A hand-counted half year: 城关街道 found 4 hazards (3 closed by 30 June, one of
them major), 青山镇 found 2 (1 closed); one more hazard falls outside the period.

By hand: found 6, rectified 4, rate 4/6 = 66.7%, major 1 found and rectified.
"""

from __future__ import annotations

import datetime as dt

import pytest

from hazards.models import Hazard
from tests.factories.hazards import HazardFactory

CLOSED = Hazard.Status.CLOSED


@pytest.fixture
def half_year(township_a, township_b):
    d = dt.date
    HazardFactory.create(org_unit=township_a, found_on=d(2026, 1, 10), status=CLOSED, closed_on=d(2026, 1, 20))
    HazardFactory.create(org_unit=township_a, found_on=d(2026, 2, 10), status=CLOSED, closed_on=d(2026, 3, 1))
    HazardFactory.create(
        org_unit=township_a, found_on=d(2026, 3, 10), status=CLOSED, closed_on=d(2026, 4, 1), level=Hazard.Level.MAJOR
    )
    HazardFactory.create(
        org_unit=township_a,
        found_on=d(2026, 5, 10),
        status=Hazard.Status.RECTIFYING,
        deadline=d(2026, 5, 30),
        responsible_unit="某公司",
    )
    HazardFactory.create(org_unit=township_b, found_on=d(2026, 4, 2), status=CLOSED, closed_on=d(2026, 4, 9))
    # Closed only after the period: found, not rectified, in the first half.
    HazardFactory.create(org_unit=township_b, found_on=d(2026, 6, 20), status=CLOSED, closed_on=d(2026, 7, 3))
    # Found in the second half: not counted.
    HazardFactory.create(org_unit=township_b, found_on=d(2026, 7, 5))
