"""The permission matrix, built from the URLconf itself (pretix's test_permissions).

A URL added to the hazards or org apps joins the matrix without anyone editing this file;
a URL with a keyword this file cannot fill fails loudly until it is taught how.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from hazards.models import Hazard, HazardPhoto
from hazards.views.ledger import ACTION_FORMS
from tests.factories.hazards import HazardPhotoFactory

NAMESPACES = ("hazards", "org")
# Views that only answer POST; everything else is opened with GET.
POST_ONLY = {"hazards:action", "hazards:hints", "hazards:export", "hazards:import_confirm", "org:notifications_read"}


def _walk(patterns, prefix: str = ""):
    """(name, route within its app, URL keywords) of every named URL in NAMESPACES, plus home."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in NAMESPACES or prefix:
                yield from _walk(entry.url_patterns, f"{prefix}{entry.namespace}:" if entry.namespace else prefix)
        elif isinstance(entry, URLPattern) and entry.name and (prefix or entry.name == "home"):
            yield f"{prefix}{entry.name}", str(entry.pattern), tuple(entry.pattern.converters)


def _matrix() -> list[pytest.param]:
    """One row per URL; the action URL becomes one row per action."""
    rows = []
    for name, route, kwargs in _walk(get_resolver().url_patterns):
        actions = list(ACTION_FORMS) if "action" in kwargs else [None]
        for action in actions:
            label = f"{name}[{action}]" if action else name
            rows.append(pytest.param(name, route, kwargs, action, id=label))
    return rows


MATRIX = _matrix()
HAZARD_URLS = [row for row in MATRIX if row.values[0].startswith("hazards:") and row.values[1].startswith("<int:pk>")]


@pytest.fixture
def photo(township_a_hazard) -> HazardPhoto:
    return HazardPhotoFactory(hazard=township_a_hazard)


def url_for(name: str, kwargs: tuple[str, ...], action: str | None, hazard: Hazard, photo: HazardPhoto) -> str:
    known = {"pk": hazard.pk, "photo_pk": photo.pk, "action": action}
    return reverse(name, kwargs={key: known[key] for key in kwargs})


def request(client, name: str, url: str):
    return client.post(url) if name in POST_ONLY else client.get(url)


def test_the_matrix_covers_the_hazard_loop():
    names = {row.values[0] for row in MATRIX}
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
