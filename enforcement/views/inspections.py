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
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enforcement import selectors, services
from enforcement.documents import document_menu
from enforcement.forms import DATE, FindingForm, InspectionForm, OrderForm, ReinspectForm
from enforcement.importers_inspections import IMPORT_ROLES
from enforcement.models import Finding, Inspection, IssuedDocument
from enforcement.services import limits
from enforcement.views.common import PAGE_SIZE, require_writer, timeline
from enterprises.selectors import enterprise_initial
from org.forms import attach_errors
from org.ids import is_digits
from org.permissions import action_required, may
from org.record_views import paginate
from org.scoping import user_has_role
from org.typing import AuthedRequest
from org.versioning import StaleVersion, refuse_stale

# 责令限期整改指令书 "30日内" in the standard document set: the usual time allowed.
DEFAULT_ORDER_DAYS = 30


class HandOverForm(forms.Form):
    finding = forms.IntegerField(widget=forms.HiddenInput)
    hazard_deadline = forms.DateField(label=_("Rectification deadline"), widget=DATE, required=False)


@login_required
def inspection_list(request: AuthedRequest) -> HttpResponse:
    inspection_filter = selectors.inspection_filter(user=request.user, data=request.GET)
    listing = paginate(request, inspection_filter.qs, PAGE_SIZE)
    context = {
        "filter": inspection_filter,
        "page": listing.page,
        "query": listing.query,
        "can_write": may(request.user, "enforcement.write"),
        "today": timezone.localdate(),
        "can_import": user_has_role(request.user, IMPORT_ROLES["inspection"]),
    }
    partial = request.htmx and request.htmx.target == "records"
    return render(
        request, "enforcement/_inspection_table.html" if partial else "enforcement/inspection_list.html", context
    )


@action_required("enforcement.write")
def inspection_create(request: AuthedRequest) -> HttpResponse:
    # Started from an enterprise's page or its door QR code (?enterprise=<pk>): the enterprise filled in.
    initial = enterprise_initial(user=request.user, pk=request.GET.get("enterprise"))
    form = InspectionForm(request.POST or None, user=request.user, initial=initial)
    context = {
        "form": form,
        "title": _("New inspection"),
        "cancel": reverse("enforcement:inspection_list"),
        "warnings_url": reverse("enforcement:inspection_visit_warnings"),
        # Within limits (services/limits.py): a warning before the visit, never a refusal.
        "warnings": limits.warnings_for_new(
            user=request.user,
            enterprise_pk=request.GET.get("enterprise"),
            issuer_pk=form["issuer"].value(),
            issuers=form.issuers,
        ),
    }
    if request.method == "POST":
        if form.is_valid():
            try:
                inspection = services.inspection_create(acting_user=request.user, **form.service_kwargs())
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, _("Inspection recorded. Now record the problems found, if any."))
                for warning in limits.visit_warnings(
                    enterprise=inspection.enterprise,
                    issuer=inspection.issuer,
                    on=inspection.inspected_on,
                    exclude=inspection,
                ):
                    messages.warning(request, warning.text)
                return redirect("enforcement:inspection_detail", pk=inspection.pk)
        return render(request, "enforcement/form.html", context, status=400)
    return render(request, "enforcement/form.html", context)


@action_required("enforcement.write")
def inspection_visit_warnings(request: AuthedRequest) -> HttpResponse:
    """The form's cap and joint-visit warnings as the officer fills it in (htmx, on each change)."""
    editing = None
    if is_digits(str(request.GET.get("inspection") or "")):
        editing = get_object_or_404(
            selectors.inspection_detail_queryset(user=request.user), pk=int(request.GET["inspection"])
        )
    issuers = InspectionForm(user=request.user).issuers
    warnings = limits.warnings_for_form(user=request.user, data=request.GET, issuers=issuers, editing=editing)
    return render(request, "enforcement/_visit_warnings.html", {"warnings": warnings})


@login_required
def inspection_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    inspection = get_object_or_404(selectors.inspection_detail_queryset(user=request.user), pk=pk)
    require_writer(request.user)
    form = InspectionForm(request.POST or None, instance=inspection, user=request.user)
    context = {
        "form": form,
        "title": _("Edit inspection"),
        "cancel": reverse("enforcement:inspection_detail", args=[pk]),
        "warnings_url": f"{reverse('enforcement:inspection_visit_warnings')}?inspection={pk}",
        "warnings": limits.visit_warnings(
            enterprise=inspection.enterprise, issuer=inspection.issuer, on=inspection.inspected_on, exclude=inspection
        ),
    }
    if request.method == "POST":
        status = 400
        if form.is_valid():
            kwargs = form.service_kwargs()
            officers = kwargs.pop("officers")
            try:
                services.inspection_update(
                    acting_user=request.user,
                    inspection=inspection,
                    officers=officers,
                    version=form.opened_version,
                    **kwargs,
                )
            except StaleVersion as exc:
                status = refuse_stale(request, form, exc)
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("enforcement:inspection_detail", pk=pk)
        return render(request, "enforcement/form.html", context, status=status)
    return render(request, "enforcement/form.html", context)


@login_required
def inspection_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    inspection = get_object_or_404(selectors.inspection_detail_queryset(user=request.user), pk=pk)
    return render(request, "enforcement/inspection_detail.html", _detail_context(request, inspection))


def _run_action(request: AuthedRequest, action: str, inspection: Inspection, data: dict[str, Any]) -> str:
    user = request.user
    if action == "finding":
        services.finding_add(acting_user=user, inspection=inspection, **data)
        return _("Problem recorded.")
    if action == "order":
        services.order_issue(acting_user=user, inspection=inspection, **data)
        return _("Order to rectify issued.")
    if action == "reinspect":
        order = getattr(inspection, "order", None)
        if order is None:
            raise ValidationError(_("There is no order to re-inspect."))
        services.order_reinspect(acting_user=user, order=order, **data)
        return _("Re-inspection recorded.")
    finding = get_object_or_404(Finding, inspection=inspection, pk=data["finding"])
    services.finding_to_hazard(acting_user=user, finding=finding, deadline=data["hazard_deadline"])
    return _("Handed over to the township's hazard loop.")


ACTION_FORMS: dict[str, type[forms.Form] | type[forms.ModelForm]] = {
    "finding": FindingForm,
    "order": OrderForm,
    "reinspect": ReinspectForm,
    "hazard": HandOverForm,
}


@login_required
@require_POST
def inspection_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    """One POST endpoint per step; the service decides whether the step is allowed."""
    inspection = get_object_or_404(selectors.inspection_detail_queryset(user=request.user), pk=pk)
    require_writer(request.user)
    form_class = ACTION_FORMS.get(action)
    if form_class is None:
        raise Http404
    form = form_class(request.POST, user=request.user) if form_class is ReinspectForm else form_class(request.POST)
    if form.is_valid():
        try:
            message = _run_action(request, action, inspection, form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, message)
            return redirect("enforcement:inspection_detail", pk=pk)
    context = _detail_context(request, inspection)
    context[f"{action}_form"] = form
    context["open_action"] = action
    return render(request, "enforcement/inspection_detail.html", context, status=400)


def _detail_context(request: AuthedRequest, inspection: Inspection) -> dict[str, Any]:
    order = getattr(inspection, "order", None)
    documents = list(inspection.documents.all())
    findings = list(inspection.findings.all())
    can_write = may(request.user, "enforcement.write")
    recorded = any(d.kind == IssuedDocument.Kind.INSPECTION_RECORD for d in documents)
    return {
        "inspection": inspection,
        "order": order,
        "findings": findings,
        "officers": list(inspection.officers.all()),
        "documents": document_menu(record=inspection, issued=documents),
        "cases": list(inspection.cases.all()),
        "timeline": timeline(inspection),
        "can_write": can_write,
        "locked": recorded,
        "can_add_finding": can_write and not recorded,
        "can_order": can_write and order is None and any(f.handling == Finding.Handling.ORDER for f in findings),
        "can_reinspect": can_write and order is not None and order.status == order.Status.AWAITING,
        "finding_form": FindingForm(initial={"handling": Finding.Handling.HAZARD if order else Finding.Handling.ORDER}),
        "order_form": OrderForm(initial={"deadline": inspection.inspected_on + dt.timedelta(days=DEFAULT_ORDER_DAYS)}),
        "reinspect_form": ReinspectForm(user=request.user),
        "hazard_form": HandOverForm(),
    }
