"""Township ranking pages: compute, read with deductions, publish as a bulletin (page and PDF), history."""

from __future__ import annotations

import time
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from org.forms import attach_errors
from org.models import OrgUnit
from org.pdf import render_pdf
from org.record_views import paginate
from org.scoping import role_required, user_has_role
from org.typing import AuthedRequest
from responsibility import selectors, services
from responsibility.forms import RankingComputeForm
from responsibility.models import Colour, Ranking

OFFICE = services.OFFICE
# Printed in the bulletin, which is an official document in Chinese whatever the reader's UI language.
COLOUR_ZH = {
    Colour.BLUE: "蓝色",
    Colour.GREEN: "绿色",
    Colour.YELLOW: "黄色",
    Colour.ORANGE: "橙色",
    Colour.RED: "红色",
}


def _ranking(request: AuthedRequest, pk: int) -> Ranking:
    return get_object_or_404(selectors.ranking_list(user=request.user), pk=pk)


@login_required
def ranking_list(request: AuthedRequest) -> HttpResponse:
    page = paginate(request, selectors.ranking_list(user=request.user)).page
    can_compute = user_has_role(request.user, OFFICE)
    context = {
        "page": page,
        "can_compute": can_compute,
        "form": RankingComputeForm(user=request.user) if can_compute else None,
        "home_township": request.user.org_unit
        if request.user.org_unit and request.user.org_unit.kind == OrgUnit.Kind.TOWNSHIP
        else None,
    }
    return render(request, "responsibility/ranking_list.html", context)


@role_required(*OFFICE)
@require_POST
def ranking_compute(request: AuthedRequest) -> HttpResponse:
    form = RankingComputeForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            ranking = services.ranking_compute(
                acting_user=request.user, scheme=form.cleaned_data["scheme"], period=form.cleaned_data["period"]
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Ranking computed. Check it, then publish it."))
            return redirect("responsibility:ranking_detail", pk=ranking.pk)
    page = Paginator(selectors.ranking_list(user=request.user), 25).get_page(1)
    return render(
        request, "responsibility/ranking_list.html", {"page": page, "can_compute": True, "form": form}, status=400
    )


def _ranking_context(ranking: Ranking) -> dict[str, Any]:
    entries = list(selectors.ranking_entries(ranking=ranking))
    groups = []
    for colour in Colour:
        members = [e for e in entries if e.colour == colour]
        if members:
            groups.append({"colour": colour.value, "label": colour.label, "zh": COLOUR_ZH[colour], "entries": members})
    indicator_names = [i["name"] for i in entries[0].indicators] if entries else []
    # The bulletin spells out the deductions of the bottom colours; the portal shows everyone's.
    lagging = [e for e in entries if e.colour in (Colour.RED, Colour.ORANGE)]
    return {
        "ranking": ranking,
        "entries": entries,
        "groups": groups,
        "indicator_names": indicator_names,
        "red": [e for e in entries if e.colour == Colour.RED],
        "lagging": lagging,
        "lagging_deductions": any(e.deductions for e in lagging),
    }


@login_required
def ranking_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    ranking = _ranking(request, pk)
    context = _ranking_context(ranking)
    context["can_manage"] = user_has_role(request.user, OFFICE) and not ranking.is_published
    return render(request, "responsibility/ranking_detail.html", context)


@login_required
@require_POST
def ranking_publish(request: AuthedRequest, pk: int) -> HttpResponse:
    ranking = _ranking(request, pk)  # outside the area: 404 before anything else
    if not user_has_role(request.user, OFFICE):
        raise PermissionDenied
    try:
        services.ranking_publish(acting_user=request.user, ranking=ranking)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Published."))
    return redirect("responsibility:ranking_detail", pk=pk)


@login_required
@require_POST
def ranking_discard(request: AuthedRequest, pk: int) -> HttpResponse:
    ranking = _ranking(request, pk)  # outside the area: 404 before anything else
    if not user_has_role(request.user, OFFICE):
        raise PermissionDenied
    try:
        services.ranking_discard(acting_user=request.user, ranking=ranking)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("responsibility:ranking_detail", pk=pk)
    messages.success(request, _("Draft discarded."))
    return redirect("responsibility:ranking_list")


def _bulletin_context(request: AuthedRequest, pk: int) -> dict[str, Any]:
    ranking = _ranking(request, pk)
    if not ranking.is_published and not user_has_role(request.user, OFFICE):
        raise Http404
    context = _ranking_context(ranking)
    context["issued_on"] = (
        timezone.localtime(ranking.published_at).date() if ranking.published_at else timezone.localdate()
    )
    return context


@login_required
def ranking_bulletin(request: AuthedRequest, pk: int) -> HttpResponse:
    return render(request, "responsibility/bulletin.html", _bulletin_context(request, pk))


@login_required
def ranking_bulletin_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    """晾晒通报 as an official document (GB/T 9704 layout)."""
    context = _bulletin_context(request, pk)
    started = time.monotonic()
    pdf = render_pdf("responsibility/bulletin_pdf.html", context)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="ranking-{pk}.pdf"'
    response["Server-Timing"] = f"pdf;dur={(time.monotonic() - started) * 1000:.0f}"
    return response


@login_required
def township_history(request: AuthedRequest, pk: int) -> HttpResponse:
    """A township's colour and place in every published ranking, with why."""
    township = get_object_or_404(OrgUnit.objects.visible_to(request.user).townships(), pk=pk)
    entries = selectors.township_history(user=request.user, township=township)
    page = paginate(request, entries, 20).page
    return render(request, "responsibility/township_history.html", {"township": township, "page": page})


@login_required
def scheme_rules(request: AuthedRequest) -> HttpResponse:
    """The assessment rules (考评细则) that rank the user's area."""
    return render(request, "responsibility/scheme_rules.html", {"schemes": selectors.scheme_rules(user=request.user)})
