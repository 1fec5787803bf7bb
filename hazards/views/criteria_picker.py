"""htmx: the criterion picker on the hazard form, narrowed to the enterprise's industry, and the clauses the
description being typed resembles, offered for the user to click (never chosen for them)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from hazards import selectors
from org.typing import AuthedRequest


@login_required
def criterion_options(request: AuthedRequest) -> HttpResponse:
    industry = selectors.form_enterprise_industry(user=request.user, credit_code=request.GET.get("credit_code", ""))
    found = selectors.criterion_options(industry_code=industry, query=request.GET.get("q", ""))
    return render(request, "hazards/_criterion_results.html", {"criteria": found, "industry": industry})


@login_required
def criterion_suggestions(request: AuthedRequest) -> HttpResponse:
    industry = selectors.form_enterprise_industry(user=request.user, credit_code=request.GET.get("credit_code", ""))
    found = selectors.criterion_suggestions(industry_code=industry, description=request.GET.get("description", ""))
    return render(request, "hazards/_criterion_suggestions.html", {"suggestions": found})
