"""Backlog import of penalty cases from Excel (issue 15): template, upload → check → confirm.

enforcement.importers declares the file and writes the cases; org.imports reads and checks it. The
checked upload waits in storage between the check and the confirmation; the confirm form carries its
name signed, so nobody can confirm someone else's file, and the file is checked again before it is written.
Always imported here, in the request: numbering a few hundred paper cases takes a second or two.
"""

from __future__ import annotations

import io
import uuid

from django.contrib import messages
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enforcement.importers import CASES, IMPORTERS, check_cases, import_cases
from hazards.forms import ImportUploadForm
from org import imports
from org.imports import ImportResult
from org.scoping import role_required

PREVIEW_ROWS = 20
SALT = "enforcement.case_import"
MAX_AGE = 24 * 3600  # a checked file may be confirmed for a day


def _context(**extra: object) -> dict[str, object]:
    urls = {"upload": "case_import", "template": "case_import_template", "confirm": "case_import_confirm",
            "cancel": "case_list"}
    return {"spec": CASES, "records_title": _("Penalty cases"),
            "import_urls": {key: reverse(f"enforcement:{name}") for key, name in urls.items()}, **extra}


@role_required(*IMPORTERS)
def case_import_template(request: HttpRequest) -> FileResponse:
    return FileResponse(io.BytesIO(imports.build_template(CASES, user=request.user)), as_attachment=True,
                        filename=CASES.filename)


@role_required(*IMPORTERS)
def case_import(request: HttpRequest) -> HttpResponse:
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = check_cases(upload, request.user)
        token = ""
        if result.ok:
            upload.seek(0)
            name = default_storage.save(f"imports/{uuid.uuid4().hex}.xlsx", ContentFile(upload.read()))
            token = signing.dumps({"path": name, "user": request.user.pk, "filename": (upload.name or "")[:200]},
                                  salt=SALT)
        return _preview(request, result, token=token, filename=upload.name or "")
    return render(request, "enforcement/import.html", _context(form=form))


@role_required(*IMPORTERS)
@require_POST
def case_import_confirm(request: HttpRequest) -> HttpResponse:
    try:
        data = signing.loads(request.POST.get("token", ""), salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        messages.error(request, _("This check has expired; please upload the file again."))
        return render(request, "enforcement/import.html", _context(form=ImportUploadForm()), status=400)
    if data.get("user") != request.user.pk:
        raise Http404
    path, filename = data["path"], data.get("filename", "")
    try:
        with default_storage.open(path, "rb") as file:
            content = file.read()
    except FileNotFoundError:
        messages.info(request, _("This file has already been imported."))
        return redirect("enforcement:case_list")
    result = check_cases(io.BytesIO(content), request.user)
    if not result.ok:
        return _preview(request, result, token="", filename=filename, status=400)
    created, duplicates = import_cases(result, acting_user=request.user)
    default_storage.delete(path)
    messages.success(request, _("Imported %(created)s record(s); %(duplicates)s already recorded were skipped.") % {
        "created": created, "duplicates": duplicates})
    return redirect("enforcement:case_list")


def _preview(request: HttpRequest, result: ImportResult, *, token: str, filename: str,
             status: int = 200) -> HttpResponse:
    context = _context(result=result, token=token, filename=filename, preview=result.rows[:PREVIEW_ROWS],
                       more=max(len(result.rows) - PREVIEW_ROWS, 0))
    return render(request, "enforcement/import_preview.html", context, status=status)
