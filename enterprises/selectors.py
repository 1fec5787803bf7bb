"""Reads of the register, always through the reader's scope."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse

from enterprises.models import Enterprise
from org.ids import is_digits
from org.scoping import visible_records

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from enterprises.linking import LinkedKind


def enterprise_list(
    *, user: Any, search: str = "", township: Any = None, risk: str = "", key_only: bool = False
) -> QuerySet[Enterprise]:
    enterprises = Enterprise.objects.visible_to(user).select_related("org_unit", "village").search(search)
    if township is not None:
        enterprises = enterprises.filter(org_unit=township)
    if risk:
        enterprises = enterprises.filter(risk=risk)
    if key_only:
        enterprises = enterprises.exclude(key_kinds=[])
    return enterprises


def enterprise_by_code(*, user: Any, credit_code: str) -> Enterprise | None:
    return Enterprise.objects.visible_to(user).filter(credit_code=credit_code).first()


@dataclass(frozen=True)
class RecordGroup:
    """One kind of record on an enterprise's page: how many, the newest, and where the full list is."""

    label: str
    count: int
    latest: list[Any]
    detail: str
    list_url: str


LATEST = 10


def enterprise_records(*, user: Any, enterprise: Enterprise) -> list[RecordGroup]:
    """Every registered kind's records of this enterprise that the user may see, then the facets (the
    credit-penalty listing): two queries each."""
    from enterprises.linking import FACETS, KINDS

    groups = []
    by_model = {kind.model: kind for kind in KINDS}
    parts: list[tuple[LinkedKind, dict[str, Any], dict[str, Any], StrOrPromise]] = [
        (kind, {}, {}, kind.label) for kind in KINDS
    ]
    parts += [(by_model[f.model], dict(f.filters), dict(f.query), f.label) for f in FACETS if f.model in by_model]
    for kind, filters, query, label in parts:
        records = visible_records(kind.model, user).filter(**{kind.link_field: enterprise}, **filters)
        order = [f"-{kind.date_field}", "-pk"] if kind.date_field else ["-pk"]
        list_url = (
            f"{reverse(kind.listing)}?{urlencode({'enterprise': enterprise.pk, **query})}" if kind.listing else ""
        )
        groups.append(
            RecordGroup(
                str(label or kind.model._meta.verbose_name_plural),
                records.count(),
                list(records.order_by(*order)[:LATEST]),
                kind.detail,
                list_url,
            )
        )
    return groups


def enterprise_initial(*, user: Any, pk: Any) -> dict[str, Any]:
    """A new record's fields from an enterprise of the user's area (an inspection started at its door)."""
    if not is_digits(str(pk or "")):
        return {}
    enterprise = Enterprise.objects.visible_to(user).filter(pk=int(pk)).first()
    if enterprise is None:
        return {}
    return {
        "org_unit": enterprise.org_unit_id,
        "unit_name": enterprise.name,
        "credit_code": enterprise.credit_code,
        "address": enterprise.address,
        "unit_contact": enterprise.contact_name,
        "contact_phone": enterprise.contact_phone,
    }
