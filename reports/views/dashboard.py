"""The dashboards: city or district for leaders, the township's own, and the township file (一镇一档)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from org.models import OrgUnit, Role
from org.scoping import role_required
from org.typing import AuthedRequest
from reports.dashboard import city_dashboard, dashboard_scope
from reports.dashboard import township_dashboard as township_data
from reports.dashboard import township_dossier as dossier_data
from reports.dashboard.forms import DashboardFilterForm
from reports.todo import todo_for

DASHBOARD_ROLES = (Role.LEADER, Role.CLERK, Role.ADMIN, Role.OFFICER)


def _filter_form(request: AuthedRequest) -> DashboardFilterForm:
    form = DashboardFilterForm(request.GET or None, user=request.user, today=timezone.localdate())
    if form.district_error:
        raise Http404  # a district outside the user's area: the same answer as one that does not exist
    return form


@role_required(*DASHBOARD_ROLES)
def dashboard(request: AuthedRequest) -> HttpResponse:
    form = _filter_form(request)
    scope = dashboard_scope(
        user=request.user,
        period=form.get_period(),
        today=form.today,
        district=form.get_district(),
        sector=form.get_sector(),
    )
    unit = request.user.org_unit
    context = {
        "form": form,
        "dash": city_dashboard(scope=scope),
        # A district leader's area is one district already.
        "pick_district": unit is None or unit.kind == OrgUnit.Kind.CITY,
        "todo": todo_for(user=request.user, today=timezone.localdate()),
    }
    return render(request, "reports/dashboard.html", context)


@login_required
def township_dashboard(request: AuthedRequest) -> HttpResponse:
    form = _filter_form(request)
    dash = township_data(user=request.user, period=form.get_period(), today=form.today)
    # "figures" and "overdue" are what the old home page offered; tests and bookmarks rely on them.
    context = {
        "form": form,
        "dash": dash,
        "figures": dash.figures,
        "overdue": dash.overdue,
        "todo": todo_for(user=request.user, today=timezone.localdate()),
    }
    return render(request, "reports/dashboard_township.html", context)


@login_required
def township_dossier(request: AuthedRequest, pk: int) -> HttpResponse:
    township = get_object_or_404(OrgUnit.objects.visible_to(request.user).townships(), pk=pk)
    form = _filter_form(request)
    dossier = dossier_data(township=township, period=form.get_period(), today=form.today)
    return render(request, "reports/dashboard_dossier.html", {"form": form, "dossier": dossier})
