"""Backlog imports from Excel (issue 15): penalty cases closed on paper, and inspections with their findings.
Template, upload → check → confirm, and the progress of a long file's import.

enforcement.importers* declare the files and write the records; org.imports reads and checks them. The
checked upload waits in storage between the check and the confirmation; the confirm form carries its
name signed, so nobody can confirm someone else's file, and the file is checked again before it is written.
A file of more than SYNC_ROWS rows is imported by a worker (enforcement.tasks.import_enforcement_records_task)
while the page polls its progress; its confirmation is claimed once (org.imports.import_job_create).
"""

from __future__ import annotations

import io

from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from enforcement.importers_inspections import IMPORT_ROLES, IMPORTS
from enforcement.tasks import import_enforcement_records_task
from hazards.forms import ImportUploadForm
from org import imports
from org.imports import ImportAlreadyConfirmed, ImportResult, RecordImport
from org.jobs import jobs_recover_stale as recover_stale_jobs
from org.scoping import role_required, user_has_role
from org.uploads import pending_upload_name

PREVIEW_ROWS = 20
SALT = "enforcement.import"
MAX_AGE = 24 * 3600  # a checked file may be confirmed for a day
# Longer files are imported by a worker while the page shows its progress.
SYNC_ROWS = 300

SPECS, ROLES = IMPORTS, IMPORT_ROLES
ANY_IMPORTER = tuple(dict.fromkeys(role for roles in ROLES.values() for role in roles))
TITLES = {"case": gettext_lazy("Penalty cases"), "inspection": gettext_lazy("Inspections")}
LISTS = {"case": "enforcement:case_list", "inspection": "enforcement:inspection_list"}


def _spec(request: HttpRequest, kind: str) -> RecordImport:
    if kind not in SPECS:
        raise Http404
    if not user_has_role(request.user, ROLES[kind]):
        raise PermissionDenied
    return SPECS[kind]


def _context(kind: str, **extra: object) -> dict[str, object]:
    urls = {"upload": f"{kind}_import", "template": f"{kind}_import_template", "confirm": f"{kind}_import_confirm",
            "progress": f"{kind}_import_progress"}
    import_urls = {key: reverse(f"enforcement:{name}") for key, name in urls.items()}
    import_urls["cancel"] = reverse(LISTS[kind])
    return {"spec": SPECS[kind], "records_title": str(TITLES[kind]), "import_urls": import_urls, **extra}


@role_required(*ANY_IMPORTER)
def import_template(request: HttpRequest, kind: str) -> FileResponse:
    spec = _spec(request, kind)
    return FileResponse(io.BytesIO(imports.build_template(spec, user=request.user)), as_attachment=True,
                        filename=spec.filename)


@role_required(*ANY_IMPORTER)
def import_upload(request: HttpRequest, kind: str) -> HttpResponse:
    spec = _spec(request, kind)
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
        return _preview(request, kind, result, token=token, filename=upload.name or "")
    return render(request, "enforcement/import.html", _context(kind, form=form))


@role_required(*ANY_IMPORTER)
@require_POST
def import_confirm(request: HttpRequest, kind: str) -> HttpResponse:
    """Import the kept file: a short one checked again and written here; a long one claimed for a worker,
    which checks it again as its owner and writes it, while the page polls its progress."""
    spec = _spec(request, kind)
    try:
        data = signing.loads(request.POST.get("token", ""), salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        messages.error(request, _("This check has expired; please upload the file again."))
        return render(request, "enforcement/import.html", _context(kind, form=ImportUploadForm()), status=400)
    if data.get("user") != request.user.pk or data.get("kind") != kind:
        raise Http404
    path, filename = data["path"], data.get("filename", "")
    try:
        with default_storage.open(path, "rb") as file:
            content = file.read()
    except FileNotFoundError:
        messages.info(request, _("This file has already been imported."))
        return redirect(LISTS[kind])
    rows = data.get("rows", 0)
    if rows > SYNC_ROWS:
        # A long file goes straight to the worker, which checks it again as its owner before writing: the
        # confirmation only claims it (the request does not parse 5,000 rows a second time).
        try:
            job = imports.import_job_create(spec=spec, acting_user=request.user, content=content, filename=filename,
                                            rows=rows, task=import_enforcement_records_task, upload=path)
        except ImportAlreadyConfirmed as exc:  # a second click: the first claimed it, follow its job
            messages.info(request, exc.args[0])
            job = imports.import_jobs_of(user=request.user, spec=spec).filter(params__upload=path).first()
        default_storage.delete(path)
        return redirect(f"{reverse(f'enforcement:{kind}_import_progress')}?job={job.pk if job else ''}")
    result = imports.check_file(spec, io.BytesIO(content), request.user)
    if not result.ok:
        return _preview(request, kind, result, token="", filename=filename, status=400)
    created, duplicates = imports.import_checked(spec, result, acting_user=request.user)
    default_storage.delete(path)
    messages.success(request, _done_message(created, duplicates))
    return redirect(LISTS[kind])


@role_required(*ANY_IMPORTER)
def import_progress(request: HttpRequest, kind: str) -> HttpResponse:
    """A long import's progress (?job=<id>, else the user's latest of this kind), polled by htmx until it is
    done or has failed. Only the user's own jobs: anyone else's is a 404."""
    spec = _spec(request, kind)
    jobs = imports.import_jobs_of(user=request.user, spec=spec)
    pk = request.GET.get("job", "")
    if pk:
        job = jobs.filter(pk=int(pk)).first() if pk.isdigit() else None
        if job is None:
            raise Http404
    else:
        job = jobs.first()
        if job is None:
            return redirect(f"enforcement:{kind}_import")
    if recover_stale_jobs(jobs=[job]):  # its worker died: failed with a message (org.jobs)
        job.refresh_from_db()
    context = {**_context(kind), "job": job,
               "done_message": _done_message(job.params.get("created", 0), job.params.get("duplicates", 0))}
    template = "enforcement/_import_progress.html" if request.htmx else "enforcement/import_progress.html"
    return render(request, template, context)


def _done_message(created: int, duplicates: int) -> str:
    return _("Imported %(created)s record(s); %(duplicates)s already recorded were skipped.") % {
        "created": created, "duplicates": duplicates}


def _preview(request: HttpRequest, kind: str, result: ImportResult, *, token: str, filename: str,
             status: int = 200) -> HttpResponse:
    lines = sum(1 for row in result.rows if not row.duplicate and row.fields.get("description"))
    extra = _("Findings to create with them: %(n)s.") % {"n": lines} if kind == "inspection" and lines else ""
    context = _context(kind, result=result, token=token, filename=filename, preview=result.rows[:PREVIEW_ROWS],
                       more=max(len(result.rows) - PREVIEW_ROWS, 0), extra_summary=extra)
    return render(request, "enforcement/import_preview.html", context, status=status)
