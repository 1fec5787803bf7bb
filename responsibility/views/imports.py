"""Backlog imports from Excel for accidents, meetings and publicity events: template, upload → check →
confirm, and the progress of a long file's import (org.imports does the work; responsibility.importers
declares the kinds).

The checked upload waits in storage between the check and the confirmation; the confirm form carries its
name signed, so nobody can confirm someone else's file, and the file is checked again before it is written.
"""

from __future__ import annotations

import io

from django.contrib import messages
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hazards.forms import ImportUploadForm
from org import imports
from org.imports import ImportAlreadyConfirmed, ImportResult, RecordImport
from org.jobs import jobs_recover_stale as recover_stale_jobs
from org.scoping import role_required
from org.uploads import pending_upload_name
from responsibility.importers import IMPORTERS, IMPORTS, SYNC_ROWS
from responsibility.tasks import import_records_task
from responsibility.views.records import RECORD_KINDS

PREVIEW_ROWS = 20
SALT = "responsibility.import"
MAX_AGE = 24 * 3600  # a checked file may be confirmed for a day


def _spec(kind: str) -> RecordImport:
    try:
        return IMPORTS[kind]
    except KeyError:
        raise Http404 from None


@role_required(*IMPORTERS)
def import_template(request: HttpRequest, kind: str) -> FileResponse:
    spec = _spec(kind)
    return FileResponse(io.BytesIO(imports.build_template(spec, user=request.user)), as_attachment=True,
                        filename=spec.filename)


@role_required(*IMPORTERS)
def import_upload(request: HttpRequest, kind: str) -> HttpResponse:
    spec = _spec(kind)
    form = ImportUploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = imports.check_file(spec, upload, request.user)
        token = ""
        if result.ok:
            upload.seek(0)
            name = default_storage.save(pending_upload_name(request.user), ContentFile(upload.read()))
            token = signing.dumps({"path": name, "user": request.user.pk, "kind": kind, "rows": len(result.rows),
                                   "filename": (upload.name or "")[:200]}, salt=SALT)
        return _preview(request, spec, result, token=token, filename=upload.name or "")
    return render(request, "responsibility/import.html", _context(spec, form=form))


@role_required(*IMPORTERS)
@require_POST
def import_confirm(request: HttpRequest, kind: str) -> HttpResponse:
    """Import the kept file: a short one checked again and written here; a long one claimed for a worker,
    which checks it again as its owner and writes it, while the page polls its progress."""
    spec = _spec(kind)
    try:
        data = signing.loads(request.POST.get("token", ""), salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        messages.error(request, _("This check has expired; please upload the file again."))
        return render(request, "responsibility/import.html", _context(spec, form=ImportUploadForm()), status=400)
    if data.get("user") != request.user.pk or data.get("kind") != kind:
        raise Http404
    path, filename = data["path"], data.get("filename", "")
    try:
        with default_storage.open(path, "rb") as file:
            content = file.read()
    except FileNotFoundError:
        messages.info(request, _("This file has already been imported."))
        return redirect(f"responsibility:{kind}_list")
    rows = data.get("rows", 0)
    if rows > SYNC_ROWS:
        # A long file goes straight to the worker, which checks it again as its owner before writing: the
        # confirmation only claims it (the request does not parse 5,000 rows a second time).
        try:
            job = imports.import_job_create(spec=spec, acting_user=request.user, content=content, filename=filename,
                                            rows=rows, task=import_records_task, upload=path)
        except ImportAlreadyConfirmed as exc:  # a second click: the first claimed it, follow its job
            messages.info(request, exc.args[0])
            job = imports.import_jobs_of(user=request.user, spec=spec).filter(params__upload=path).first()
        default_storage.delete(path)
        return redirect(f"{reverse(f'responsibility:{kind}_import_progress')}?job={job.pk if job else ''}")
    result = imports.check_file(spec, io.BytesIO(content), request.user)
    if not result.ok:
        return _preview(request, spec, result, token="", filename=filename, status=400)
    created, duplicates = imports.import_rows(spec, result, acting_user=request.user)
    default_storage.delete(path)
    messages.success(request, _done_message(created, duplicates))
    return redirect(f"responsibility:{kind}_list")


@role_required(*IMPORTERS)
def import_progress(request: HttpRequest, kind: str) -> HttpResponse:
    """A long import's progress (?job=<id>, else the user's latest of this kind), polled by htmx until it is
    done or has failed. Only the user's own jobs: anyone else's is a 404."""
    spec = _spec(kind)
    jobs = imports.import_jobs_of(user=request.user, spec=spec)
    pk = request.GET.get("job", "")
    if pk:
        job = jobs.filter(pk=int(pk)).first() if pk.isdigit() else None
        if job is None:
            raise Http404
    else:
        job = jobs.first()
        if job is None:
            return redirect(f"responsibility:{kind}_import")
    if recover_stale_jobs(jobs=[job]):  # its worker died: failed with a message (org.jobs)
        job.refresh_from_db()
    context = {**_context(spec), "job": job,
               "done_message": _done_message(job.params.get("created", 0), job.params.get("duplicates", 0))}
    template = "responsibility/_import_progress.html" if request.htmx else "responsibility/import_progress.html"
    return render(request, template, context)


def _context(spec: RecordImport, **extra: object) -> dict[str, object]:
    """What every import page shows: the kind's name, its tab in the menu, the column titles."""
    urls = {"upload": f"{spec.slug}_import", "template": f"{spec.slug}_import_template",
            "confirm": f"{spec.slug}_import_confirm", "cancel": f"{spec.slug}_list"}
    return {"spec": spec, "section": spec.slug, "records_title": RECORD_KINDS[spec.slug].title,
            "import_urls": {key: reverse(f"responsibility:{name}") for key, name in urls.items()}, **extra}


def _done_message(created: int, duplicates: int) -> str:
    return _("Imported %(created)s record(s); %(duplicates)s already recorded were skipped.") % {
        "created": created, "duplicates": duplicates}


def _preview(request: HttpRequest, spec: RecordImport, result: ImportResult, *, token: str, filename: str,
             status: int = 200) -> HttpResponse:
    context = {
        **_context(spec), "result": result, "token": token, "filename": filename,
        "preview": result.rows[:PREVIEW_ROWS], "more": max(len(result.rows) - PREVIEW_ROWS, 0),
    }
    return render(request, "responsibility/import_preview.html", context, status=status)
