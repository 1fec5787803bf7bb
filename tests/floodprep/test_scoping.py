"""Scope and roles for every floodprep URL, built from the URLconf (as the project's permission matrix is).

Another township's record answers 404 to every URL, read or write; roles that only read get 403 on writes.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from floodprep.models import ResponsiblePerson
from floodprep.views.records import KINDS
from tests.factories.floodprep import (
    RescueTeamFactory,
    ResponsiblePersonFactory,
    RiskInspectionFactory,
    RiskPointFactory,
    ShelterFactory,
    WarehouseFactory,
)

POST_ONLY = {
    "persons_export",
    "person_checkin",
    "inspection_counts",
    "inspection_link_hazard",
    "warehouse_stock",
    "persons_import_confirm",
}
# Which record each URL with a pk is about.
RECORD_OF = {
    "person": "person",
    "person_edit": "person",
    "person_checkin": "person",
    "risk_point": "risk_point",
    "risk_point_edit": "risk_point",
    "inspection": "inspection",
    "inspection_counts": "inspection",
    "inspection_link_hazard": "inspection",
    "warehouse": "warehouse",
    "warehouse_stock": "warehouse",
    "team_edit": "team",
    "shelter_edit": "shelter",
}
READ_ONLY_OK = {
    "readiness",
    "shortfalls",
    "persons_export",
    *(f"{slug}s" for slug in KINDS),
    "person",
    "risk_point",
    "inspection",
    "warehouse",
}


def _urls() -> list[tuple[str, tuple[str, ...]]]:
    resolver = get_resolver()
    found = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver) and entry.namespace == "floodprep":
            for pattern in entry.url_patterns:
                assert isinstance(pattern, URLPattern)
                assert pattern.name is not None
                found.append((pattern.name, tuple(pattern.pattern.converters)))
    return found


URLS = _urls()
WITH_PK = [name for name, kwargs in URLS if "pk" in kwargs]


def test_every_url_with_a_pk_is_in_the_matrix():
    assert set(WITH_PK) == set(RECORD_OF)


@pytest.fixture
def records_of_a(township_a, village_a) -> dict:
    return {
        "person": ResponsiblePersonFactory.create(org_unit=village_a),
        "risk_point": RiskPointFactory.create(org_unit=village_a),
        "inspection": RiskInspectionFactory.create(org_unit=township_a),
        "warehouse": WarehouseFactory.create(org_unit=township_a),
        "team": RescueTeamFactory.create(org_unit=township_a),
        "shelter": ShelterFactory.create(org_unit=township_a),
    }


def _request(client, name: str, pk: int | None = None):
    url = reverse(f"floodprep:{name}", kwargs={"pk": pk} if pk else None)
    return client.post(url) if name in POST_ONLY else client.get(url)


@pytest.mark.django_db
@pytest.mark.parametrize("name", WITH_PK)
def test_township_staff_get_404_for_another_townships_record(staff_b_client, records_of_a, name):
    response = _request(staff_b_client, name, records_of_a[RECORD_OF[name]].pk)
    assert response.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("name", WITH_PK)
def test_the_records_own_township_is_not_refused(staff_a_client, records_of_a, name):
    assert _request(staff_a_client, name, records_of_a[RECORD_OF[name]].pk).status_code in (200, 302, 400)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "kwargs"), URLS, ids=[name for name, _k in URLS])
def test_anonymous_visitor_is_sent_to_log_in(client, name, kwargs):
    url = reverse(f"floodprep:{name}", kwargs={"pk": 1} if "pk" in kwargs else None)
    response = client.post(url) if name in POST_ONLY else client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted({name for name, _k in URLS} - READ_ONLY_OK))
def test_readers_may_not_write(clerk_client, records_of_a, name):
    pk = records_of_a[RECORD_OF[name]].pk if name in RECORD_OF else None
    assert _request(clerk_client, name, pk).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(READ_ONLY_OK - set(RECORD_OF) - {"persons_export"}))
def test_readers_may_read(clerk_client, name):
    assert _request(clerk_client, name).status_code == 200


@pytest.mark.django_db
def test_a_unit_of_another_township_is_refused_in_a_form(staff_a_client, village_b):
    data = {"org_unit": village_b.pk, "level": "village", "post": "村书记", "name": "越界", "mobile": "13800001111"}
    response = staff_a_client.post(reverse("floodprep:person_create"), data)
    assert response.context["form"].errors["org_unit"]
    assert not ResponsiblePerson.objects.exists()


@pytest.mark.django_db
def test_a_record_cannot_be_moved_to_another_township(staff_a_client, records_of_a, township_b):
    team = records_of_a["team"]
    data = {"org_unit": township_b.pk, "name": team.name, "kind": team.kind, "members": 5, "is_active": "on"}
    staff_a_client.post(reverse("floodprep:team_edit", args=[team.pk]), data)
    team.refresh_from_db()
    assert team.org_unit.name == "城关街道"
