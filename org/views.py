from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from org import jobs, selectors, services
from org.forms import BureauSettingsForm, attach_errors
from org.permissions import action_required
from org.typing import AuthedRequest


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's page, with the write done by the service so that it is audited."""

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        services.user_change_password(acting_user=form.user, new_password=form.cleaned_data["new_password1"])
        # Keep this session signed in: the new password changes the session's auth hash.
        update_session_auth_hash(self.request, form.user)
        return HttpResponseRedirect(self.get_success_url())


@login_required
def notification_list(request: AuthedRequest) -> HttpResponse:
    notices = selectors.notification_list(user=request.user)[:100]
    return render(request, "org/notification_list.html", {"notices": notices})


@login_required
@require_POST
def notifications_mark_read(request: AuthedRequest) -> HttpResponse:
    services.notifications_mark_read(user=request.user)
    return redirect("org:notifications")


@login_required
def export_job_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(selectors.export_job_for(user=request.user, pk=pk))
    if jobs.jobs_recover_stale(jobs=[job]):  # its worker died: sent again, or failed with a message
        job.refresh_from_db()
    template = "org/_export_job.html" if request.htmx else "org/export_job_detail.html"
    return render(request, template, {"job": job, "retention_days": settings.RETENTION_EXPORT_DAYS})


@login_required
def export_job_download(request: AuthedRequest, pk: int) -> FileResponse:
    job = get_object_or_404(selectors.export_job_for(user=request.user, pk=pk))
    if not job.file:
        raise Http404
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename)


@action_required("org.bureau_settings")
def bureau_settings(request: AuthedRequest) -> HttpResponse:
    """本局设置: the bureau's own rules, edited by its administrator."""
    unit = selectors.bureau_settings_unit(user=request.user)
    if unit is None:
        raise Http404
    current = selectors.bureau_settings_of(unit=unit)
    form = BureauSettingsForm(
        request.POST or None, initial={"reinspection_by": current.reinspection_by, "version": current.version}
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.bureau_settings_update(
                acting_user=request.user,
                org_unit=unit,
                reinspection_by=form.cleaned_data["reinspection_by"],
                version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            attach_errors(form, exc)
            status = 409 if exc.code == "conflict" else 400
        else:
            messages.success(request, _("Saved."))
            return redirect("org:bureau_settings")
    elif request.method == "POST":
        status = 400
    return render(request, "org/bureau_settings.html", {"form": form, "unit": unit, "current": current}, status=status)
