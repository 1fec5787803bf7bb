"""Detail pages and the small actions on them: check-ins, inspection follow-up, hazard links, stock counts."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from floodprep import selectors, services
from floodprep.forms import CheckInForm, InspectionCountsForm, LinkHazardForm, StockForm
from floodprep.models import ResponsiblePerson, RiskInspection, Warehouse
from floodprep.seasons import default_period
from floodprep.views.records import can_write
from org.audit import action_label, audit_trail
from org.forms import attach_errors
from org.scoping import role_required
from org.typing import AuthedRequest
from org.versioning import StaleVersion, refuse_stale


@login_required
def person_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(selectors.person_detail_queryset(user=request.user), pk=pk)
    return render(request, "floodprep/person_detail.html", _person_context(request, person, CheckInForm()))


def _person_context(request: AuthedRequest, person: ResponsiblePerson, form: CheckInForm) -> dict[str, Any]:
    period = default_period()
    checkins = list(selectors.last_checkins(person=person))
    return {
        "person": person,
        "checkins": checkins,
        "checkin_form": form,
        "can_write": can_write(request),
        "risk_points": person.risk_points.select_related("org_unit"),
        "period": period,
        "checked_this_season": any(period.start <= c.checked_on <= period.end for c in checkins),
    }


@role_required(*services.WRITERS)
@require_POST
def person_checkin(request: AuthedRequest, pk: int) -> HttpResponse:
    """进岗履职: from the roster row (htmx, today) or from the person's page (any past date)."""
    person = get_object_or_404(selectors.person_detail_queryset(user=request.user), pk=pk)
    if request.htmx:
        try:
            services.checkin_record(acting_user=request.user, person=person)
        except ValidationError as exc:
            return HttpResponse(" ".join(exc.messages), status=400)
        row = selectors.person_filter(user=request.user, data={}).qs.get(pk=pk)
        return render(request, "floodprep/_person_row.html", {"p": row, "can_write": True, "period": default_period()})
    form = CheckInForm(request.POST)
    if form.is_valid():
        try:
            _checkin, created = services.checkin_record(
                acting_user=request.user,
                person=person,
                checked_on=form.cleaned_data["checked_on"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Check-in recorded.") if created else _("Already checked in that day."))
            return redirect("floodprep:person", pk=pk)
    return render(request, "floodprep/person_detail.html", _person_context(request, person, form), status=400)


@login_required
def risk_point_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    point = get_object_or_404(selectors.risk_point_detail_queryset(user=request.user), pk=pk)
    context = {
        "point": point,
        "can_write": can_write(request),
        "persons": point.responsible_persons.select_related("org_unit"),
        "inspections": point.inspections.select_related("org_unit")[:20],
    }
    return render(request, "floodprep/risk_point_detail.html", context)


@login_required
def inspection_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    inspection = get_object_or_404(selectors.inspection_detail_queryset(user=request.user), pk=pk)
    return render(request, "floodprep/inspection_detail.html", _inspection_context(request, inspection))


def _inspection_context(request: AuthedRequest, inspection: RiskInspection, **forms: Any) -> dict[str, Any]:
    counts = {
        name: getattr(inspection, name) for name in ("hazards_found", "hazards_rectified", "measures_in_place", "note")
    }
    return {
        "inspection": inspection,
        "can_write": can_write(request),
        "risk_points": inspection.risk_points.select_related("org_unit"),
        "hazards": inspection.hazards.select_related("org_unit", "sector"),
        "timeline": _timeline(inspection),
        "counts_form": forms.get("counts_form")
        or InspectionCountsForm(initial={**counts, "version": inspection.version}),
        "link_form": forms.get("link_form") or LinkHazardForm(hazards=_linkable(request, inspection)),
    }


def _linkable(request: AuthedRequest, inspection: RiskInspection) -> Any:
    return selectors.linkable_hazards(user=request.user, inspection=inspection)


AUDIT_LABELS = {
    "floodprep.inspection.created": _lazy("Recorded"),
    "floodprep.inspection.updated": _lazy("Follow-up counts updated"),
    "floodprep.inspection.hazard_linked": _lazy("Hazard linked"),
}


def _timeline(inspection: RiskInspection) -> list[Any]:
    entries = list(audit_trail(inspection).order_by("created_at", "pk"))
    for entry in entries:
        entry.label = AUDIT_LABELS.get(entry.action) or action_label(entry.action, entry.target_type_id)
    return entries


@role_required(*services.WRITERS)
@require_POST
def inspection_counts(request: AuthedRequest, pk: int) -> HttpResponse:
    inspection = get_object_or_404(selectors.inspection_detail_queryset(user=request.user), pk=pk)
    form = InspectionCountsForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services.risk_inspection_update_counts(acting_user=request.user, inspection=inspection, **form.cleaned_data)
        except StaleVersion as exc:
            status = refuse_stale(request, form, exc)
            inspection.refresh_from_db()  # the page beside her form shows the counts now stored
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("floodprep:inspection", pk=pk)
    context = _inspection_context(request, inspection, counts_form=form)
    return render(request, "floodprep/inspection_detail.html", context, status=status)


@role_required(*services.WRITERS)
@require_POST
def inspection_link_hazard(request: AuthedRequest, pk: int) -> HttpResponse:
    inspection = get_object_or_404(selectors.inspection_detail_queryset(user=request.user), pk=pk)
    form = LinkHazardForm(request.POST, hazards=_linkable(request, inspection))
    if form.is_valid():
        try:
            services.risk_inspection_link_hazard(
                acting_user=request.user, inspection=inspection, hazard_id=form.cleaned_data["hazard"].pk
            )
        except ValidationError as exc:
            form.add_error("hazard", exc.messages)
        else:
            messages.success(request, _("Hazard linked."))
            return redirect("floodprep:inspection", pk=pk)
    context = _inspection_context(request, inspection, link_form=form)
    return render(request, "floodprep/inspection_detail.html", context, status=400)


@login_required
def warehouse_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    warehouse = get_object_or_404(selectors.warehouse_detail_queryset(user=request.user), pk=pk)
    return render(request, "floodprep/warehouse_detail.html", _warehouse_context(request, warehouse, StockForm()))


def _warehouse_context(request: AuthedRequest, warehouse: Warehouse, form: StockForm) -> dict[str, Any]:
    return {
        "warehouse": warehouse,
        "stock": selectors.stock_of(warehouse=warehouse),
        "stock_form": form,
        "can_write": can_write(request),
    }


@role_required(*services.WRITERS)
@require_POST
def warehouse_stock(request: AuthedRequest, pk: int) -> HttpResponse:
    warehouse = get_object_or_404(selectors.warehouse_detail_queryset(user=request.user), pk=pk)
    form = StockForm(request.POST)
    if form.is_valid():
        try:
            services.stock_set(acting_user=request.user, warehouse=warehouse, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Stock count saved."))
            return redirect("floodprep:warehouse", pk=pk)
    return render(request, "floodprep/warehouse_detail.html", _warehouse_context(request, warehouse, form), status=400)
