"""Two people filling the 五落实 of one major hazard: the second save is refused, the first's text kept."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hazards.models import Hazard
from tests.factories.hazards import HazardFactory

pytestmark = pytest.mark.django_db

FIRST = {
    "five_person": "赵厂长",
    "five_measures": "加装泄爆片，除尘器移至室外",
    "five_funds": "3.50",
    "five_deadline": "2026-12-31",
    "five_plan": "粉尘爆炸专项应急预案",
}
SECOND = {**FIRST, "five_person": "钱副厂长", "five_measures": "停产整顿"}


@pytest.fixture
def hazard(township_a) -> Hazard:
    return HazardFactory.create(org_unit=township_a, level=Hazard.Level.MAJOR, status=Hazard.Status.RECTIFYING)


def _opened_at(client, hazard: Hazard) -> int:
    return client.get(reverse("hazards:detail", args=[hazard.pk])).context["five_form"]["version"].value()


def _save_five(client, hazard: Hazard, version: int, data: dict):
    return client.post(reverse("hazards:action", args=[hazard.pk, "five"]), {**data, "version": version})


def test_the_five_form_carries_the_version_it_was_opened_at(staff_a_client, hazard):
    assert _opened_at(staff_a_client, hazard) == hazard.version


def test_the_second_of_two_five_saves_is_refused_and_the_first_kept(staff_a_client, officer_client, hazard):
    version = _opened_at(staff_a_client, hazard)
    assert _save_five(officer_client, hazard, version, FIRST).status_code == 302

    response = _save_five(staff_a_client, hazard, version, SECOND)

    hazard.refresh_from_db()
    assert response.status_code == 409
    assert (hazard.five_person, hazard.five_measures) == ("赵厂长", "加装泄爆片，除尘器移至室外")
    # The page shows the stored record next to the refused (still typed) form.
    page = response.content.decode()
    assert '<dd class="col-8">赵厂长</dd>' in page
    assert '<dd class="col-8">钱副厂长</dd>' not in page


def test_the_five_refusal_says_who_changed_what(staff_a_client, officer_client, officer, hazard):
    version = _opened_at(staff_a_client, hazard)
    _save_five(officer_client, hazard, version, FIRST)

    response = _save_five(staff_a_client, hazard, version, SECOND)

    message = " ".join(response.context["five_form"].non_field_errors())
    assert str(officer) in message
    assert "赵厂长" in message


def test_saving_the_five_again_after_the_refusal_applies_it(staff_a_client, officer_client, hazard):
    version = _opened_at(staff_a_client, hazard)
    _save_five(officer_client, hazard, version, FIRST)
    refused = _save_five(staff_a_client, hazard, version, SECOND)

    _save_five(staff_a_client, hazard, refused.context["five_form"]["version"].value(), SECOND)

    hazard.refresh_from_db()
    assert hazard.five_person == "钱副厂长"
