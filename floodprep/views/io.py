"""Excel export of the flood roster (the import is org.import_views' pages: floodprep.urls)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from floodprep.exporters import RosterExporter
from floodprep.selectors import person_filter
from floodprep.tasks import export_roster_task
from org.services import export_job_create, export_job_enqueue
from org.typing import AuthedRequest


@login_required
@require_POST
def roster_export(request: AuthedRequest) -> HttpResponse:
    """Queue an export of exactly the persons the roster list shows for this query string."""
    if not person_filter(user=request.user, data=request.GET).qs.exists():
        messages.warning(request, _("No persons match these filters; there is nothing to export."))
        return redirect(f"{reverse('floodprep:persons')}?{request.GET.urlencode()}")
    job = export_job_create(
        owner=request.user, kind=RosterExporter.identifier, params={"query": request.GET.urlencode()}
    )
    export_job_enqueue(job=job, task=export_roster_task)
    return redirect("org:export_job", pk=job.pk)
