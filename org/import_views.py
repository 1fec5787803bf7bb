"""The pages of every Excel import built on org.imports, once: template, upload → check → confirm, progress.

An app declares an :class:`ImportSite` (its URL namespace, its kinds' RecordImports and roles, the list each
import returns to, its worker task) and adds ``site.urls()`` to its URLconf. The checked upload waits in
storage between the check and the confirmation; the confirm form carries its name signed, so nobody can
confirm someone else's file, and the file is checked again before it is written. A file of more than
``sync_rows`` rows is imported by the worker while the page polls its progress; its confirmation is claimed
once (org.imports.import_job_create). An app whose pages carry its own menu passes ``templates=`` a folder whose
import.html, import_preview.html and import_progress.html only extend the components and fill their
``subnav`` (and ``head``) blocks; ``context`` adds what that menu needs (e.g. the active tab).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from org import imports
from org.imports import ImportAlreadyConfirmed, ImportResult, RecordImport
from org.jobs import jobs_recover_stale
from org.scoping import role_required, user_has_role
from org.uploads import pending_upload_name

PREVIEW_ROWS = 20
MAX_AGE = 24 * 3600  # a checked file may be confirmed for a day


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Excel file (.xlsx)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_file(self) -> Any:
        from org.retention import check_pending_quota

        f = self.cleaned_data["file"]
        if not f.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Please upload the .xlsx template."))
        if self.user is not None:
            check_pending_quota(self.user, f)
        return f


@dataclass
class ImportSite:
    namespace: str  # the app's URL namespace: URL names are "<kind>_import", "<kind>_import_template", …
    specs: Mapping[str, RecordImport]
    roles: Mapping[str, tuple[str, ...]]
    titles: Mapping[str, Any]  # what the records are called, per kind
    lists: Mapping[str, str]  # the URL name each import returns to
    task: Any  # the worker task taking the job's id
    prefixes: Mapping[str, str]  # URL prefix per kind: "register" → "register/import/"
    templates: str = "components/"  # where import.html, import_preview.html and import_progress.html are
    sync_rows: int = 300
    summary: Callable[[str, ImportResult], str] | None = None  # a line more for the preview
    context: Callable[[str], Mapping[str, Any]] | None = None  # more for every page of a kind (its menu's tab)

    @property
    def salt(self) -> str:
        return f"{self.namespace}.import"

    def _spec(self, request: HttpRequest, kind: str) -> RecordImport:
        if kind not in self.specs:
            raise Http404
        if not request.user.is_authenticated:
            raise PermissionDenied
        if not user_has_role(request.user, self.roles[kind]):
            raise PermissionDenied
        return self.specs[kind]

    def _context(self, kind: str, **extra: Any) -> dict[str, Any]:
        names = {"upload": "import", "template": "import_template", "confirm": "import_confirm",
                 "progress": "import_progress"}
        urls = {key: reverse(f"{self.namespace}:{kind}_{name}") for key, name in names.items()}
        urls["cancel"] = reverse(self.lists[kind])
        more = self.context(kind) if self.context else {}
        return {"spec": self.specs[kind], "records_title": str(self.titles[kind]), "import_urls": urls, **more,
                **extra}

    def template(self, request: HttpRequest, kind: str) -> FileResponse:
        spec = self._spec(request, kind)
        return FileResponse(io.BytesIO(imports.build_template(spec, user=request.user)), as_attachment=True,
                            filename=spec.filename)

    def upload(self, request: HttpRequest, kind: str) -> HttpResponse:
        spec = self._spec(request, kind)
        form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            result = imports.check_file(spec, upload, request.user)
            token = ""
            if result.ok:
                upload.seek(0)
                name = default_storage.save(pending_upload_name(request.user), ContentFile(upload.read()))
                token = signing.dumps({"path": name, "user": request.user.pk, "kind": kind,
                                       "rows": len(result.rows), "filename": (upload.name or "")[:200]},
                                      salt=self.salt)
            return self._preview(request, kind, result, token=token, filename=upload.name or "")
        return render(request, f"{self.templates}import.html", self._context(kind, form=form),
                      status=400 if request.method == "POST" else 200)

    def confirm(self, request: HttpRequest, kind: str) -> HttpResponse:
        spec = self._spec(request, kind)
        try:
            data = signing.loads(request.POST.get("token", ""), salt=self.salt, max_age=MAX_AGE)
        except signing.BadSignature:
            messages.error(request, _("This check has expired; please upload the file again."))
            return render(request, f"{self.templates}import.html", self._context(kind, form=UploadForm()),
                          status=400)
        if data.get("user") != request.user.pk or data.get("kind") != kind:
            raise Http404
        name, filename = data["path"], data.get("filename", "")
        try:
            with default_storage.open(name, "rb") as file:
                content = file.read()
        except FileNotFoundError:
            messages.info(request, _("This file has already been imported."))
            return redirect(self.lists[kind])
        rows = data.get("rows", 0)
        if rows > self.sync_rows:
            # The worker checks the file again as its owner before writing: the confirmation only claims it.
            try:
                job = imports.import_job_create(spec=spec, acting_user=request.user, content=content,
                                                filename=filename, rows=rows, task=self.task, upload=name)
            except ImportAlreadyConfirmed as exc:  # a second click: the first claimed it, follow its job
                messages.info(request, exc.args[0])
                job = imports.import_jobs_of(user=request.user, spec=spec).filter(params__upload=name).first()
            default_storage.delete(name)
            return redirect(f"{reverse(f'{self.namespace}:{kind}_import_progress')}?job={job.pk if job else ''}")
        result = imports.check_file(spec, io.BytesIO(content), request.user)
        if not result.ok:
            return self._preview(request, kind, result, token="", filename=filename, status=400)
        created, duplicates = imports.import_checked(spec, result, acting_user=request.user)
        default_storage.delete(name)
        messages.success(request, done_message(created, duplicates))
        return redirect(self.lists[kind])

    def progress(self, request: HttpRequest, kind: str) -> HttpResponse:
        """A long import's progress (?job=<id>, else the user's latest of this kind), polled by htmx until it
        is done or has failed. Only the user's own jobs: anyone else's is a 404."""
        spec = self._spec(request, kind)
        jobs = imports.import_jobs_of(user=request.user, spec=spec)
        pk = request.GET.get("job", "")
        if pk:
            job = jobs.filter(pk=int(pk)).first() if pk.isdigit() else None
            if job is None:
                raise Http404
        else:
            job = jobs.first()
            if job is None:
                return redirect(f"{self.namespace}:{kind}_import")
        if jobs_recover_stale(jobs=[job]):  # its worker died: failed with a message (org.jobs)
            job.refresh_from_db()
        context = {**self._context(kind), "job": job,
                   "done_message": done_message(job.params.get("created", 0), job.params.get("duplicates", 0))}
        if getattr(request, "htmx", False):
            return render(request, "components/_import_progress.html", context)
        return render(request, f"{self.templates}import_progress.html", context)

    def _preview(self, request: HttpRequest, kind: str, result: ImportResult, *, token: str, filename: str,
                 status: int = 200) -> HttpResponse:
        context = self._context(kind, result=result, token=token, filename=filename,
                                preview=result.rows[:PREVIEW_ROWS], more=max(len(result.rows) - PREVIEW_ROWS, 0),
                                extra_summary=self.summary(kind, result) if self.summary else "")
        return render(request, f"{self.templates}import_preview.html", context, status=status)

    def urls(self) -> list[URLPattern]:
        """The four URLs of each kind, for the app's urlpatterns; each view carries its kind's roles
        (org.scoping.role_required), so org.scoping.may_open answers for a link to it."""
        patterns = []
        for kind, prefix in self.prefixes.items():
            def view(method: Callable[..., HttpResponse], post_only: bool = False,
                     roles: tuple[str, ...] = tuple(self.roles[kind])) -> Callable[..., HttpResponse]:
                return role_required(*roles)(require_POST(method) if post_only else method)

            patterns += [
                path(f"{prefix}/import/", view(self.upload), {"kind": kind}, name=f"{kind}_import"),
                path(f"{prefix}/import/template/", view(self.template), {"kind": kind},
                     name=f"{kind}_import_template"),
                path(f"{prefix}/import/confirm/", view(self.confirm, post_only=True), {"kind": kind},
                     name=f"{kind}_import_confirm"),
                path(f"{prefix}/import/progress/", view(self.progress), {"kind": kind},
                     name=f"{kind}_import_progress"),
            ]
        return patterns


def done_message(created: int, duplicates: int) -> str:
    return _("Imported %(created)s record(s); %(duplicates)s already recorded were skipped.") % {
        "created": created, "duplicates": duplicates}
