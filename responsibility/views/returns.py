"""Pages of department returns (部门报表): the list, filling in and submitting, the bureau's review, a period's
completeness page, and the indicators the bureau defines.

Pages of one record fetch it within the visitor's area first (404 outside it), then check what the visitor may
do (403), so that another township learns nothing.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from org.forms import attach_errors
from org.ids import is_digits
from org.models import User
from org.record_views import paginate
from org.scoping import role_required, user_has_role
from org.typing import AuthedRequest
from org.versioning import StaleVersion, refuse_stale
from responsibility import return_forms as forms
from responsibility.models import Return, ReturnIndicator
from responsibility.selectors import returns as selectors
from responsibility.services import returns as services
from responsibility.views.records import PAGE_SIZE, _require

SECTION = "returns"


def _is_own(user: User, ret: Return) -> bool:
    return user.is_superuser or user.org_unit_id == ret.org_unit_id


def _can_review(user: User, ret: Return) -> bool:
    return user_has_role(user, services.REVIEWERS) and (user.is_superuser or user.org_unit_id != ret.org_unit_id)


def _refused(request: AuthedRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@login_required
def return_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    page = paginate(request, selectors.return_list(user=user), PAGE_SIZE).page
    context = {
        "section": SECTION,
        "page": page,
        "addressed": list(selectors.periods_addressed_to(user)[:12]),
        "periods": list(selectors.period_list(user=user)[:12]) if user_has_role(user, services.REVIEWERS) else [],
        "can_call": user_has_role(user, services.REVIEWERS),
        "can_define": user_has_role(user, (*services.INDICATOR_KEEPERS, *services.REVIEWERS)),
    }
    return render(request, "responsibility/returns_list.html", context)


@login_required
def return_create(request: AuthedRequest) -> HttpResponse:
    user = request.user
    addressed = selectors.periods_addressed_to(user)
    period = None
    if is_digits(request.GET.get("period", "")):
        period = get_object_or_404(addressed, pk=request.GET["period"])
    if period is None or user.org_unit is None:
        return render(request, "responsibility/returns_choose.html", {"section": SECTION, "addressed": addressed})
    existing = Return.objects.filter(period=period, org_unit=user.org_unit).first()
    if existing is not None:
        return redirect("responsibility:return_edit", existing.pk)
    form = forms.ReturnForm(request.POST or None, indicators=selectors.indicators_asked(period, user.org_unit))
    if request.method == "POST" and form.is_valid():
        try:
            ret = services.return_create(
                acting_user=user,
                period=period,
                org_unit=user.org_unit,
                values=form.values(),
                notes=form.cleaned_data["notes"],
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("responsibility:return_detail", ret.pk)
    return render(
        request,
        "responsibility/returns_form.html",
        {"section": SECTION, "form": form, "period": period, "unit": user.org_unit},
    )


def _visible_return(request: AuthedRequest, pk: int) -> Return:
    return get_object_or_404(selectors.return_list(user=request.user), pk=pk)


@login_required
def return_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    ret = _visible_return(request, pk)
    user = request.user
    context = {
        "section": SECTION,
        "ret": ret,
        "values": selectors.return_values(ret),
        "can_edit": _is_own(user, ret) and ret.is_editable,
        "can_review": _can_review(user, ret) and ret.status == Return.Status.SUBMITTED,
        "send_back_form": forms.SendBackForm(initial={"version": ret.version}),
        "late": ret.was_late(ret.period.due_on),
    }
    return render(request, "responsibility/returns_detail.html", context)


@login_required
def return_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    ret = _visible_return(request, pk)
    if not _is_own(request.user, ret):
        raise PermissionDenied
    form = forms.ReturnForm(
        request.POST or None, indicators=selectors.indicators_asked(ret.period, ret.org_unit), ret=ret
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.return_update(
                acting_user=request.user,
                ret=ret,
                version=form.cleaned_data.get("version") or ret.version,
                values=form.values(),
                notes=form.cleaned_data["notes"],
            )
        except StaleVersion as exc:
            status = refuse_stale(request, form, exc)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("responsibility:return_detail", ret.pk)
    elif request.method == "GET" and not ret.is_editable:
        messages.info(
            request,
            _("This return has been accepted and is locked; it can no longer be changed.")
            if ret.is_locked
            else _("This return has been submitted and awaits review; it cannot be changed now."),
        )
    return render(
        request,
        "responsibility/returns_form.html",
        {"section": SECTION, "form": form, "period": ret.period, "unit": ret.org_unit, "ret": ret},
        status=status,
    )


def _transition(request: AuthedRequest, ret: Return, done: str, call) -> HttpResponse:
    form = forms.VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The page was out of date; nothing was changed. Try again."))
        return redirect("responsibility:return_detail", ret.pk)
    try:
        call(form.cleaned_data["version"])
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, done)
    return redirect("responsibility:return_detail", ret.pk)


@login_required
@require_POST
def return_submit(request: AuthedRequest, pk: int) -> HttpResponse:
    ret = _visible_return(request, pk)
    if not _is_own(request.user, ret):
        raise PermissionDenied
    return _transition(
        request,
        ret,
        _("Submitted."),
        lambda version: services.return_submit(acting_user=request.user, ret=ret, version=version),
    )


@login_required
@require_POST
def review_accept(request: AuthedRequest, pk: int) -> HttpResponse:
    ret = _visible_return(request, pk)
    if not _can_review(request.user, ret):
        raise PermissionDenied
    return _transition(
        request,
        ret,
        _("Accepted."),
        lambda version: services.return_accept(acting_user=request.user, ret=ret, version=version),
    )


@login_required
@require_POST
def review_send_back(request: AuthedRequest, pk: int) -> HttpResponse:
    ret = _visible_return(request, pk)
    if not _can_review(request.user, ret):
        raise PermissionDenied
    form = forms.SendBackForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, str(message))
        return redirect("responsibility:return_detail", ret.pk)
    try:
        services.return_send_back(
            acting_user=request.user, ret=ret, version=form.cleaned_data["version"], reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Sent back."))
    return redirect("responsibility:return_detail", ret.pk)


# --- Periods -------------------------------------------------------------------------------------------------


@role_required(*services.REVIEWERS)
def period_create(request: AuthedRequest) -> HttpResponse:
    form = forms.ReturnPeriodForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            period = services.return_period_create(acting_user=request.user, **form.service_kwargs())
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("responsibility:period_detail", period.pk)
    return render(
        request,
        "responsibility/returns_simple_form.html",
        {"section": SECTION, "form": form, "title": _("New return period")},
    )


@login_required
def period_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """Completeness and timeliness: every unit asked, with its return's state, late ones marked."""
    period = get_object_or_404(selectors.period_list(user=request.user), pk=pk)
    _require(request.user, services.REVIEWERS)
    completeness = selectors.period_completeness(user=request.user, period=period, today=timezone.localdate())
    return render(
        request,
        "responsibility/returns_period.html",
        {"section": SECTION, "period": period, "completeness": completeness},
    )


# --- Indicators ----------------------------------------------------------------------------------------------


@role_required(*services.INDICATOR_KEEPERS, *services.REVIEWERS)
def indicator_list(request: AuthedRequest) -> HttpResponse:
    indicators = selectors.indicator_list(user=request.user)
    return render(
        request,
        "responsibility/returns_indicators.html",
        {
            "section": SECTION,
            "indicators": indicators,
            "can_define": user_has_role(request.user, services.INDICATOR_KEEPERS),
        },
    )


@role_required(*services.INDICATOR_KEEPERS)
def indicator_create(request: AuthedRequest) -> HttpResponse:
    form = forms.IndicatorForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_create(acting_user=request.user, **form.service_kwargs())
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("responsibility:indicator_list")
    return render(
        request,
        "responsibility/returns_simple_form.html",
        {"section": SECTION, "form": form, "title": _("New indicator")},
    )


@login_required
def indicator_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    indicator = get_object_or_404(ReturnIndicator.objects.visible_to(request.user), pk=pk)
    _require(request.user, services.INDICATOR_KEEPERS)
    form = forms.IndicatorForm(request.POST or None, instance=indicator, user=request.user)
    status = 200
    if request.method == "POST" and form.is_valid():
        indicator.refresh_from_db()  # the form wrote its values onto the instance; the service compares with the DB
        try:
            services.indicator_update(
                acting_user=request.user, indicator=indicator, version=form.opened_version, **form.service_kwargs()
            )
        except StaleVersion as exc:
            status = refuse_stale(request, form, exc)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("responsibility:indicator_list")
    return render(
        request,
        "responsibility/returns_simple_form.html",
        {"section": SECTION, "form": form, "title": _("Edit indicator"), "record": indicator},
        status=status,
    )
