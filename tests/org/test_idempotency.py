"""A create form posted twice (a double tap, a retried request, an offline entry sent again) saves once."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from hazards.models import Hazard
from org.idempotency import FIELD, IdempotencyKey
from tests.factories.hazards import hazard_form_data

pytestmark = pytest.mark.django_db

KEY = "3f1c2a9e-5b7d-4c1e-9a8f-0123456789ab"


def _key(page: str) -> str:
    found = re.search(rf'name="{FIELD}" value="([^"]+)"', page)
    assert found is not None, "no idempotency key in the form"
    return found.group(1)


def post(client, township, **extra):
    return client.post(reverse("hazards:create"), hazard_form_data(township, **{FIELD: KEY, **extra}))


def test_the_same_entry_posted_twice_saves_one_hazard(staff_a_client, township_a):
    post(staff_a_client, township_a)
    post(staff_a_client, township_a)
    assert Hazard.objects.count() == 1


def test_the_second_post_is_sent_to_the_first_hazard(staff_a_client, township_a):
    first = post(staff_a_client, township_a)
    second = post(staff_a_client, township_a)
    assert second.status_code == 302
    assert second["Location"] == first["Location"] == reverse("hazards:detail", args=[Hazard.objects.get().pk])


def test_the_second_post_says_it_was_not_saved_again(staff_a_client, township_a):
    post(staff_a_client, township_a)
    data = hazard_form_data(township_a, **{FIELD: KEY})
    response = staff_a_client.post(reverse("hazards:create"), data, follow=True)
    assert "该表单已提交过，未重复保存。" in response.content.decode()


def test_a_key_sent_by_another_user_is_not_theirs(staff_a_client, staff_b_client, township_a, township_b):
    post(staff_a_client, township_a)
    response = post(staff_b_client, township_b)
    mine = Hazard.objects.get(org_unit=township_b)
    assert response["Location"] == reverse("hazards:detail", args=[mine.pk])
    assert Hazard.objects.count() == 2


def test_a_refused_post_releases_its_key_for_the_corrected_form(staff_a_client, township_a):
    refused = post(staff_a_client, township_a, description="")
    post(staff_a_client, township_a)
    assert refused.status_code == 200
    assert Hazard.objects.count() == 1


def test_a_refused_post_keeps_its_key_in_the_form_shown_again(staff_a_client, township_a):
    html = post(staff_a_client, township_a, description="").content.decode()
    assert re.search(rf'name="{FIELD}" value="{KEY}"', html)
    assert not IdempotencyKey.objects.exists()


def test_each_rendering_of_the_entry_form_carries_a_new_key(staff_a_client):
    keys = [_key(staff_a_client.get(reverse("hazards:create")).content.decode()) for _ in range(2)]
    assert keys[0] != keys[1]


def test_a_post_without_a_key_still_saves(staff_a_client, township_a):
    staff_a_client.post(reverse("hazards:create"), hazard_form_data(township_a))
    staff_a_client.post(reverse("hazards:create"), hazard_form_data(township_a))
    assert Hazard.objects.count() == 2
