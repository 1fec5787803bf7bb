"""Records that name an enterprise point at it in the register (issue 19).

A hazard, an inspection, a case, an accident or an interview keeps the name (and, where it has one, the code)
as the person typed it — that is what the paper said — and, beside it, the register's enterprise when one is
recognised: by its credit code, else by its name or a former name within the record's township, and only
when exactly one enterprise answers. Nothing is guessed: a name two firms share stays unlinked.

Each app registers the kinds of record it keeps (``register``, from its AppConfig.ready), so the register
knows them without importing them; ``match_enterprises`` links the records entered before the register.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import models, transaction

from enterprises.codes import normalize_credit_code
from enterprises.models import Enterprise
from org.models import OrgUnit

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class LinkedKind:
    model: type[models.Model]
    name_field: str
    code_field: str = ""  # "" when the record keeps no code
    link_field: str = "enterprise"
    label: StrOrPromise = ""
    detail: str = ""  # URL name of one record's page (pk), if it has one
    listing: str = ""  # URL name of the list that takes ?enterprise=<pk>
    date_field: str = ""  # newest first on the enterprise's page


@dataclass(frozen=True)
class RecordFacet:
    """Some of one kind's records, shown apart on the enterprise's page: the cases that put the enterprise on
    the credit-penalty list (纳入安全生产失信惩戒), say. ``filters`` select them, ``query`` is what the kind's
    list takes to show the same records."""

    model: type[models.Model]
    label: StrOrPromise
    filters: tuple[tuple[str, Any], ...]
    query: tuple[tuple[str, str], ...] = ()


KINDS: list[LinkedKind] = []
FACETS: list[RecordFacet] = []


def register(kind: LinkedKind) -> None:
    if all(existing.model is not kind.model for existing in KINDS):
        KINDS.append(kind)


def register_facet(facet: RecordFacet) -> None:
    """After the facet's kind: the page shows it after that kind's records."""
    if all(existing.label != facet.label for existing in FACETS):
        FACETS.append(facet)


def _key(name: str) -> str:
    return "".join((name or "").split())


def _township(unit: OrgUnit | None) -> OrgUnit | None:
    return unit.parent if unit is not None and unit.kind == OrgUnit.Kind.VILLAGE else unit


def match_enterprise(*, user: Any, org_unit: OrgUnit | None, name: str, credit_code: str = "") -> Enterprise | None:
    """The one enterprise of the user's area this name (or code) means, or None."""
    enterprises = Enterprise.objects.visible_to(user)
    code = normalize_credit_code(credit_code)
    if code:
        found = enterprises.filter(credit_code=code).first()
        if found is not None:
            return found
    key, township = _key(name), _township(org_unit)
    if not key or township is None:
        return None
    # Compared without spaces, as typed names vary; a township's register is hundreds of rows, read by name only.
    candidates = [
        pk
        for pk, each, former in enterprises.filter(org_unit=township).values_list("pk", "name", "former_names")
        if key in {_key(each), *map(_key, former.split("、"))}
    ]
    return enterprises.get(pk=candidates[0]) if len(candidates) == 1 else None


@dataclass
class MatchReport:
    kind: LinkedKind
    linked: int = 0
    already: int = 0
    unmatched: dict[str, int] = field(default_factory=dict)  # name → records


def _index(
    enterprises: models.QuerySet[Enterprise] | None = None,
) -> tuple[dict[str, int], dict[tuple[int, str], list[int]]]:
    by_code: dict[str, int] = {}
    by_name: dict[tuple[int, str], list[int]] = {}
    enterprises = Enterprise.objects.all() if enterprises is None else enterprises
    for pk, code, township, name, former in enterprises.values_list(
        "pk", "credit_code", "org_unit_id", "name", "former_names"
    ).iterator():
        by_code[code] = pk
        for each in {name, *filter(None, former.split("、"))}:
            by_name.setdefault((township, _key(each)), []).append(pk)
    return by_code, by_name


def match_all(*, dry_run: bool = False) -> Iterator[MatchReport]:
    """Link every registered kind's unlinked records that name exactly one enterprise; say what was not."""
    register = Linker()
    for kind in KINDS:
        report = MatchReport(kind, unmatched={})
        fields = ["pk", kind.name_field, "org_unit_id", *([kind.code_field] if kind.code_field else [])]
        unlinked = kind.model._default_manager.filter(**{f"{kind.link_field}__isnull": True})
        report.already = kind.model._default_manager.filter(**{f"{kind.link_field}__isnull": False}).count()
        links: dict[int, list[int]] = {}
        for row in unlinked.values_list(*fields).iterator(chunk_size=5000):
            pk, name, unit = row[0], row[1], row[2]
            target = register.target(unit=unit, name=name, code=row[3] if kind.code_field else "")
            if target is None:
                report.unmatched[name] = report.unmatched.get(name, 0) + 1
            else:
                links.setdefault(target, []).append(pk)
        if not dry_run:
            with transaction.atomic():
                for target, pks in links.items():
                    kind.model._default_manager.filter(pk__in=pks).update(**{f"{kind.link_field}_id": target})
        report.linked = sum(map(len, links.values()))
        yield report


def link(record: models.Model, *, user: Any) -> bool:
    """Point a record being saved at the enterprise its name or code means; True when its link changed."""
    kind = next((k for k in KINDS if isinstance(record, k.model)), None)
    if kind is None:
        return False
    found = match_enterprise(
        user=user,
        org_unit=getattr(record, "org_unit", None),
        name=getattr(record, kind.name_field),
        credit_code=getattr(record, kind.code_field) if kind.code_field else "",
    )
    if getattr(record, f"{kind.link_field}_id") == (found.pk if found else None):
        return False
    setattr(record, kind.link_field, found)
    return True


class Linker:
    """The register read once, for many records at a time: an import's bulk insert (the user's area) or
    ``match_all`` (the whole register). The rule is ``match_enterprise``'s: the code, else the one enterprise
    of the record's township with that name or former name."""

    def __init__(self, *, user: Any = None) -> None:
        self._by_code, self._by_name = _index(None if user is None else Enterprise.objects.visible_to(user))
        self._parents = dict(OrgUnit.objects.filter(kind=OrgUnit.Kind.VILLAGE).values_list("pk", "parent_id"))

    def target(self, *, unit: int | None, name: str, code: str = "") -> int | None:
        code = normalize_credit_code(code)
        found = self._by_code.get(code) if code else None
        if found is None and unit is not None:
            named = self._by_name.get((self._parents.get(unit, unit), _key(name)), [])
            found = named[0] if len(set(named)) == 1 else None
        return found

    def link(self, record: models.Model) -> None:
        """Point a record about to be inserted at its enterprise, in memory."""
        kind = next((k for k in KINDS if isinstance(record, k.model)), None)
        if kind is None:
            return
        target = self.target(
            unit=getattr(record, "org_unit_id", None),
            name=getattr(record, kind.name_field),
            code=getattr(record, kind.code_field) if kind.code_field else "",
        )
        setattr(record, f"{kind.link_field}_id", target)


def link_all(records: list[models.Model], user: Any) -> None:
    """An import's ``before_insert`` (org.imports.RecordImport): every new record pointed at its enterprise."""
    linker = Linker(user=user)
    for record in records:
        linker.link(record)
