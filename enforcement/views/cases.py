from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from enforcement import selectors, services
from enforcement.documents import document_menu
from enforcement.forms import CaseEditForm, CaseForm, DecideForm, ExecuteForm, NotedStageForm, NotifyForm, StageForm
from enforcement.importers_inspections import IMPORT_ROLES
from enforcement.models import Case
from enforcement.views.common import PAGE_SIZE, require_writer, timeline
from org.forms import attach_errors
from org.ids import is_digits
from org.permissions import action_required, may
from org.record_views import paginate
from org.scoping import user_has_role
from org.stated_dates import REASON_FIELD
from org.typing import AuthedRequest
from org.versioning import StaleVersion, refuse_stale

ACTION_LABELS = {
    "investigate": _lazy("Start the investigation"),
    "notify": _lazy("Notify the party of the proposed penalty"),
    "hearing": _lazy("Record the hearing the party asked for"),
    "decide": _lazy("Record the decision"),
    "execute": _lazy("Record the execution"),
    "close": _lazy("Close and archive"),
}
ACTION_FORMS: dict[str, type[forms.Form]] = {
    "investigate": StageForm,
    "notify": NotifyForm,
    "hearing": NotedStageForm,
    "decide": DecideForm,
    "execute": ExecuteForm,
    "close": NotedStageForm,
}


@login_required
def case_list(request: AuthedRequest) -> HttpResponse:
    case_filter = selectors.case_filter(user=request.user, data=request.GET)
    listing = paginate(request, case_filter.qs, PAGE_SIZE)
    context = {
        "filter": case_filter,
        "page": listing.page,
        "query": listing.query,
        "can_write": may(request.user, "enforcement.write"),
        "can_import": user_has_role(request.user, IMPORT_ROLES["case"]),
    }
    partial = request.htmx and request.htmx.target == "records"
    return render(request, "enforcement/_case_table.html" if partial else "enforcement/case_list.html", context)


def _cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _initial_from_inspection(request: AuthedRequest) -> dict[str, Any]:
    """Filing from an inspection: the party and place come from its record."""
    pk = request.GET.get("inspection", "")
    if not is_digits(pk):
        return {}
    inspection = get_object_or_404(selectors.inspection_detail_queryset(user=request.user), pk=pk)
    problems = "；".join(f.description for f in inspection.findings.all())
    return {
        "inspection": inspection.pk,
        "org_unit": inspection.org_unit_id,
        "sector": inspection.sector_id,
        "issuer": inspection.issuer_id,
        "party_name": inspection.unit_name,
        "credit_code": inspection.credit_code,
        "party_address": inspection.address,
        "legal_representative": inspection.unit_contact,
        "officers": [u.pk for u in inspection.officers.all()],
        "source": Case.Source.INSPECTION,
        "campaign": inspection.campaign_id,
        "facts": (
            f"{_cn_date(inspection.inspected_on)}，执法人员对{inspection.unit_name}进行现场检查，发现：{problems}。"
            if problems
            else ""
        ),
    }


@action_required("enforcement.write")
def case_create(request: AuthedRequest) -> HttpResponse:
    form = CaseForm(request.POST or None, user=request.user, initial=_initial_from_inspection(request))
    context = {"form": form, "title": _("File a case"), "cancel": reverse("enforcement:case_list")}
    if request.method == "POST":
        if form.is_valid():
            try:
                case = services.case_file(acting_user=request.user, **form.service_kwargs())
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, _("Case filed as %(number)s.") % {"number": case.number})
                return redirect("enforcement:case_detail", pk=case.pk)
        return render(request, "enforcement/form.html", context, status=400)
    return render(request, "enforcement/form.html", context)


@login_required
def case_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(selectors.case_detail_queryset(user=request.user), pk=pk)
    require_writer(request.user)
    form = CaseEditForm(request.POST or None, instance=case, user=request.user)
    context = {
        "form": form,
        "title": _("Edit case %(number)s") % {"number": case.number},
        "cancel": reverse("enforcement:case_detail", args=[pk]),
    }
    if request.method == "POST":
        status = 400
        if form.is_valid():
            kwargs = dict(form.cleaned_data)
            officers = kwargs.pop("officers")
            version = kwargs.pop("version")
            try:
                services.case_update(acting_user=request.user, case=case, officers=officers, version=version, **kwargs)
            except StaleVersion as exc:
                status = refuse_stale(request, form, exc)
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("enforcement:case_detail", pk=pk)
        return render(request, "enforcement/form.html", context, status=status)
    return render(request, "enforcement/form.html", context)


@login_required
def case_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(selectors.case_detail_queryset(user=request.user), pk=pk)
    return render(request, "enforcement/case_detail.html", _detail_context(request, case))


def _run_action(request: AuthedRequest, action: str, case: Case, data: dict[str, Any]) -> None:
    user = request.user
    # The reason for a date inside an approved summary's period (org.stated_dates), when the form asked for one.
    reason = data.get(REASON_FIELD) or ""
    if action == "investigate":
        services.case_investigate(acting_user=user, case=case, on=data["on"], note=data["note"], reason=reason)
    elif action == "notify":
        services.case_notify(
            acting_user=user,
            case=case,
            on=data["on"],
            measures=_measures(data),
            penalty_basis=data["penalty_basis"],
            reason=reason,
        )
    elif action == "hearing":
        services.case_hold_hearing(acting_user=user, case=case, on=data["on"], note=data["note"], reason=reason)
    elif action == "decide":
        services.case_decide(
            acting_user=user,
            case=case,
            on=data["on"],
            measures=_measures(data),
            statement=data["statement"],
            reason=reason,
        )
    elif action == "execute":
        services.case_execute(
            acting_user=user, case=case, on=data["on"], paid_yuan=data["paid_yuan"], note=data["note"], reason=reason
        )
    elif action == "close":
        services.case_close(acting_user=user, case=case, on=data["on"], note=data["note"], reason=reason)


def _measures(data: dict[str, Any]) -> dict[str, Any]:
    return {name: data[name] for name in services.MEASURE_FIELDS}


def _action_form(action: str, case: Case, data: Any = None) -> forms.Form:
    form_class = ACTION_FORMS[action]
    if form_class in (NotifyForm, DecideForm):
        return form_class(data, case=case, initial={"penalty_basis": case.penalty_basis, "statement": case.statement})
    return form_class(data)


@login_required
@require_POST
def case_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    """One POST endpoint per stage; the service's TRANSITIONS table decides whether the move is legal."""
    case = get_object_or_404(selectors.case_detail_queryset(user=request.user), pk=pk)
    require_writer(request.user)
    if action not in ACTION_FORMS:
        raise Http404
    form = _action_form(action, case, request.POST)
    if form.is_valid():
        try:
            _run_action(request, action, case, form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("enforcement:case_detail", pk=pk)
    context = _detail_context(request, case)
    items = [item for item in context["action_forms"] if item["action"] == action]
    if items:
        items[0]["form"] = form
    else:  # a refused move (say, a decision before 告知) still shows why
        context["action_forms"].append({"action": action, "label": ACTION_LABELS[action], "form": form})
    context["failed_form"] = form
    context["open_action"] = action
    return render(request, "enforcement/case_detail.html", context, status=400)


def _detail_context(request: AuthedRequest, case: Case) -> dict[str, Any]:
    actions = services.allowed_actions(case=case, user=request.user)
    return {
        "case": case,
        "officers": list(case.officers.all()),
        "steps": case.stage_steps(),
        "measures": case.measure_labels(),
        "documents": document_menu(record=case, issued=list(case.documents.all())),
        "timeline": timeline(case),
        "actions": actions,
        "can_write": may(request.user, "enforcement.write"),
        "can_edit": may(request.user, "enforcement.write")
        and case.stage in (Case.Stage.FILED, Case.Stage.INVESTIGATING),
        "action_forms": [
            {"action": action, "label": ACTION_LABELS[action], "form": _action_form(action, case)} for action in actions
        ],
    }
