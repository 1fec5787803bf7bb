"""Excel export and bulk import of the flood roster."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from floodprep import services
from floodprep.exporters import RosterExporter
from floodprep.forms import RosterUploadForm
from floodprep.importers import ImportResult, build_template, roster_import_confirm, roster_import_create
from floodprep.models import RosterImport
from floodprep.selectors import person_filter
from floodprep.tasks import export_roster_task
from org.scoping import role_required
from org.services import export_job_create, export_job_enqueue
from org.typing import AuthedRequest

PREVIEW_ROWS = 20


@login_required
@require_POST
def roster_export(request: AuthedRequest) -> HttpResponse:
    """Queue an export of exactly the persons the roster list shows for this query string."""
    if not person_filter(user=request.user, data=request.GET).qs.exists():
        messages.warning(request, _("No persons match these filters; there is nothing to export."))
        return redirect(f"{reverse('floodprep:persons')}?{request.GET.urlencode()}")
    job = export_job_create(owner=request.user, kind=RosterExporter.identifier,
                            params={"query": request.GET.urlencode()})
    export_job_enqueue(job=job, task=export_roster_task)
    return redirect("org:export_job", pk=job.pk)


@role_required(*services.WRITERS)
def import_template(request: AuthedRequest) -> FileResponse:
    return FileResponse(io.BytesIO(build_template()), as_attachment=True, filename="防汛责任人导入模板.xlsx")


@role_required(*services.WRITERS)
def import_upload(request: AuthedRequest) -> HttpResponse:
    form = RosterUploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        batch, result = roster_import_create(owner=request.user, upload=form.cleaned_data["file"])
        return _preview(request, batch, result)
    return render(request, "floodprep/import.html", {"form": form})


@role_required(*services.WRITERS)
@require_POST
def import_confirm(request: AuthedRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(RosterImport, owner=request.user, pk=pk)
    if batch.status == RosterImport.Status.IMPORTED:
        messages.info(request, _("This file has already been imported."))
        return redirect("floodprep:persons")
    if batch.status == RosterImport.Status.REJECTED:  # a refused file is not kept: there is nothing to confirm
        messages.error(request, _("This file has errors and cannot be imported."))
        return render(request, "floodprep/import.html", {"form": RosterUploadForm()}, status=400)
    try:
        result = roster_import_confirm(acting_user=request.user, batch=batch)
    except IntegrityError:
        # Someone added the same persons between our check and our insert; nothing was written.
        messages.error(request, _("Some of these rows were imported by someone else meanwhile. Please upload again."))
        return redirect("floodprep:persons_import")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("floodprep:persons_import")
    if not result.ok:
        return _preview(request, batch, result, status=400)
    batch.refresh_from_db()
    messages.success(
        request,
        _("Roster imported: %(created)s added, %(updated)s updated, %(unchanged)s already up to date.")
        % {"created": batch.created_count, "updated": batch.updated_count, "unchanged": batch.unchanged_count},
    )
    return redirect("floodprep:persons")


def _preview(request: AuthedRequest, batch: RosterImport, result: ImportResult, status: int = 200) -> HttpResponse:
    context = {
        "batch": batch, "result": result, "preview": result.rows[:PREVIEW_ROWS],
        "more": max(len(result.rows) - PREVIEW_ROWS, 0),
    }
    return render(request, "floodprep/import_preview.html", context, status=status)
