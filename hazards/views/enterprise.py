"""The enterprise level's pages: an enterprise user's home, hazard and self-report pages, and the township's
list of self-reports to accept or send back.

Enterprise users reach only the ``enterprise_*`` URLs (org.scoping.EnterpriseGateMiddleware); their records
come from hazards.enterprise, keyed on their enterprise, never from a township scope.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from hazards import enterprise as ent
from hazards import services
from hazards.enterprise_forms import EnterpriseRectifyForm, SelfReportDecisionForm, SelfReportForm
from hazards.models import HazardPhoto, SelfReport
from org.audit import audit_trail
from org.forms import attach_errors
from org.permissions import action_required
from org.typing import AuthedRequest
from org.uploads import serve_upload

SHOW: dict[str, dict[str, Any]] = {
    "to_rectify": {"status__in": ent.TO_RECTIFY},
    "awaiting": {"status": services.S.AWAITING_REVIEW},
    "closed": {"status": services.S.CLOSED},
}


@action_required("hazards.enterprise_portal")
def enterprise_home(request: AuthedRequest) -> HttpResponse:
    """Their own assigned hazards and self-reports, under 我的待办."""
    today = timezone.localdate()
    show = request.GET.get("show", "")
    hazards = ent.enterprise_hazards(user=request.user)
    if show == "overdue":
        hazards = hazards.filter(status__in=ent.TO_RECTIFY, deadline__lt=today)
    elif show in SHOW:
        hazards = hazards.filter(**SHOW[show])
    reports = ent.enterprise_self_reports(user=request.user)
    if show == "returned":
        reports = reports.filter(status=SelfReport.Status.RETURNED)
    lines = ent.enterprise_todo_lines(user=request.user, today=today)
    return render(
        request,
        "hazards/enterprise/home.html",
        {
            "todo": {"lines": lines, "total": sum(line.count for line in lines), "can_report": False},
            "hazards": list(hazards),
            "reports": list(reports),
            "show": show,
            "today": today,
            "enterprise": request.user.enterprise,
        },
    )


def _rectify_context(request: AuthedRequest, hazard: services.Hazard, form: EnterpriseRectifyForm | None) -> dict:
    can_rectify = hazard.status in ent.TO_RECTIFY
    if form is None and can_rectify:
        form = EnterpriseRectifyForm(initial={"version": hazard.version})
    return {
        "hazard": hazard,
        "form": form if can_rectify else None,
        "photos": list(hazard.photos.filter(kind=HazardPhoto.Kind.AFTER)),
        "returned": audit_trail(hazard)
        .filter(action__in=["hazards.hazard.reinspect_fail", "hazards.hazard.send_back"])
        .first(),
    }


@action_required("hazards.enterprise_portal")
def enterprise_hazard(request: AuthedRequest, pk: int) -> HttpResponse:
    """One of their hazards, with the rectification report (整改情况) while it is theirs to rectify."""
    hazard = get_object_or_404(ent.enterprise_hazards(user=request.user), pk=pk)
    if request.method != "POST":
        return render(request, "hazards/enterprise/hazard.html", _rectify_context(request, hazard, None))
    form = EnterpriseRectifyForm(request.POST, request.FILES)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.hazard_rectify(
                acting_user=request.user,
                hazard=hazard,
                note=data["note"],
                photos=data["photos"],
                rectified_on=data["rectified_on"],
                reason=data["reason"],
                version=data.get("version"),
            )
        except services.ClosedPeriodRefusal as exc:
            form.ask_reason()
            attach_errors(form, exc)
        except services.EditConflict as exc:
            attach_errors(form, exc)
            status = 409
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Rectification reported; the township will re-inspect it."))
            return redirect("hazards:enterprise_home")
    return render(request, "hazards/enterprise/hazard.html", _rectify_context(request, hazard, form), status=status)


@action_required("hazards.enterprise_portal")
def enterprise_photo(request: AuthedRequest, pk: int, photo_pk: int) -> FileResponse:
    hazard = get_object_or_404(ent.enterprise_hazards(user=request.user), pk=pk)
    photo = get_object_or_404(HazardPhoto, hazard=hazard, pk=photo_pk, kind=HazardPhoto.Kind.AFTER)
    return serve_upload(photo.image, filename=f"hazard-{hazard.pk}-{photo.pk}")


@action_required("hazards.enterprise_portal")
def enterprise_self_report(request: AuthedRequest) -> HttpResponse:
    """企业自查自报: a hazard found in their own check, sent to the township for acceptance."""
    form = SelfReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ent.self_report_create(acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Self-report sent; the township will accept it or send it back."))
            return redirect("hazards:enterprise_home")
    return render(
        request, "hazards/enterprise/self_report.html", {"form": form}, status=400 if request.method == "POST" else 200
    )


@action_required("hazards.write")
def self_report_list(request: AuthedRequest) -> HttpResponse:
    """The township's self-reports awaiting acceptance."""
    return render(
        request,
        "hazards/enterprise/self_report_list.html",
        {"reports": list(ent.pending_self_reports(user=request.user))},
    )


@action_required("hazards.write")
def self_report_decide(request: AuthedRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(
        SelfReport.objects.visible_to(request.user).select_related("enterprise", "sector", "reporter", "hazard"), pk=pk
    )
    form = SelfReportDecisionForm(request.POST or None, initial={"version": report.version})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["decision"] == "accept":
                    hazard = ent.self_report_accept(
                        acting_user=request.user,
                        report=report,
                        deadline=data["deadline"],
                        responsible_person=data["responsible_person"],
                        version=data.get("version"),
                    )
                    messages.success(request, _("Accepted into the hazard loop."))
                    return redirect("hazards:detail", pk=hazard.pk)
                ent.self_report_return(
                    acting_user=request.user, report=report, reason=data["reason"], version=data.get("version")
                )
                messages.success(request, _("Sent back to the enterprise."))
                return redirect("hazards:self_reports")
            except ValidationError as exc:
                attach_errors(form, exc)
    return render(
        request, "hazards/enterprise/self_report_decide.html", {"report": report, "form": form}, status=status
    )
