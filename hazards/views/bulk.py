"""Bulk re-inspection and closing from the ledger: pick → check (how many, which refused and why) → result."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hazards import selectors, services
from hazards.forms import BulkCloseForm
from hazards.models import Hazard
from org.forms import attach_errors
from org.ids import is_digits
from org.permissions import action_required
from org.typing import AuthedRequest


def _picked(request: AuthedRequest) -> QuerySet[Hazard] | list[int] | None:
    """What the ledger sent: every hazard matching its filter (the query string), or the ticked IDs."""
    if request.POST.get("all") == "1":
        return selectors.hazard_filter(user=request.user, data=request.GET).qs
    ids = [int(value) for value in request.POST.getlist("ids") if is_digits(value)]
    return ids or None


@action_required("hazards.reinspect_pass")
@require_POST
def hazard_bulk_close(request: AuthedRequest) -> HttpResponse:
    user = request.user
    back = f"{reverse('hazards:list')}?{request.GET.urlencode()}"
    step = request.POST.get("step", "pick")
    if step == "pick":
        picked = _picked(request)
        if picked is None:
            messages.warning(request, _("Select the hazards to close first."))
            return redirect(back)
        form = BulkCloseForm(user=user)
        preview = services.hazard_bulk_close(
            acting_user=user, hazards=picked, closed_on=timezone.localdate(), reinspector=str(user), dry_run=True
        )
        form.initial["rows"] = BulkCloseForm.encode_rows(preview.versions)
        if preview.needs_reason:
            form.ask_reason()
        return render(request, "hazards/bulk_close.html", {"form": form, "result": preview, "back": back})

    form = BulkCloseForm(request.POST, user=user)
    result: services.BulkCloseResult | None = None
    if form.is_valid():
        data = form.cleaned_data
        confirm = step == "confirm"
        try:
            result = services.hazard_bulk_close(
                acting_user=user,
                hazards=list(data["rows"]),
                versions=data["rows"],
                closed_on=data["closed_on"],
                reinspector=data["reinspector"],
                note=data["note"],
                reason=data["reason"],
                dry_run=not confirm,
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            if result.needs_reason:
                form.ask_reason()
            if confirm:
                return render(
                    request,
                    "hazards/bulk_close.html",
                    {"result": result, "done": True, "closed_on": data["closed_on"], "back": back},
                )
            # The next confirmation carries the versions of this check.
            data = cast(QueryDict, form.data).copy()  # a bound form\'s data is the request\'s QueryDict
            data["rows"] = BulkCloseForm.encode_rows(result.versions)
            form.data = data
    if "reason" in form.data and form.data.get("reason"):
        form.ask_reason()
    status = 200 if result is not None else 400
    return render(request, "hazards/bulk_close.html", {"form": form, "result": result, "back": back}, status=status)
