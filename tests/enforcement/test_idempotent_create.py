"""Every create form of the portal saves once per idempotency key (org.idempotency.IdempotentCreateMiddleware)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from enforcement.models import Inspection
from tests.factories.enforcement import inspection_form_data

pytestmark = pytest.mark.django_db

KEY = "7d0c5a4e-2b1f-4e8a-9c3d-abcdefabcdef"


def test_an_inspection_posted_twice_with_its_key_is_recorded_once(officer_client, township_a, bureau_unit, pair):
    data = {**inspection_form_data(township_a, bureau_unit, pair), "idempotency_key": KEY}
    first = officer_client.post(reverse("enforcement:inspection_create"), data)
    second = officer_client.post(reverse("enforcement:inspection_create"), data)
    assert Inspection.objects.count() == 1
    assert second["Location"] == first["Location"]


def test_two_inspections_with_different_keys_are_two(officer_client, township_a, bureau_unit, pair):
    for key in (KEY, KEY.replace("7", "8")):
        data = {**inspection_form_data(township_a, bureau_unit, pair), "idempotency_key": key}
        officer_client.post(reverse("enforcement:inspection_create"), data)
    assert Inspection.objects.count() == 2
