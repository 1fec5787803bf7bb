"""The permission matrix, built from the URLconf itself (pretix's test_permissions).

Two parts. The first walks the hazard loop in depth: every action URL of a hazard, for its own
township and for another. The second walks the whole URLconf (every app, the admin excepted)
once per kind of visitor against tests/permission_table.py; a URL without a row there fails.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from hazards.models import Hazard, HazardPhoto
from hazards.views.ledger import ACTION_FORMS
from tests.factories.hazards import HazardPhotoFactory
from tests.permission_table import TABLE, VISITORS
from tests.permission_world import (  # noqa: F401  (fixtures of the whole-URLconf matrix)
    bureau_unit,
    enforcement_records,
    flood_records,
    pair,
    partner,
    responsibility_records,
    today,
    world,
)

NAMESPACES = ("hazards", "org")
# Views that only answer POST; everything else is opened with GET.
POST_ONLY = {"hazards:action", "hazards:hints", "hazards:export", "hazards:import_confirm", "org:notifications_read"}


def _walk(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[tuple[str, str, tuple[str, ...]]]:
    """(name, route within its app, URL keywords) of every named URL in NAMESPACES, plus home."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in NAMESPACES or prefix:
                yield from _walk(entry.url_patterns, f"{prefix}{entry.namespace}:" if entry.namespace else prefix)
        elif isinstance(entry, URLPattern) and entry.name and (prefix or entry.name == "home"):
            yield f"{prefix}{entry.name}", str(entry.pattern), tuple(entry.pattern.converters)


Route = tuple[str, str, tuple[str, ...], str | None]  # name, route, URL keywords, action


def _routes() -> list[Route]:
    """One row per URL; the action URL becomes one row per action."""
    rows: list[Route] = []
    for name, route, kwargs in _walk(get_resolver().url_patterns):
        actions: list[str | None] = list(ACTION_FORMS) if "action" in kwargs else [None]
        rows.extend((name, route, kwargs, action) for action in actions)
    return rows


def _params(rows: list[Route]) -> list[pytest.ParameterSet]:
    return [pytest.param(*row, id=f"{row[0]}[{row[3]}]" if row[3] else row[0]) for row in rows]


ROUTES = _routes()
MATRIX = _params(ROUTES)
HAZARD_URLS = _params([row for row in ROUTES if row[0].startswith("hazards:") and row[1].startswith("<int:pk>")])


@pytest.fixture
def photo(township_a_hazard) -> HazardPhoto:
    return HazardPhotoFactory.create(hazard=township_a_hazard)


def url_for(name: str, kwargs: tuple[str, ...], action: str | None, hazard: Hazard, photo: HazardPhoto) -> str:
    known = {"pk": hazard.pk, "photo_pk": photo.pk, "action": action}
    return reverse(name, kwargs={key: known[key] for key in kwargs})


def request(client, name: str, url: str):
    return client.post(url) if name in POST_ONLY else client.get(url)


def test_the_matrix_covers_the_hazard_loop():
    names = {row[0] for row in ROUTES}
    assert {"home", "hazards:list", "hazards:create", "hazards:detail", "hazards:action", "org:notifications"} <= names
    assert len(HAZARD_URLS) >= 3 + len(ACTION_FORMS)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "route", "kwargs", "action"), MATRIX)
def test_anonymous_visitor_is_sent_to_the_login_page(client, township_a_hazard, photo, name, route, kwargs, action):
    response = request(client, name, url_for(name, kwargs, action, township_a_hazard, photo))
    assert response.status_code == 302
    assert response.url.startswith(f"{reverse('login')}?next=")


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "route", "kwargs", "action"), HAZARD_URLS)
def test_township_staff_gets_404_for_every_url_of_another_townships_hazard(
    staff_b_client, township_a_hazard, photo, name, route, kwargs, action
):
    response = request(staff_b_client, name, url_for(name, kwargs, action, township_a_hazard, photo))
    township_a_hazard.refresh_from_db()
    assert response.status_code == 404
    assert township_a_hazard.status == Hazard.Status.REPORTED


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "route", "kwargs", "action"), HAZARD_URLS)
def test_the_hazards_own_township_is_not_refused_the_same_urls(
    staff_a_client, township_a_hazard, photo, name, route, kwargs, action
):
    # The other half of the row above: the 404s come from the scope, not from a wrong URL.
    response = request(staff_a_client, name, url_for(name, kwargs, action, township_a_hazard, photo))
    assert response.status_code in (200, 302, 400)


# --- The whole URLconf × every kind of visitor --------------------------------------------------------------
# The tests above walk the hazard loop in depth (every action); the matrix below walks every URL of every app
# once per visitor, against the expectations written down in tests/permission_table.py.


EXCLUDED_NAMESPACES = {"admin"}  # Django's admin has its own permission system and tests
CLIENTS = {
    "anonymous": "client",
    "staff_own": "staff_a_client",
    "staff_other": "staff_b_client",
    "officer": "officer_client",
    "leader": "leader_client",
    "clerk": "clerk_client",
}
LOGIN = reverse("login")


def _every_url(patterns, namespace: str = ""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in EXCLUDED_NAMESPACES:
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _every_url(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}" if entry.name else str(entry.pattern)


def answer(response) -> str:
    """The matrix's letter for a response (tests/permission_table.py)."""
    code = response.status_code
    if code == 302 and response.url.startswith(f"{LOGIN}?"):
        return "L"
    if code in (403, 404):
        return {403: "D", 404: "H"}[code]
    if code in (200, 204, 301, 302, 400):
        return "O"
    return str(code)  # anything else (405, 500) matches no expectation


def _url(name: str, kwargs: dict[str, str], records: dict) -> str:
    values = {key: records[value[1:]].pk if value.startswith("@") else value for key, value in kwargs.items()}
    return reverse(name, kwargs=values)


def test_every_url_has_a_row_in_the_table():
    # A new view joins the URLconf: this fails until someone writes down who may open it.
    assert set(_every_url(get_resolver().url_patterns)) == set(TABLE)


def test_every_row_names_six_answers():
    assert {name for name, (_m, _k, codes) in TABLE.items() if len(codes.split()) != len(VISITORS)} == set()


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(TABLE))
def test_every_url_answers_every_visitor_as_the_table_says(request, name):
    """One URL, six visitors; each request rolls back, so a POST by one cannot change what the next sees."""
    method, kwargs, codes = TABLE[name]
    url = _url(name, kwargs, request.getfixturevalue("world"))
    answers = []
    for visitor in VISITORS:
        client = request.getfixturevalue(CLIENTS[visitor])
        with transaction.atomic():
            response = client.post(url) if method == "POST" else client.get(url)
            transaction.set_rollback(True)
        answers.append(answer(response))
    assert dict(zip(VISITORS, answers, strict=True)) == dict(zip(VISITORS, codes.split(), strict=True))
