"""Excel export and bulk import of the ledger."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hazards.exporters import HazardLedgerExporter
from hazards.forms import ImportUploadForm
from hazards.importers import ImportResult, build_template, import_batch_confirm, import_batch_create
from hazards.models import ImportBatch
from hazards.selectors import hazard_filter
from hazards.tasks import export_hazard_ledger_task
from org.models import ExportJob
from org.scoping import role_required
from org.services import export_job_create, export_job_enqueue

IMPORTERS = ("township_staff", "officer", "admin")
PREVIEW_ROWS = 20


@login_required
@require_POST
def export_ledger(request: HttpRequest) -> HttpResponse:
    """Queue an export of exactly the rows the ledger shows for this query string."""
    if not hazard_filter(user=request.user, data=request.GET).qs.exists():
        messages.warning(request, _("No hazards match these filters; there is nothing to export."))
        return redirect(f"{reverse('hazards:list')}?{request.GET.urlencode()}")
    job: ExportJob = export_job_create(
        owner=request.user, kind=HazardLedgerExporter.identifier, params={"query": request.GET.urlencode()}
    )
    export_job_enqueue(job=job, task=export_hazard_ledger_task)
    return redirect("org:export_job", pk=job.pk)


@role_required(*IMPORTERS)
def import_template(request: HttpRequest) -> FileResponse:
    return FileResponse(io.BytesIO(build_template()), as_attachment=True, filename="隐患导入模板.xlsx")


@role_required(*IMPORTERS)
def import_upload(request: HttpRequest) -> HttpResponse:
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        batch, result = import_batch_create(owner=request.user, upload=form.cleaned_data["file"])
        return _preview(request, batch, result)
    return render(request, "hazards/import.html", {"form": form})


@role_required(*IMPORTERS)
@require_POST
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(ImportBatch, owner=request.user, pk=pk)
    if batch.status == ImportBatch.Status.IMPORTED:
        messages.info(request, _("This file has already been imported."))
        return redirect("hazards:list")
    try:
        result = import_batch_confirm(acting_user=request.user, batch=batch)
    except IntegrityError:
        # Someone imported the same rows between our check and our insert; nothing was written.
        messages.error(request, _("Some of these rows were imported by someone else meanwhile. Please upload again."))
        return redirect("hazards:import")
    except ValidationError as exc:
        # A rule the dry run does not know about; the whole file was rolled back.
        messages.error(request, " ".join(exc.messages))
        return redirect("hazards:import")
    if not result.ok:
        return _preview(request, batch, result, status=400)
    batch.refresh_from_db()
    messages.success(
        request,
        _("Imported %(created)s hazard(s); %(duplicates)s already in the ledger were skipped.")
        % {"created": batch.created_count, "duplicates": batch.duplicate_count},
    )
    return redirect("hazards:list")


def _preview(request: HttpRequest, batch: ImportBatch, result: ImportResult, status: int = 200) -> HttpResponse:
    context = {
        "batch": batch, "result": result, "preview": result.rows[:PREVIEW_ROWS],
        "more": max(len(result.rows) - PREVIEW_ROWS, 0),
    }
    return render(request, "hazards/import_preview.html", context, status=status)
