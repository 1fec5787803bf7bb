"""List, create and edit pages of complaints and tip-offs, non-production-safety incidents and safety
investments: the record pages' flow and templates (views/records.py), with the record's version on every
edit so that a save over someone else's is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from org.forms import attach_errors
from org.models import User
from org.periods import Period
from org.scoping import visible_records
from org.typing import AuthedRequest
from org.versioning import StaleVersion, refuse_stale
from responsibility import forms, selectors, services
from responsibility.models import Complaint, Incident, SafetyInvestment
from responsibility.views.records import RecordKind, _require, render_record_list


@dataclass(frozen=True)
class LedgerKind(RecordKind):
    update: Callable[..., Any] | None = None
    record_arg: str = ""  # the keyword the update service names the record by

    @property
    def writers(self) -> tuple[str, ...]:
        return services.LEDGER_WRITERS


def _complaint_summary(user: User, period: Period) -> dict[str, Any]:
    return {"figures": selectors.complaint_figures(user=user, period=period)}


def _incident_summary(user: User, period: Period) -> dict[str, Any]:
    return {"figures": selectors.incident_figures(user=user, period=period)}


def _investment_summary(user: User, period: Period) -> dict[str, Any]:
    return {"figures": selectors.investment_figures(user=user, period=period)}


LEDGER_KINDS: dict[str, LedgerKind] = {
    k.slug: k
    for k in [
        LedgerKind(
            "complaint",
            "complaints",
            _lazy("Complaints and tip-offs"),
            _lazy("New complaint or tip-off"),
            Complaint,
            forms.ComplaintForm,
            services.complaint_create,
            selectors.complaint_list,
            (
                _lazy("Received on"),
                _lazy("Channel"),
                _lazy("Subject"),
                _lazy("Sector"),
                _lazy("Tip-offs"),
                _lazy("Status"),
                _lazy("Verified"),
                _lazy("Rewards (10,000 yuan)"),
            ),
            summary=("responsibility/summaries/_complaint.html", _complaint_summary),
            update=services.complaint_update,
            record_arg="complaint",
        ),
        LedgerKind(
            "incident",
            "incidents",
            _lazy("Non-production-safety incidents"),
            _lazy("New incident"),
            Incident,
            forms.IncidentForm,
            services.incident_create,
            selectors.incident_list,
            (
                _lazy("Date"),
                _lazy("Place"),
                _lazy("Kind"),
                _lazy("Dead"),
                _lazy("Injured"),
                _lazy("Direct loss (10,000 yuan)"),
            ),
            summary=("responsibility/summaries/_incident.html", _incident_summary),
            update=services.incident_update,
            record_arg="incident",
        ),
        LedgerKind(
            "investment",
            "investments",
            _lazy("Safety investments"),
            _lazy("New safety investment"),
            SafetyInvestment,
            forms.SafetyInvestmentForm,
            services.investment_create,
            selectors.investment_list,
            (_lazy("Date"), _lazy("Project"), _lazy("Sector"), _lazy("Amount (10,000 yuan)"), _lazy("Work done")),
            summary=("responsibility/summaries/_investment.html", _investment_summary),
            update=services.investment_update,
            record_arg="investment",
        ),
    ]
}


@login_required
def ledger_list(request: AuthedRequest, kind: str) -> HttpResponse:
    spec = LEDGER_KINDS[kind]
    user = request.user
    filter_form = forms.PeriodFilterForm(request.GET or None, user=user)
    period = filter_form.get_period()
    rows = spec.listing(user=user, period=period, unit=filter_form.get_unit())
    return render_record_list(request, spec, filter_form, period, rows)


@login_required
def ledger_create(request: AuthedRequest, kind: str) -> HttpResponse:
    spec = LEDGER_KINDS[kind]
    _require(request.user, spec.writers)
    form = spec.form(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            spec.create(acting_user=request.user, **form.service_kwargs())
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(f"responsibility:{kind}_list")
    return render(request, "responsibility/record_form.html", {"form": form, "kind": spec, "title": spec.new_title})


@login_required
def ledger_edit(request: AuthedRequest, kind: str, pk: int) -> HttpResponse:
    spec = LEDGER_KINDS[kind]
    record = get_object_or_404(visible_records(spec.model, request.user), pk=pk)
    _require(request.user, spec.writers)
    form = spec.form(request.POST or None, instance=record, user=request.user)
    status = 200
    if request.method == "POST" and form.is_valid():
        record.refresh_from_db()  # the form wrote its values onto the instance; the service compares with the DB
        assert spec.update is not None
        try:
            spec.update(
                acting_user=request.user,
                version=form.opened_version,
                **{spec.record_arg: record},
                **form.service_kwargs(),
            )
        except StaleVersion as exc:
            status = refuse_stale(request, form, exc)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(f"responsibility:{kind}_list")
    return render(
        request,
        "responsibility/record_form.html",
        {"form": form, "kind": spec, "title": spec.title, "record": record},
        status=status,
    )
