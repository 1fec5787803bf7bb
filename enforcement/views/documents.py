from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enforcement import selectors, services
from enforcement.documents import SPECS
from enforcement.views.common import require_writer
from org.typing import AuthedRequest
from org.uploads import serve_upload


def _issue(request: AuthedRequest, kind: str, **record) -> HttpResponse:
    detail = (
        ("enforcement:case_detail", record["case"].pk)
        if "case" in record
        else ("enforcement:inspection_detail", record["inspection"].pk)
    )
    try:
        document, created = services.document_issue(acting_user=request.user, kind=kind, **record)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(*detail)
    if created:
        messages.success(
            request,
            _("%(title)s issued as %(number)s.") % {"title": document.get_kind_display(), "number": document.number},
        )
    else:
        messages.info(
            request,
            _("%(title)s was already issued as %(number)s; here is the stored copy.")
            % {"title": document.get_kind_display(), "number": document.number},
        )
    return redirect(*detail)


@login_required
@require_POST
def case_document_issue(request: AuthedRequest, pk: int, kind: str) -> HttpResponse:
    case = get_object_or_404(selectors.case_detail_queryset(user=request.user), pk=pk)
    require_writer(request.user)
    if kind not in SPECS or not SPECS[kind].for_case:
        raise Http404
    return _issue(request, kind, case=case)


@login_required
@require_POST
def inspection_document_issue(request: AuthedRequest, pk: int, kind: str) -> HttpResponse:
    inspection = get_object_or_404(selectors.inspection_detail_queryset(user=request.user), pk=pk)
    require_writer(request.user)
    if kind not in SPECS or SPECS[kind].for_case:
        raise Http404
    return _issue(request, kind, inspection=inspection)


@login_required
def document_download(request: AuthedRequest, pk: int) -> FileResponse:
    """The stored PDF, through the scope check: documents are never public media."""
    document = get_object_or_404(selectors.document_queryset(user=request.user), pk=pk)
    if not document.file:
        raise Http404
    filename = f"{document.get_kind_display()}-{document.number}.pdf"
    return serve_upload(document.file, filename=filename)
