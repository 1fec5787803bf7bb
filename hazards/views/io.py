"""Excel export of the ledger (the import is org.import_views' pages: hazards.urls.IMPORT_SITE)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hazards.exporters import HazardLedgerExporter
from hazards.selectors import hazard_filter
from hazards.tasks import export_hazard_ledger_task
from org.models import ExportJob
from org.services import export_job_create, export_job_enqueue
from org.typing import AuthedRequest


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
