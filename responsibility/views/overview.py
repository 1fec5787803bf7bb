"""The responsibility system at a glance: the figures that open every half-year summary."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from org.typing import AuthedRequest
from responsibility import selectors
from responsibility.forms import PeriodFilterForm
from responsibility.models import Meeting


@login_required
def overview(request: AuthedRequest) -> HttpResponse:
    user = request.user
    filter_form = PeriodFilterForm(request.GET or None, user=user)
    period = filter_form.get_period()
    figures = selectors.responsibility_figures(user=user, period=period)
    context = {
        "filter_form": filter_form,
        "period": period,
        "responsibility": figures,
        "meeting_kinds": [(Meeting.Kind(kind).label, n) for kind, n in figures.meetings_by_kind.items()],
        "accidents": selectors.accident_figures(user=user, period=period),
        "publicity": selectors.publicity_figures(user=user, period=period),
        "latest": selectors.ranking_list(user=user).filter(status="published").first(),
    }
    return render(request, "responsibility/overview.html", context)
