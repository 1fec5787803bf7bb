from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import BaseForm, Form
from django.http import FileResponse, Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from hazards import selectors, services
from hazards.forms import (
    FIVE_FIELDS,
    AssignForm,
    ClosedPeriodReasonForm,
    FiveForm,
    HazardForm,
    RectifyForm,
    ReinspectForm,
    SendBackForm,
    SupervisionForm,
)
from hazards.models import Hazard, HazardPhoto
from hazards.quality import entry_hints as compute_hints
from org.audit import action_label, audit_trail
from org.forms import attach_errors
from org.holding import FIELD as HELD_FIELD
from org.holding import held_uploads_for, held_uploads_keep, held_uploads_release
from org.idempotency import idempotent
from org.pdf import render_pdf
from org.permissions import action_required, may
from org.record_views import paginate
from org.typing import AuthedRequest
from org.uploads import serve_upload

PAGE_SIZE = 25


@login_required
def hazard_list(request: AuthedRequest) -> HttpResponse:
    hazard_filter = selectors.hazard_filter(user=request.user, data=request.GET)
    listing = paginate(request, hazard_filter.qs.only(*selectors.ROW_FIELDS), PAGE_SIZE)
    page = listing.page
    context = {
        "filter": hazard_filter,
        "page": page,
        "query": listing.query,
        "can_write": may(request.user, "hazards.write"),
        # Ticking rows for a bulk re-inspection and closing (hazards/views/bulk.py).
        "can_close": may(request.user, "hazards.reinspect_pass"),
    }
    if request.htmx and request.htmx.target == "ledger":
        # The village select follows the township: the table comes with the new select out of band.
        return render(request, "hazards/_ledger_table.html", {**context, "village_oob": True})
    return render(request, "hazards/list.html", context)


HELD_PURPOSE = "hazards.create"


@action_required("hazards.write")
@idempotent
def hazard_create(request: AuthedRequest) -> HttpResponse:
    form = HazardForm(request.POST or None, request.FILES or None, user=request.user)
    # Photos kept from an earlier refused POST of this form (org.holding), sent back as hidden inputs.
    held = held_uploads_for(user=request.user, purpose=HELD_PURPOSE, ids=request.POST.getlist(HELD_FIELD))
    if request.method == "POST" and form.is_valid():
        try:
            hazard = services.hazard_create(
                acting_user=request.user,
                photos=[*form.cleaned_data["photos"], *(one.as_file() for one in held)],
                **form.service_kwargs(),
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            held_uploads_release(acting_user=request.user, held=held)
            messages.success(request, _("Hazard saved."))
            for hint in _hints_for(hazard):
                messages.warning(request, hint)
            if "save_and_new" in request.POST:
                return redirect("hazards:create")
            return redirect("hazards:detail", pk=hazard.pk)
    if request.method == "POST":
        # Refused: the photos just chosen are kept, so the worker does not have to take them again.
        held += held_uploads_keep(
            acting_user=request.user, purpose=HELD_PURPOSE, files=(form.cleaned_data or {}).get("photos") or []
        )
    context = {
        "form": form,
        "title": _("New hazard"),
        "held": held,
        "held_field": HELD_FIELD,
        "photo_long_side": settings.PHOTO_MAX_LONG_SIDE,
    }
    return render(request, "hazards/form.html", context)


@action_required("hazards.write")
def hazard_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    hazard = get_object_or_404(selectors.hazard_detail_queryset(user=request.user), pk=pk)
    if hazard.status == Hazard.Status.CLOSED:
        messages.error(request, _("A closed hazard can no longer be edited."))
        return redirect("hazards:detail", pk=pk)
    form = HazardForm(request.POST or None, request.FILES or None, instance=hazard, user=request.user)
    status = 200
    if request.method == "POST" and form.is_valid():
        kwargs = form.service_kwargs()
        five = kwargs.pop("five")
        try:
            services.hazard_update(
                acting_user=request.user, hazard=hazard, version=form.cleaned_data["version"], **kwargs, **five
            )
        except services.EditConflict as exc:
            # The form keeps what this user typed; saving again now is a deliberate overwrite.
            attach_errors(form, exc)
            data = cast(QueryDict, form.data).copy()  # a bound form\'s data is the request\'s QueryDict
            data["version"] = str(exc.current_version)
            form.data = data
            status = 409
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Hazard saved."))
            return redirect("hazards:detail", pk=pk)
    context = {"form": form, "hazard": hazard, "title": _("Edit hazard")}
    return render(request, "hazards/form.html", context, status=status)


@login_required
def hazard_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    hazard = get_object_or_404(selectors.hazard_detail_queryset(user=request.user), pk=pk)
    return render(request, "hazards/detail.html", _detail_context(request, hazard))


ACTION_FORMS: dict[str, type[BaseForm]] = {
    "assign": AssignForm,
    "start": Form,
    "rectify": RectifyForm,
    "reinspect": ReinspectForm,
    "send_back": SendBackForm,
    "five": FiveForm,
    "supervise": SupervisionForm,
}


def _run_action(request: AuthedRequest, action: str, hazard: Hazard, data: dict[str, Any]) -> None:
    user = request.user
    if action == "assign":
        services.hazard_assign(acting_user=user, hazard=hazard, **data)
    elif action == "start":
        services.hazard_start_rectification(acting_user=user, hazard=hazard)
    elif action == "rectify":
        services.hazard_rectify(
            acting_user=user,
            hazard=hazard,
            note=data["note"],
            photos=data["photos"],
            rectified_on=data["rectified_on"],
            reason=data["reason"],
        )
    elif action == "reinspect":
        services.hazard_reinspect(
            acting_user=user,
            hazard=hazard,
            passed=data["passed"],
            note=data["note"],
            reinspected_on=data["reinspected_on"],
            reinspector=data["reinspector"],
            reason=data["reason"],
        )
    elif action == "send_back":
        services.hazard_send_back(acting_user=user, hazard=hazard, reason=data["reason"])
    elif action == "five":
        services.hazard_set_five(
            acting_user=user,
            hazard=hazard,
            five={name: data[name] for name in FIVE_FIELDS},
            version=data.get("version"),
        )
    elif action == "supervise":
        services.hazard_list_supervision(
            acting_user=user, hazard=hazard, level=data["level"], listed_on=data["listed_on"]
        )


@login_required
@require_POST
def hazard_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    """One POST endpoint per move; the service decides whether the move is legal."""
    hazard = get_object_or_404(selectors.hazard_detail_queryset(user=request.user), pk=pk)
    form_class = ACTION_FORMS.get(action)
    if form_class is None:
        raise Http404
    form = (
        FiveForm(request.POST, request.FILES, instance=hazard)
        if form_class is FiveForm
        else form_class(request.POST, request.FILES)
    )
    status = 400
    if form.is_valid():
        try:
            _run_action(request, action, hazard, form.cleaned_data)
        except services.ClosedPeriodRefusal as exc:
            if isinstance(form, ClosedPeriodReasonForm):  # the dated steps' forms, the only ones refused so
                form.ask_reason()
            attach_errors(form, exc)
        except services.EditConflict as exc:
            # As on the edit form: the typed text stays in the form; saving again is a deliberate overwrite.
            attach_errors(form, exc)
            data = cast(QueryDict, form.data).copy()  # a bound form\'s data is the request\'s QueryDict
            data["version"] = str(exc.current_version)
            form.data = data
            status = 409
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("hazards:detail", pk=pk)
    if form_class is FiveForm:
        # The ModelForm copied the refused input onto the instance; the page must show what is stored.
        hazard.refresh_from_db()
    context = _detail_context(request, hazard)
    if context.get(f"{action}_form") is None:
        # The page shows no form of this step (a move no longer open, or "start", a lone button): its refusal
        # (org.state_machine, org.permissions) is said at the top of the page instead of nowhere.
        for error in form.non_field_errors():
            messages.error(request, str(error))
    context[f"{action}_form"] = form
    context["open_action"] = action
    return render(request, "hazards/detail.html", context, status=status)


@login_required
def hazard_photo(request: AuthedRequest, pk: int, photo_pk: int) -> FileResponse:
    """Photos are served through the scope check, never as public media."""
    hazard = get_object_or_404(selectors.hazard_detail_queryset(user=request.user), pk=pk)
    photo = get_object_or_404(HazardPhoto, hazard=hazard, pk=photo_pk)
    return serve_upload(photo.image, filename=f"hazard-{hazard.pk}-{photo.pk}")


@login_required
def hazard_notice_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    """The assignment notice (隐患整改交办单) handed to the responsible unit."""
    hazard = get_object_or_404(selectors.hazard_detail_queryset(user=request.user), pk=pk)
    pdf = render_pdf("hazards/notice_pdf.html", {"hazard": hazard, "today": timezone.localdate()})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="hazard-{hazard.pk}.pdf"'
    return response


@login_required
def criteria(request: AuthedRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    found = selectors.criterion_search(query=query, limit=50)
    template = "hazards/_criterion_results.html" if request.htmx else "hazards/criteria.html"
    return render(request, template, {"criteria": found, "q": query})


@login_required
@require_POST
def entry_hints(request: AuthedRequest) -> HttpResponse:
    """htmx: quality hints while the form is being filled in."""

    def date(name: str) -> dt.date | None:
        try:
            return dt.date.fromisoformat(request.POST.get(name, ""))
        except ValueError:
            return None

    hints = compute_hints(
        description=request.POST.get("description", ""),
        measures=request.POST.get("measures", ""),
        deadline=date("deadline"),
        found_on=date("found_on"),
        is_major=request.POST.get("level") == Hazard.Level.MAJOR,
    )
    return render(request, "hazards/_hints.html", {"hints": hints})


def _hints_for(hazard: Hazard) -> list[str]:
    return compute_hints(
        description=hazard.description,
        measures=hazard.measures,
        deadline=hazard.deadline,
        found_on=hazard.found_on,
        is_major=hazard.is_major,
    )


AUDIT_LABELS = {
    "hazards.hazard.created": _lazy("Reported"),
    "hazards.hazard.assign": _lazy("Assigned"),
    "hazards.hazard.start": _lazy("Rectification started"),
    "hazards.hazard.rectify": _lazy("Rectification submitted"),
    "hazards.hazard.reinspect_pass": _lazy("Re-inspection passed, closed"),
    "hazards.hazard.reinspect_fail": _lazy("Re-inspection failed"),
    "hazards.hazard.send_back": _lazy("Sent back"),
    "hazards.hazard.updated": _lazy("Details edited"),
    "hazards.hazard.five_in_place": _lazy("Five in place recorded"),
    "hazards.hazard.listed": _lazy("Put under listed supervision"),
    "hazards.hazard.overdue_marked": _lazy("Marked overdue"),
}


def _timeline(hazard: Hazard) -> list[Any]:
    entries = list(audit_trail(hazard).order_by("created_at", "pk"))
    for entry in entries:
        entry.label = AUDIT_LABELS.get(entry.action) or action_label(entry.action, entry.target_type_id)
        to = entry.data.get("to")
        entry.to_label = Hazard.Status(to).label if to in Hazard.Status.values else ""
        # The date the step happened, when it differs from the day it was entered (back-entered months).
        stated = entry.data.get("closed_on") or entry.data.get("reinspected_on") or entry.data.get("rectified_on")
        entry.stated_on = stated if stated and stated != timezone.localtime(entry.created_at).date().isoformat() else ""
    return entries


def _detail_context(request: AuthedRequest, hazard: Hazard) -> dict[str, Any]:
    user = request.user
    actions = services.allowed_actions(hazard=hazard, user=user)
    is_open = hazard.status != Hazard.Status.CLOSED
    can_reinspect = "reinspect_pass" in actions or "reinspect_fail" in actions
    # Separation of duties: the page says why the re-inspection is not offered to this user.
    duty_refusal = (
        services.reinspection_refusal(hazard=hazard, user=user)
        if hazard.status == Hazard.Status.AWAITING_REVIEW
        and "reinspect_pass" not in actions
        and may(user, "hazards.reinspect_pass")
        else ""
    )
    can_supervise = may(user, "hazards.supervise") and hazard.is_major and is_open
    can_edit = may(user, "hazards.write") and is_open
    # Only the forms the page shows: a leader reading a hazard gets none of the six built.
    return {
        "hazard": hazard,
        "photos": list(hazard.photos.all()),
        "timeline": _timeline(hazard),
        "actions": actions,
        "can_reinspect": can_reinspect,
        "duty_refusal": duty_refusal,
        "closure_flags": hazard.closure_flag_labels,
        "can_supervise": can_supervise,
        "can_edit": can_edit,
        "hints": _hints_for(hazard) if is_open else [],
        "assign_form": AssignForm(
            initial={
                "responsible_unit": hazard.responsible_unit,
                "responsible_person": hazard.responsible_person,
                "measures": hazard.measures,
                "deadline": hazard.deadline,
            }
        )
        if "assign" in actions
        else None,
        "rectify_form": RectifyForm() if "rectify" in actions else None,
        "reinspect_form": ReinspectForm(can_pass="reinspect_pass" in actions) if can_reinspect else None,
        "send_back_form": SendBackForm() if "send_back" in actions else None,
        "five_form": FiveForm(instance=hazard) if can_edit else None,
        "supervise_form": SupervisionForm() if can_supervise else None,
    }
