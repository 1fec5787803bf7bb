"""Inspections within limits: the caps table, annual plans with their 双随机 draws, and a township's or a
department's inspections per enterprise this year against the caps."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enforcement.forms_limits import DrawForm, InspectionCapForm, InspectionPlanForm
from enforcement.models import InspectionCap, InspectionPlan
from enforcement.selectors import limits as selectors
from enforcement.services import limits as services
from enterprises.models import Enterprise
from org.forms import attach_errors
from org.models import OrgUnit
from org.record_views import submit
from org.scoping import role_required, user_has_role
from org.typing import AuthedRequest


@role_required(*services.READERS)
def cap_list(request: AuthedRequest) -> HttpResponse:
    year = timezone.localdate().year
    caps = list(selectors.cap_list())
    in_force = {c.pk for c in services.caps_in_force(year, caps)}
    return render(
        request,
        "enforcement/limits/caps.html",
        {
            "caps": caps,
            "in_force": in_force,
            "year": year,
            "defaults": _default_rows(),
            "can_keep": user_has_role(request.user, services.KEEPERS),
            "joint_days": services.joint_visit_days(),
        },
    )


def _default_rows() -> list[tuple[str, int]]:
    labels = dict(Enterprise.Risk.choices)
    return [(str(labels.get(risk, _("Risk not graded"))), cap) for risk, cap in services.DEFAULT_CAPS.items()]


def _save_form(request: AuthedRequest, form, context: dict, save, success: str, target) -> HttpResponse:
    """Form → service → redirect, the refusals at the fields; a stale save answers 409 with who changed what."""
    outcome = submit(request, form, lambda: save(form), then=target, message=success, invalid_status=400)
    return outcome.response or render(request, "enforcement/form.html", context, status=outcome.status)


@role_required(*services.KEEPERS)
def cap_create(request: AuthedRequest) -> HttpResponse:
    form = InspectionCapForm(request.POST or None, initial={"from_year": timezone.localdate().year})
    context = {"form": form, "title": _("New inspection cap"), "cancel": reverse("enforcement:limits_caps")}
    if request.method != "POST":
        return render(request, "enforcement/form.html", context)
    return _save_form(
        request,
        form,
        context,
        lambda f: services.inspection_cap_create(acting_user=request.user, **f.service_kwargs()),
        _("Cap saved."),
        lambda _cap: reverse("enforcement:limits_caps"),
    )


@role_required(*services.KEEPERS)
def cap_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    cap = get_object_or_404(InspectionCap, pk=pk)
    form = InspectionCapForm(request.POST or None, instance=cap)
    context = {"form": form, "title": _("Edit inspection cap"), "cancel": reverse("enforcement:limits_caps")}
    if request.method != "POST":
        return render(request, "enforcement/form.html", context)
    return _save_form(
        request,
        form,
        context,
        lambda f: services.inspection_cap_update(
            acting_user=request.user, cap=cap, version=f.opened_version, **f.service_kwargs()
        ),
        _("Saved."),
        lambda _cap: reverse("enforcement:limits_caps"),
    )


@role_required(*services.READERS)
def plan_list(request: AuthedRequest) -> HttpResponse:
    return render(
        request,
        "enforcement/limits/plans.html",
        {"plans": selectors.plan_list(), "can_keep": user_has_role(request.user, services.KEEPERS)},
    )


@role_required(*services.KEEPERS)
def plan_create(request: AuthedRequest) -> HttpResponse:
    form = InspectionPlanForm(
        request.POST or None, user=request.user, initial={"year": timezone.localdate().year, "random_share": 50}
    )
    context = {"form": form, "title": _("New inspection plan"), "cancel": reverse("enforcement:limits_plans")}
    if request.method != "POST":
        return render(request, "enforcement/form.html", context)
    return _save_form(
        request,
        form,
        context,
        lambda f: services.inspection_plan_create(acting_user=request.user, **f.service_kwargs()),
        _("Plan saved. Now make its random draws."),
        lambda plan: reverse("enforcement:limits_plan", args=[plan.pk]),
    )


@role_required(*services.KEEPERS)
def plan_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(InspectionPlan, pk=pk)
    form = InspectionPlanForm(request.POST or None, instance=plan, user=request.user)
    context = {
        "form": form,
        "title": _("Edit inspection plan"),
        "cancel": reverse("enforcement:limits_plan", args=[pk]),
    }
    if request.method != "POST":
        return render(request, "enforcement/form.html", context)
    return _save_form(
        request,
        form,
        context,
        lambda f: services.inspection_plan_update(
            acting_user=request.user, plan=plan, version=f.opened_version, **f.service_kwargs()
        ),
        _("Saved."),
        lambda plan: reverse("enforcement:limits_plan", args=[plan.pk]),
    )


def _plan_page(request: AuthedRequest, plan: InspectionPlan, draw_form: DrawForm, status: int = 200) -> HttpResponse:
    draws = selectors.plan_draws(plan)
    return render(
        request,
        "enforcement/limits/plan_detail.html",
        {
            "plan": plan,
            "draws": draws,
            "progress": selectors.plan_progress(plan, draws),
            "draw_form": draw_form,
            "can_keep": user_has_role(request.user, services.KEEPERS),
        },
        status=status,
    )


@role_required(*services.READERS)
def plan_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(InspectionPlan.objects.select_related("issuer"), pk=pk)
    return _plan_page(request, plan, DrawForm(user=request.user))


@role_required(*services.KEEPERS)
@require_POST
def plan_draw(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(InspectionPlan.objects.select_related("issuer"), pk=pk)
    form = DrawForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            draw = services.plan_draw(acting_user=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(count)s enterprises drawn from %(pool)s (seed %(seed)s).")
                % {"count": draw.count, "pool": draw.pool_size, "seed": draw.seed},
            )
            return redirect("enforcement:limits_plan", pk=pk)
    return _plan_page(request, plan, form, status=400)


@login_required
def usage(request: AuthedRequest) -> HttpResponse:
    """Per township or department: each enterprise's inspections this year (every department) against its cap."""
    units = list(selectors.usage_units(user=request.user))
    year = timezone.localdate().year
    unit_pk = request.GET.get("unit") or (
        request.user.org_unit_id if request.user.org_unit_id in {u.pk for u in units} else None
    )
    unit = None
    if unit_pk:
        unit = next((u for u in units if str(u.pk) == str(unit_pk)), None)
        if unit is None:
            raise Http404
    rows = selectors.cap_usage(user=request.user, unit=unit, year=year) if unit else []
    return render(
        request,
        "enforcement/limits/usage.html",
        {
            "units": units,
            "unit": unit,
            "rows": rows,
            "year": year,
            "is_department": bool(unit and unit.kind == OrgUnit.Kind.DEPARTMENT),
            "over": sum(1 for r in rows if r.over),
            "can_read_limits": user_has_role(request.user, services.READERS),
        },
    )
