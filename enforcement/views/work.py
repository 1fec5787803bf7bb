from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from enforcement import selectors, services
from enforcement.forms import JointActionForm
from org.forms import attach_errors
from org.periods import Period
from org.permissions import action_required, may
from org.typing import AuthedRequest


@action_required("enforcement.write")
def my_work(request: AuthedRequest) -> HttpResponse:
    """The officer's open work: orders awaiting re-inspection and open cases, soonest deadline first."""
    work = selectors.my_open_work(user=request.user)
    return render(request, "enforcement/my_work.html", {"work": work, "today": timezone.localdate()})


@login_required
def joint_action_list(request: AuthedRequest) -> HttpResponse:
    actions = selectors.joint_action_list()
    return render(
        request,
        "enforcement/joint_action_list.html",
        {
            "actions": actions,
            "can_write": may(request.user, "enforcement.write"),
        },
    )


@action_required("enforcement.write")
def joint_action_create(request: AuthedRequest) -> HttpResponse:
    form = JointActionForm(request.POST or None, user=request.user)
    context = {"form": form, "title": _("New joint action"), "cancel": reverse("enforcement:joint_action_list")}
    if request.method == "POST":
        if form.is_valid():
            try:
                action = services.joint_action_create(acting_user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, _("Joint action saved."))
                return redirect("enforcement:joint_action_detail", pk=action.pk)
        return render(request, "enforcement/form.html", context, status=400)
    return render(request, "enforcement/form.html", context)


@login_required
def joint_action_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """What was done under one joint action, within the user's area."""
    action = get_object_or_404(selectors.joint_action_list(), pk=pk)
    period = Period(action.start, action.end)
    filters = {"joint_action": action}
    return render(
        request,
        "enforcement/joint_action_detail.html",
        {
            "action": action,
            "figures": selectors.enforcement_figures(user=request.user, period=period, filters=filters),
            "by_township": [
                row
                for row in selectors.enforcement_figures_by_township(user=request.user, period=period, filters=filters)
                if row[1].inspections or row[1].cases
            ],
        },
    )


def _period(request: AuthedRequest) -> Period:
    today = timezone.localdate()
    try:
        start = dt.date.fromisoformat(request.GET.get("start", ""))
        end = dt.date.fromisoformat(request.GET.get("end", ""))
    except ValueError:
        return Period(today.replace(month=1, day=1), today)
    return Period(start, end) if start <= end else Period(end, start)


@login_required
def figures(request: AuthedRequest) -> HttpResponse:
    """Enforcement statistics for a period: headline, by township, sector, month and joint action."""
    period = _period(request)
    user = request.user
    return render(
        request,
        "enforcement/figures.html",
        {
            "period": period,
            "figures": selectors.enforcement_figures(user=user, period=period),
            "by_township": selectors.enforcement_figures_by_township(user=user, period=period),
            "by_sector": selectors.enforcement_figures_by_sector(user=user, period=period),
            "by_month": selectors.enforcement_figures_by_month(user=user, period=period),
            "by_joint_action": selectors.enforcement_figures_by_joint_action(user=user, period=period),
            "last_year": selectors.enforcement_figures(user=user, period=period.same_period_last_year()),
        },
    )
