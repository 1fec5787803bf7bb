"""Ids and codes typed or posted are ASCII digits only (org/ids.py): "²" and full-width "３" are not."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from org.divisions import validate_division_code


@pytest.mark.parametrize("value", ["²", "１２", "٣"])
def test_a_new_inspection_opened_for_a_strange_enterprise_id_is_an_empty_form(officer_client, value):
    response = officer_client.get(reverse("enforcement:inspection_create"), {"enterprise": value})
    assert response.status_code == 200
    assert "data-visit-warning" not in response.content.decode()


def test_the_visit_warnings_take_no_strange_ids(officer_client):
    response = officer_client.get(
        reverse("enforcement:inspection_visit_warnings"), {"org_unit": "²", "issuer": "²", "inspection": "²"}
    )
    assert response.status_code == 200


def test_a_division_code_in_full_width_digits_is_refused():
    with pytest.raises(ValidationError, match="6"):
        validate_division_code("district", "３３９９０１")
