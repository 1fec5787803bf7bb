"""The kit every record kind's list and edit pages are built from (issue 20): a page of rows that keeps the
list's filters, and the form → service → redirect flow with its refusals at the fields.

Each app declares its kinds (floodprep.views.records.KINDS, responsibility.views.records.RECORD_KINDS, …) and
its own templates; what is the same for all of them lives here once: the page size and the query the
pagination links carry (templates/components/_pagination.html), and what a save answers — a redirect with
"已保存", 400 with the errors at their fields, or 409 with who changed the record meanwhile (org.versioning).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from org.forms import attach_errors
from org.versioning import StaleVersion, refuse_stale

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

PAGE_SIZE = 25
T = TypeVar("T")


@dataclass(frozen=True)
class Listing:
    page: Page
    query: str  # the request's parameters but the page, urlencoded: what the next page's link carries


def paginate(request: HttpRequest, rows: Any, per_page: int = PAGE_SIZE) -> Listing:
    query = request.GET.copy()
    query.pop("page", None)
    return Listing(Paginator(rows, per_page).get_page(request.GET.get("page")), query.urlencode())


@dataclass(frozen=True)
class Outcome:
    """What a form's submission came to: the redirect after the save, or the status to show the form again with."""

    response: HttpResponse | None
    status: int


def submit(
    request: HttpRequest,
    form: forms.BaseForm,
    write: Callable[[], T],
    *,
    then: str | Callable[[T], str],
    message: StrOrPromise | None = None,
    invalid_status: int = 200,
) -> Outcome:
    """On a POST whose form is valid, call the service (``write``); refusals go to the form's fields.

    ``then`` is where to go after the save (a URL, or a function of what ``write`` returned). A form shown
    again answers ``invalid_status`` (200 for pages that have always done so, 400 where clients rely on it),
    409 when the record changed since the form was opened.
    """
    if request.method != "POST":
        return Outcome(None, 200)
    status = invalid_status
    if form.is_valid():
        try:
            record = write()
        except StaleVersion as exc:
            status = refuse_stale(request, form, exc)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, message or _("Saved."))
            return Outcome(redirect(then(record) if callable(then) else then), 200)
    return Outcome(None, status)
