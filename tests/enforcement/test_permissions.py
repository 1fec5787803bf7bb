"""Scope and roles for every enforcement URL, built from the URLconf (as tests/test_permission_matrix.py).

Another township's inspection, case or document is a 404 for township staff, on every URL that names it;
their own township's records they may read but not change; leaders and clerks read; officers write.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from enforcement.documents import SPECS
from enforcement.models import Case, IssuedDocument
from enforcement.views.cases import ACTION_FORMS as CASE_ACTIONS
from enforcement.views.inspections import ACTION_FORMS as INSPECTION_ACTIONS
from tests.factories.enforcement import CaseFactory, FindingFactory, InspectionFactory, JointActionFactory, OrderFactory

POST_ONLY = {
    "enforcement:inspection_action",
    "enforcement:case_action",
    "enforcement:inspection_document",
    "enforcement:case_document",
    "enforcement:case_import_confirm",
    "enforcement:inspection_import_confirm",
}
# Which record a <pk> names, by the route's first segment.
RECORD_OF_ROUTE = {"inspections": "inspection", "cases": "case", "documents": "document", "joint-actions": "joint"}


def _walk(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[tuple[str, str, tuple[str, ...]]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "enforcement" or prefix:
                yield from _walk(entry.url_patterns, f"{prefix}{entry.namespace}:" if entry.namespace else prefix)
        elif isinstance(entry, URLPattern) and entry.name and prefix:
            yield f"{prefix}{entry.name}", str(entry.pattern), tuple(entry.pattern.converters)


def _variants(name: str, kwargs: tuple[str, ...]) -> list[str | None]:
    if "action" in kwargs:
        return list(CASE_ACTIONS if name == "enforcement:case_action" else INSPECTION_ACTIONS)
    if "kind" in kwargs:
        for_case = name == "enforcement:case_document"
        return [kind for kind, spec in SPECS.items() if spec.for_case == for_case]
    return [None]


ROUTES: list[tuple[str, str, tuple[str, ...], str | None]] = [
    (name, route, kwargs, variant)
    for name, route, kwargs in _walk(get_resolver().url_patterns)
    # Inspection caps and plans are the bureau's settings, not a township's records: the permission matrix
    # (tests/permission_table.py) holds their rows, and tests/enforcement/test_limits*.py their rules.
    if not name.startswith("enforcement:limits_")
    for variant in _variants(name, kwargs)
]
RECORD_ROUTES = [row for row in ROUTES if "pk" in row[2] and not row[1].startswith("joint-actions")]
WRITE_ROUTES = [row for row in RECORD_ROUTES if row[0] in POST_ONLY or row[0].endswith("_edit")]


def _params(rows: list[tuple[str, str, tuple[str, ...], str | None]]) -> list[pytest.ParameterSet]:
    return [
        pytest.param(name, route, kwargs, variant, id=f"{name}[{variant}]" if variant else name)
        for name, route, kwargs, variant in rows
    ]


MATRIX = _params(ROUTES)
RECORD_URLS = _params(RECORD_ROUTES)
WRITE_URLS = _params(WRITE_ROUTES)
READ_URLS = _params([row for row in RECORD_ROUTES if row not in WRITE_ROUTES])


@pytest.fixture
def records(township_a, bureau_unit, pair, today):
    inspection = InspectionFactory.create(org_unit=township_a, issuer=bureau_unit, officers=pair, inspected_on=today)
    FindingFactory.create(inspection=inspection)
    OrderFactory.create(inspection=inspection)
    case = CaseFactory.create(org_unit=township_a, issuer=bureau_unit, officers=pair, filed_on=today)
    document = IssuedDocument(
        kind=IssuedDocument.Kind.FILING_APPROVAL, number=case.number, issuer=bureau_unit, org_unit=township_a, case=case
    )
    document.file.save("filing.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    document.save()
    return {"inspection": inspection, "case": case, "document": document, "joint": JointActionFactory.create()}


def url_for(name, route, kwargs, variant, records) -> str:
    values = {}
    if "pk" in kwargs:
        values["pk"] = records[RECORD_OF_ROUTE[route.split("/")[0]]].pk
    if "action" in kwargs:
        values["action"] = variant
    if "kind" in kwargs:
        values["kind"] = variant
    return reverse(name, kwargs=values)


def request(client, name, url):
    return client.post(url) if name in POST_ONLY else client.get(url)


def test_the_matrix_covers_every_enforcement_screen():
    names = {row[0] for row in ROUTES}
    assert {
        "enforcement:inspection_list",
        "enforcement:case_detail",
        "enforcement:document",
        "enforcement:my_work",
        "enforcement:figures",
    } <= names
    assert len(RECORD_URLS) >= 4 + len(CASE_ACTIONS) + len(INSPECTION_ACTIONS) + len(SPECS)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "route", "kwargs", "variant"), MATRIX)
def test_anonymous_visitor_is_sent_to_the_login_page(client, records, name, route, kwargs, variant):
    response = request(client, name, url_for(name, route, kwargs, variant, records))

    assert response.status_code == 302
    if name != "enforcement:index":  # the index only redirects to the inspection list, which then asks
        assert response.url.startswith(f"{reverse('login')}?next=")


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "route", "kwargs", "variant"), RECORD_URLS)
def test_township_staff_get_404_for_every_url_of_another_townships_record(
    staff_b_client, records, name, route, kwargs, variant
):
    response = request(staff_b_client, name, url_for(name, route, kwargs, variant, records))

    assert response.status_code == 404
    assert IssuedDocument.objects.count() == 1
    assert Case.objects.get().stage == Case.Stage.FILED


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "route", "kwargs", "variant"), READ_URLS)
def test_township_staff_read_their_own_townships_records(staff_a_client, records, name, route, kwargs, variant):
    assert request(staff_a_client, name, url_for(name, route, kwargs, variant, records)).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "route", "kwargs", "variant"), WRITE_URLS)
def test_township_staff_cannot_change_their_own_townships_records(
    staff_a_client, records, name, route, kwargs, variant
):
    assert request(staff_a_client, name, url_for(name, route, kwargs, variant, records)).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "route", "kwargs", "variant"), WRITE_URLS)
def test_leaders_cannot_change_records(leader_client, records, name, route, kwargs, variant):
    assert request(leader_client, name, url_for(name, route, kwargs, variant, records)).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "route", "kwargs", "variant"), MATRIX)
def test_officers_reach_every_url(officer_client, records, pair, name, route, kwargs, variant):
    # The other half of the rows above: refusals come from scope and role, not from a broken URL.
    response = request(officer_client, name, url_for(name, route, kwargs, variant, records))

    assert response.status_code in (200, 302, 400)
