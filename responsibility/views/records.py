"""List, create and edit pages for the seven kinds of record, driven by one table (RECORD_KINDS).

Each kind names its form, its create service, its list selector and its row template; the
views below are the same flow for all: filter form → selector → page, or form → service → redirect.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _lazy

from org.models import User
from org.record_views import paginate, submit
from org.scoping import user_has_role, visible_records
from org.typing import AuthedRequest
from org.uploads import serve_upload
from responsibility import forms, selectors, services
from responsibility.models import (
    Accident,
    Committee,
    Interview,
    LeaderInspection,
    Meeting,
    PublicityEvent,
    ResponsibilityLetter,
)

PAGE_SIZE = 25


@dataclass(frozen=True)
class RecordKind:
    slug: str  # URL names are "<slug>_list", "<slug>_create", "<slug>_edit"
    prefix: str  # URLs are "<prefix>/", "<prefix>/new/", "<prefix>/<pk>/edit/"
    title: str | Promise
    new_title: str | Promise
    model: type[models.Model]
    form: type[forms.RecordForm]
    create: Callable[..., models.Model]
    listing: Callable[..., models.QuerySet]
    headers: tuple[str | Promise, ...]
    by_year: bool = False
    # Figures shown above the list: (template, function of user and period or year → context).
    summary: tuple[str, Callable[[User, Any], dict[str, Any]]] | None = None

    @property
    def writers(self) -> tuple[str, ...]:
        return services.EDITORS[self.model][1]

    @property
    def row_template(self) -> str:
        return f"responsibility/rows/_{self.slug}.html"


def _letter_summary(user: User, year: int) -> dict[str, Any]:
    return {"figures": selectors.letter_figures(user=user, year=year)}


def _accident_summary(user: User, period: Any) -> dict[str, Any]:
    return {"figures": selectors.accident_figures(user=user, period=period)}


def _publicity_summary(user: User, period: Any) -> dict[str, Any]:
    return {"figures": selectors.publicity_figures(user=user, period=period)}


RECORD_KINDS: dict[str, RecordKind] = {
    k.slug: k
    for k in [
        RecordKind(
            "committee",
            "committees",
            _lazy("Safety committees"),
            _lazy("New committee"),
            Committee,
            forms.CommitteeForm,
            services.committee_create,
            selectors.committee_list,
            (
                _lazy("Committee"),
                _lazy("Unit"),
                _lazy("Lead department"),
                _lazy("Leader in charge"),
                _lazy("Member units"),
            ),
            by_year=True,
        ),
        RecordKind(
            "letter",
            "letters",
            _lazy("Responsibility letters"),
            _lazy("New responsibility letter"),
            ResponsibilityLetter,
            forms.LetterForm,
            services.letter_create,
            selectors.letter_list,
            (_lazy("Title"), _lazy("Party A"), _lazy("Party B"), _lazy("Signed on"), _lazy("Scan")),
            by_year=True,
            summary=("responsibility/summaries/_letter.html", _letter_summary),
        ),
        RecordKind(
            "meeting",
            "meetings",
            _lazy("Meetings"),
            _lazy("New meeting"),
            Meeting,
            forms.MeetingForm,
            services.meeting_create,
            selectors.meeting_list,
            (_lazy("Date"), _lazy("Kind"), _lazy("Topic"), _lazy("Convened by"), _lazy("Chaired by")),
        ),
        RecordKind(
            "inspection",
            "inspections",
            _lazy("Leader-led inspections"),
            _lazy("New leader-led inspection"),
            LeaderInspection,
            forms.LeaderInspectionForm,
            services.leader_inspection_create,
            selectors.leader_inspection_list,
            (
                _lazy("Date"),
                _lazy("Leader"),
                _lazy("Principal leader"),
                _lazy("Area"),
                _lazy("Places inspected"),
                _lazy("Hazards handed over"),
            ),
        ),
        RecordKind(
            "interview",
            "interviews",
            _lazy("Interviews"),
            _lazy("New interview"),
            Interview,
            forms.InterviewForm,
            services.interview_create,
            selectors.interview_list,
            (_lazy("Date"), _lazy("Enterprise"), _lazy("Kind"), _lazy("Area"), _lazy("Reason")),
        ),
        RecordKind(
            "accident",
            "accidents",
            _lazy("Accidents"),
            _lazy("New accident"),
            Accident,
            forms.AccidentForm,
            services.accident_create,
            selectors.accident_list,
            (
                _lazy("Date"),
                _lazy("Place or enterprise"),
                _lazy("Kind"),
                _lazy("Grade"),
                _lazy("Dead"),
                _lazy("Injured"),
                _lazy("Direct loss (10,000 yuan)"),
                _lazy("Investigation"),
            ),
            summary=("responsibility/summaries/_accident.html", _accident_summary),
        ),
        RecordKind(
            "publicity",
            "publicity",
            _lazy("Publicity and training"),
            _lazy("New publicity or training event"),
            PublicityEvent,
            forms.PublicityEventForm,
            services.publicity_event_create,
            selectors.publicity_event_list,
            (
                _lazy("Date"),
                _lazy("Kind"),
                _lazy("Title"),
                _lazy("Organiser"),
                _lazy("Participants"),
                _lazy("Materials"),
                _lazy("Media pieces"),
            ),
            summary=("responsibility/summaries/_publicity.html", _publicity_summary),
        ),
    ]
}


def _kind(slug: str) -> RecordKind:
    return RECORD_KINDS[slug]


def _require(user: User, roles: tuple[str, ...]) -> None:
    if not user_has_role(user, roles):
        raise PermissionDenied


@login_required
def record_list(request: AuthedRequest, kind: str) -> HttpResponse:
    spec = _kind(kind)
    user = request.user
    filter_form: forms.YearFilterForm | forms.PeriodFilterForm
    if spec.by_year:
        filter_form = forms.YearFilterForm(request.GET or None, user=user)
        span: Any = filter_form.get_year()
        rows = spec.listing(user=user, year=span, unit=filter_form.get_unit())
    else:
        filter_form = forms.PeriodFilterForm(request.GET or None, user=user)
        span = filter_form.get_period()
        rows = spec.listing(user=user, period=span, unit=filter_form.get_unit())
    return render_record_list(request, spec, filter_form, span, rows)


def render_record_list(request: AuthedRequest, spec: Any, filter_form: Any, span: Any, rows: Any) -> HttpResponse:
    """A record kind's list page (records.py and ledgers.py kinds alike): a page of rows, the filter, the summary."""
    listing = paginate(request, rows, PAGE_SIZE)
    context = {
        "kind": spec,
        "filter_form": filter_form,
        "span": span,
        "page": listing.page,
        "query": listing.query,
        "can_write": user_has_role(request.user, spec.writers),
    }
    if spec.summary is not None:
        context["summary_template"] = spec.summary[0]
        context.update(spec.summary[1](request.user, span))
    return render(request, "responsibility/record_list.html", context)


@login_required
def record_create(request: AuthedRequest, kind: str) -> HttpResponse:
    spec = _kind(kind)
    _require(request.user, spec.writers)
    form = spec.form(request.POST or None, request.FILES or None, user=request.user)
    outcome = submit(
        request,
        form,
        lambda: spec.create(acting_user=request.user, **form.service_kwargs()),
        then=reverse(f"responsibility:{kind}_list"),
    )
    return outcome.response or render(
        request, "responsibility/record_form.html", {"form": form, "kind": spec, "title": spec.new_title}
    )


@login_required
def record_edit(request: AuthedRequest, kind: str, pk: int) -> HttpResponse:
    spec = _kind(kind)
    record = get_object_or_404(visible_records(spec.model, request.user), pk=pk)
    _require(request.user, spec.writers)
    form = spec.form(request.POST or None, request.FILES or None, instance=record, user=request.user)

    def write() -> models.Model:
        record.refresh_from_db()  # the form wrote its values onto the instance; the service compares with the DB
        return services.record_update(
            acting_user=request.user, record=record, changes=form.service_kwargs(), version=form.opened_version
        )

    outcome = submit(request, form, write, then=reverse(f"responsibility:{kind}_list"))
    return outcome.response or render(
        request,
        "responsibility/record_form.html",
        {"form": form, "kind": spec, "title": spec.title, "record": record},
        status=outcome.status,
    )


@login_required
def letter_sign(request: AuthedRequest, pk: int) -> HttpResponse:
    letters = ResponsibilityLetter.objects.visible_to(request.user).select_related("issuer", "org_unit")
    letter = get_object_or_404(letters, pk=pk)
    _require(request.user, RECORD_KINDS["letter"].writers)
    form = forms.LetterSignForm(
        request.POST or None,
        request.FILES or None,
        initial={"signed_on": letter.signed_on} if letter.signed_on else None,
    )
    form.set_opened_version(letter)
    outcome = submit(
        request,
        form,
        lambda: services.letter_sign(acting_user=request.user, letter=letter, **form.cleaned_data),
        then=reverse("responsibility:letter_list"),
    )
    return outcome.response or render(
        request, "responsibility/letter_sign.html", {"form": form, "letter": letter}, status=outcome.status
    )


@login_required
def letter_scan(request: AuthedRequest, pk: int) -> FileResponse:
    """Scanned letters are served through the scope check, never as public media."""
    letter = get_object_or_404(ResponsibilityLetter.objects.visible_to(request.user), pk=pk)
    if not letter.scan:
        raise Http404
    return serve_upload(letter.scan, filename=f"责任书-{letter.pk}")
