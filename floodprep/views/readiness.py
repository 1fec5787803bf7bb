"""The flood-season readiness page (汛前准备) and the supply shortfall list."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import render

from floodprep import selectors
from floodprep.forms import ReadinessForm
from floodprep.seasons import default_period
from org.models import OrgUnit
from org.periods import Period
from org.typing import AuthedRequest


def _area_and_period(request: AuthedRequest) -> tuple[ReadinessForm, OrgUnit | None, Period]:
    default = default_period()
    form = ReadinessForm(request.GET or None, user=request.user, initial={"start": default.start, "end": default.end})
    if not form.is_bound:
        return form, None, default
    if not form.is_valid():
        if "unit" in form.errors:
            raise Http404  # a unit outside the user's area: the same answer as a unit that does not exist
        return form, None, default
    data = form.cleaned_data
    return form, data["unit"], Period(data["start"] or default.start, data["end"] or default.end)


def _query(unit: OrgUnit | None, period: Period | None = None) -> str:
    query = QueryDict(mutable=True)
    if unit is not None:
        query["unit"] = str(unit.pk)
    if period is not None:
        query["start"], query["end"] = period.start.isoformat(), period.end.isoformat()
    return query.urlencode()


@login_required
def readiness(request: AuthedRequest) -> HttpResponse:
    form, unit, period = _area_and_period(request)
    total, rows = selectors.flood_readiness(user=request.user, period=period, unit=unit)
    context = {
        "form": form,
        "unit": unit,
        "period": period,
        "figures": total,
        "rows": [(township, figures, _query(township, period)) for township, figures in rows] if len(rows) > 1 else [],
        "sentence": selectors.inspection_sentence(total),
        "q": _query(unit),
        "qp": _query(unit, period),
    }
    return render(request, "floodprep/readiness.html", context)


@login_required
def shortfalls(request: AuthedRequest) -> HttpResponse:
    form, unit, _period = _area_and_period(request)
    found = selectors.supply_shortfalls(user=request.user, unit=unit)
    return render(request, "floodprep/shortfalls.html", {"form": form, "unit": unit, "shortfalls": found})
