"""No lost update: every form that edits an existing record carries the version it was opened at.

A versioned model has ``version = PositiveIntegerField(default=1, editable=False)``. Its update service locks the
row, calls ``check_version`` with the version the form posted and, when it writes, ``bump`` and an audit entry
whose data carries ``version`` (and ``changed``). A stale save raises ``StaleVersion``, whose message says who
changed what since (from those audit entries); nothing is written.

The view hands the refusal to ``refuse_stale``: the form keeps what this user typed, the error stands on top of
it, and its hidden version becomes the current one, so saving again is a deliberate overwrite. That page is the
merge view. The answer is 409, except to htmx, which gets it as a 200: the swap is the same, and a browser logs
every 4xx answer to a fetch as a console error (templates/base.html swaps 409 too, for pages that post plainly).

tests/test_stale_versions.py walks the URLconf: every URL with a ``pk`` is either an edit there (it posts a stale
version and expects this refusal) or written down as something else with the reason; a new one fails until it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar, cast

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.http import HttpRequest, QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from org.audit import audit_trail
from org.forms import attach_errors

M = TypeVar("M", bound=models.Model)


class StaleVersion(ValidationError):
    """The record was saved by someone else after the form was opened; the message says who changed what."""

    current_version: int


def _shown(record: models.Model, name: str) -> str:
    """A field's stored value as the pages show it: a choice's label, a related record's name."""
    try:
        field = record._meta.get_field(name)
    except FieldDoesNotExist:
        return ""
    if field.many_to_many:
        return "、".join(str(obj) for obj in getattr(record, name).all()) or "—"
    if getattr(field, "choices", None):  # a reverse relation has none
        value = getattr(record, f"get_{name}_display")()
    else:
        value = getattr(record, name)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, models.fields.files.FieldFile):
        return _("file uploaded") if value else "—"
    return "—" if value in (None, "") else str(value)


def field_label(model: type[models.Model] | models.Model, name: str) -> str:
    """A field's verbose name, in words (a reverse relation, which has none, by its name)."""
    return str(getattr(model._meta.get_field(name), "verbose_name", name))


def _changed_names(record: models.Model, data: dict[str, Any]) -> list[str]:
    """The fields an audit entry says were changed: its ``changed`` or ``fields``, else its keys that are fields."""
    changed = data.get("changed") or data.get("fields")
    if isinstance(changed, dict | list | tuple):
        return list(changed)
    names = {field.name for field in [*record._meta.concrete_fields, *record._meta.many_to_many]}
    return [key for key in data if key in names and key != "version"]


def changes_since(record: models.Model, version: int) -> str:
    """Who changed what since ``version``: 王局长 11-23 10:32：地点 → 城关五金厂（东厂区）."""
    entries = list(audit_trail(record).filter(data__version__gt=version).order_by("created_at", "pk"))
    if not entries:
        # An entry written before versions were recorded in the trail: at least the last person who saved.
        entries = list(audit_trail(record).order_by("-created_at", "-pk")[:1])
    lines = []
    for entry in entries:
        what = []
        for name in _changed_names(record, entry.data):
            try:
                label = getattr(record._meta.get_field(name), "verbose_name", None)
            except FieldDoesNotExist:
                label = None
            if label is None:
                continue
            # The value it has now: what this user must check her own against.
            what.append(f"{label} → {_shown(record, name)}")
        who = entry.actor or _("System")
        lines.append(f"{who} {timezone.localtime(entry.created_at):%m-%d %H:%M}：{'、'.join(what) or _('saved')}")
    return "；".join(lines)


def check_version(record: models.Model, version: int | None) -> None:
    """Refuse a save from a form opened at ``version`` if the record (locked by the caller) was saved since.

    ``None`` is a form without the field (a script, an old page): nothing to compare.
    """
    if version is None or version == record.version:  # type: ignore[attr-defined]  # every versioned model declares version
        return
    stale = StaleVersion(
        _(
            "Someone else saved this record after you opened it: %(changes)s. Your changes were not saved; "
            "check them against the record and save again."
        )
        % {"changes": changes_since(record, version)},
        code="stale",
    )
    stale.current_version = record.version  # type: ignore[attr-defined]  # every versioned model declares version
    raise stale


def lock(record: M) -> M:
    """The row, re-read under a row lock: two saves cannot both pass the version check."""
    return type(record)._default_manager.select_for_update().get(pk=record.pk)


def bump(record: models.Model, update_fields: Iterable[str] = ()) -> list[str]:
    """Count one more version; returns ``update_fields`` with ``version`` added, for ``save``."""
    record.version += 1  # type: ignore[attr-defined]  # every versioned model declares version
    return [*update_fields, "version"]


class VersionedFormMixin(forms.Form):
    """The hidden version a form was opened at; ``opened_version`` is what the service compares."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def set_opened_version(self, record: models.Model | None) -> None:
        if record is not None and record.pk:
            self.initial.setdefault("version", record.version)  # type: ignore[attr-defined]  # every versioned model declares version

    @property
    def opened_version(self) -> int | None:
        return self.cleaned_data.get("version")


def refuse_stale(request: HttpRequest, form: forms.BaseForm, exc: StaleVersion) -> int:
    """Show the refusal on the form she typed; her next save is over the current version. Returns the status."""
    attach_errors(form, exc)
    data = cast(QueryDict, form.data).copy()  # a bound form's data is the request's QueryDict
    form.data = data
    data[form.add_prefix("version")] = str(exc.current_version)
    return stale_status(request)


def stale_status(request: HttpRequest) -> int:
    """409 for a page posted plainly; htmx gets the merge view as a 200 (a 4xx is a console error in browsers)."""
    return 200 if getattr(request, "htmx", False) else 409
