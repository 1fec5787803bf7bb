"""Excel export and bulk import of the ledger."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hazards.exporters import HazardLedgerExporter
from hazards.forms import ImportUploadForm
from hazards.importers import (
    IMPORTERS,
    ImportAlreadyStarted,
    ImportResult,
    build_template,
    import_batch_confirm,
    import_batch_create,
    import_job_for,
)
from hazards.models import ImportBatch
from hazards.selectors import hazard_filter
from hazards.tasks import export_hazard_ledger_task, import_hazards_task
from org.jobs import jobs_recover_stale
from org.models import ExportJob
from org.scoping import role_required
from org.services import export_job_create, export_job_enqueue
from org.typing import AuthedRequest

PREVIEW_ROWS = 20


@login_required
@require_POST
def export_ledger(request: AuthedRequest) -> HttpResponse:
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
def import_template(request: AuthedRequest) -> FileResponse:
    return FileResponse(io.BytesIO(build_template()), as_attachment=True, filename="隐患导入模板.xlsx")


@role_required(*IMPORTERS)
def import_upload(request: AuthedRequest) -> HttpResponse:
    form = ImportUploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        batch, result = import_batch_create(owner=request.user, upload=form.cleaned_data["file"])
        return _preview(request, batch, result)
    return render(request, "hazards/import.html", {"form": form})


@role_required(*IMPORTERS)
@require_POST
def import_confirm(request: AuthedRequest, pk: int) -> HttpResponse:
    """Confirm a checked file: the import runs in a worker, and the progress page follows it."""
    batch = get_object_or_404(ImportBatch, owner=request.user, pk=pk)
    if batch.status == ImportBatch.Status.REJECTED:  # a refused file is not kept: there is nothing to confirm
        messages.error(request, _("This file has errors and cannot be imported."))
        return render(request, "hazards/import.html", {"form": ImportUploadForm()}, status=400)
    try:
        import_batch_confirm(acting_user=request.user, batch=batch, task=import_hazards_task)
    except ImportAlreadyStarted as exc:
        messages.info(request, str(exc))
        return redirect("hazards:import_progress", pk=batch.pk)
    job = import_job_for(batch)
    if job is not None and job.status == ExportJob.Status.DONE:  # a worker without a queue (no broker) was quick
        messages.success(request, _done_message(job))
        return redirect("hazards:list")
    return redirect("hazards:import_progress", pk=batch.pk)


@role_required(*IMPORTERS)
def import_progress(request: AuthedRequest, pk: int) -> HttpResponse:
    """A confirmed import's progress, polled by htmx until it is done or has failed."""
    batch = get_object_or_404(ImportBatch, owner=request.user, pk=pk)
    job = import_job_for(batch)
    if job is None:  # not confirmed yet: the check is what there is to see
        return redirect("hazards:import")
    if jobs_recover_stale(jobs=[job]):  # its worker died: failed with a message (org.jobs)
        job.refresh_from_db()
    context = {"batch": batch, "job": job, "done_message": _done_message(job)}
    template = "hazards/_import_progress.html" if request.htmx else "hazards/import_progress.html"
    return render(request, template, context)


def _done_message(job: ExportJob) -> str:
    return _("Imported %(created)s hazard(s); %(duplicates)s already in the ledger were skipped.") % {
        "created": job.params.get("created", 0), "duplicates": job.params.get("duplicates", 0)}


def _preview(request: AuthedRequest, batch: ImportBatch, result: ImportResult, status: int = 200) -> HttpResponse:
    context = {
        "batch": batch, "result": result, "preview": result.rows[:PREVIEW_ROWS],
        "more": max(len(result.rows) - PREVIEW_ROWS, 0),
    }
    return render(request, "hazards/import_preview.html", context, status=status)
