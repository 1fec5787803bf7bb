"""A roster entry posted twice with its key lands on the person saved the first time, not on an error."""

from __future__ import annotations

import pytest
from django.urls import reverse

from floodprep.models import ResponsiblePerson
from tests.floodprep.test_records import person_data

pytestmark = pytest.mark.django_db


def test_a_person_posted_twice_with_its_key_is_added_once_and_shown(staff_a_client, village_a):
    data = {**person_data(village_a), "idempotency_key": "5e9b7c1d-0a2f-4b3c-8d4e-0123456789ab"}
    staff_a_client.post(reverse("floodprep:person_create"), data)
    second = staff_a_client.post(reverse("floodprep:person_create"), data)
    assert second["Location"] == reverse("floodprep:person", args=[ResponsiblePerson.objects.get().pk])
