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
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from org import imports
from org.ids import is_digits
from org.imports import ImportAlreadyConfirmed, ImportResult, RecordImport
from org.jobs import jobs_recover_stale
from org.models import ExportJob
from org.retention import pending_upload_retention
from org.scoping import role_required, user_has_role
from org.typing import AuthedRequest
from org.uploads import pending_upload_name

PREVIEW_ROWS = 20
MAX_AGE = 24 * 3600  # a checked file may be confirmed for a day


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Excel file (.xlsx)"), widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"})
    )

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
    prefixes: Mapping[str, str]  # URL prefix per kind: "register" → "register/import/", "" → "import/"
    templates: str = "components/"  # where import.html, import_preview.html and import_progress.html are
    sync_rows: int = 300
    summary: Callable[[str, ImportResult], str] | None = None  # a line more for the preview
    context: Callable[[str], Mapping[str, Any]] | None = None  # more for every page of a kind (its menu's tab)
    # The URL names' stem per kind when not the kind itself: "" for an app's one import ("hazards:import").
    stems: Mapping[str, str] = field(default_factory=dict)
    # What the list says after an import, per kind, when not done_message: (kind, created, skipped or updated,
    # rows) → "已导入3项隐患".
    done: Callable[[str, int, int, int], str] | None = None

    @property
    def salt(self) -> str:
        return f"{self.namespace}.import"

    def _spec(self, request: AuthedRequest, kind: str) -> RecordImport:
        if kind not in self.specs:
            raise Http404
        if not request.user.is_authenticated:
            raise PermissionDenied
        if not user_has_role(request.user, self.roles[kind]):
            raise PermissionDenied
        return self.specs[kind]

    def name(self, kind: str, suffix: str) -> str:
        """A kind's URL name: "<kind>_import_confirm", or "import_confirm" for a kind whose stem is ""."""
        stem = self.stems.get(kind, kind)
        return f"{stem}_{suffix}" if stem else suffix

    def _done(self, kind: str, created: int, duplicates: int, rows: int) -> str:
        return self.done(kind, created, duplicates, rows) if self.done else done_message(created, duplicates)

    def _context(self, kind: str, **extra: Any) -> dict[str, Any]:
        names = {
            "upload": "import",
            "template": "import_template",
            "confirm": "import_confirm",
            "progress": "import_progress",
        }
        urls = {key: reverse(f"{self.namespace}:{self.name(kind, name)}") for key, name in names.items()}
        urls["cancel"] = reverse(self.lists[kind])
        more = self.context(kind) if self.context else {}
        return {"spec": self.specs[kind], "records_title": str(self.titles[kind]), "import_urls": urls, **more, **extra}

    def template(self, request: AuthedRequest, kind: str) -> FileResponse:
        spec = self._spec(request, kind)
        return FileResponse(
            io.BytesIO(imports.build_template(spec, user=request.user)), as_attachment=True, filename=spec.filename
        )

    def upload(self, request: AuthedRequest, kind: str) -> HttpResponse:
        spec = self._spec(request, kind)
        form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            result = imports.check_file(spec, upload, request.user)
            token = ""
            if result.ok:
                upload.seek(0)
                name = default_storage.save(pending_upload_name(request.user), ContentFile(upload.read()))
                token = signing.dumps(
                    {
                        "path": name,
                        "user": request.user.pk,
                        "kind": kind,
                        "rows": len(result.rows),
                        "filename": (upload.name or "")[:200],
                        "at": int(time.time()),
                    },
                    salt=self.salt,
                )
            return self._preview(request, kind, result, token=token, filename=upload.name or "")
        return render(
            request,
            f"{self.templates}import.html",
            self._context(kind, form=form),
            status=400 if request.method == "POST" else 200,
        )

    def confirm(self, request: AuthedRequest, kind: str) -> HttpResponse:
        spec = self._spec(request, kind)
        try:
            data = signing.loads(request.POST.get("token", ""), salt=self.salt, max_age=MAX_AGE)
        except signing.BadSignature:
            messages.error(request, _("This check has expired; please upload the file again."))
            return render(request, f"{self.templates}import.html", self._context(kind, form=UploadForm()), status=400)
        if data.get("user") != request.user.pk or data.get("kind") != kind:
            raise Http404
        name, filename = data["path"], data.get("filename", "")
        try:
            with default_storage.open(name, "rb") as file:
                content = file.read()
        except FileNotFoundError:
            # Claimed by a confirmation already: follow its job while the worker is at it.
            job = imports.import_jobs_of(user=request.user, spec=spec).filter(params__upload=name).first()
            if job is not None and job.status in (ExportJob.Status.PENDING, ExportJob.Status.RUNNING):
                messages.info(request, _("This file is being imported already."))
                progress = reverse(f"{self.namespace}:{self.name(kind, 'import_progress')}")
                return redirect(f"{progress}?job={job.pk}")
            if time.time() - data.get("at", time.time()) >= pending_upload_retention().total_seconds():
                # Not confirmed in time: the clean-up removed it (org.retention), and nothing was imported.
                messages.error(
                    request,
                    _(
                        "This file was not confirmed within %(hours)s hours and has been "
                        "removed; please upload it again."
                    )
                    % {"hours": settings.RETENTION_PENDING_UPLOAD_HOURS},
                )
                return redirect(f"{self.namespace}:{self.name(kind, 'import')}")
            messages.info(request, _("This file has already been imported."))
            return redirect(self.lists[kind])
        rows = data.get("rows", 0)
        if rows > self.sync_rows:
            # The worker checks the file again as its owner before writing: the confirmation only claims it.
            try:
                job = imports.import_job_create(
                    spec=spec,
                    acting_user=request.user,
                    content=content,
                    filename=filename,
                    rows=rows,
                    task=self.task,
                    upload=name,
                )
            except ImportAlreadyConfirmed as exc:  # a second click: the first claimed it, follow its job
                messages.info(request, exc.args[0])
                job = imports.import_jobs_of(user=request.user, spec=spec).filter(params__upload=name).first()
            default_storage.delete(name)
            progress = reverse(f"{self.namespace}:{self.name(kind, 'import_progress')}")
            return redirect(f"{progress}?job={job.pk if job else ''}")
        result = imports.check_file(spec, io.BytesIO(content), request.user)
        result.filename = filename
        if not result.ok:
            return self._preview(request, kind, result, token="", filename=filename, status=400)
        try:
            created, duplicates = imports.import_checked(spec, result, acting_user=request.user)
        except IntegrityError:
            # Someone imported some of the same records between the check and the insert; nothing was written.
            messages.error(
                request, _("Some of these rows were imported by someone else meanwhile. Please upload again.")
            )
            return redirect(f"{self.namespace}:{self.name(kind, 'import')}")
        except ValidationError as exc:  # the kind's own write refused it (a scope changed meanwhile)
            messages.error(request, " ".join(exc.messages))
            return redirect(f"{self.namespace}:{self.name(kind, 'import')}")
        default_storage.delete(name)
        messages.success(request, self._done(kind, created, duplicates, len(result.rows)))
        return redirect(self.lists[kind])

    def progress(self, request: AuthedRequest, kind: str) -> HttpResponse:
        """A long import's progress (?job=<id>, else the user's latest of this kind), polled by htmx until it
        is done or has failed. Only the user's own jobs: anyone else's is a 404."""
        spec = self._spec(request, kind)
        jobs = imports.import_jobs_of(user=request.user, spec=spec)
        pk = request.GET.get("job", "")
        if pk:
            job = jobs.filter(pk=int(pk)).first() if is_digits(pk) else None
            if job is None:
                raise Http404
        else:
            job = jobs.first()
            if job is None:
                return redirect(f"{self.namespace}:{self.name(kind, 'import')}")
        if jobs_recover_stale(jobs=[job]):  # its worker died: failed with a message (org.jobs)
            job.refresh_from_db()
        context = {
            **self._context(kind),
            "job": job,
            "done_message": self._done(kind, job.params.get("created", 0), job.params.get("duplicates", 0), job.total),
        }
        if getattr(request, "htmx", False):
            return render(request, "components/_import_progress.html", context)
        return render(request, f"{self.templates}import_progress.html", context)

    def _preview(
        self, request: AuthedRequest, kind: str, result: ImportResult, *, token: str, filename: str, status: int = 200
    ) -> HttpResponse:
        context = self._context(
            kind,
            result=result,
            token=token,
            filename=filename,
            preview=result.rows[:PREVIEW_ROWS],
            more=max(len(result.rows) - PREVIEW_ROWS, 0),
            extra_summary=self.summary(kind, result) if self.summary else "",
        )
        return render(request, f"{self.templates}import_preview.html", context, status=status)

    def urls(self) -> list[URLPattern]:
        """The four URLs of each kind, for the app's urlpatterns; each view carries its kind's roles
        (org.scoping.role_required), so org.scoping.may_open answers for a link to it."""
        patterns = []
        for kind, stem in self.prefixes.items():
            prefix = f"{stem}/" if stem else ""  # "": the app's own import/ (hazards/import/)

            def view(
                method: Callable[..., HttpResponseBase],
                post_only: bool = False,
                roles: tuple[str, ...] = tuple(self.roles[kind]),
            ) -> Callable[..., HttpResponseBase]:
                return role_required(*roles)(require_POST(method) if post_only else method)

            patterns += [
                path(f"{prefix}import/", view(self.upload), {"kind": kind}, name=self.name(kind, "import")),
                path(
                    f"{prefix}import/template/",
                    view(self.template),
                    {"kind": kind},
                    name=self.name(kind, "import_template"),
                ),
                path(
                    f"{prefix}import/confirm/",
                    view(self.confirm, post_only=True),
                    {"kind": kind},
                    name=self.name(kind, "import_confirm"),
                ),
                path(
                    f"{prefix}import/progress/",
                    view(self.progress),
                    {"kind": kind},
                    name=self.name(kind, "import_progress"),
                ),
            ]
        return patterns


def done_message(created: int, duplicates: int) -> str:
    return _("Imported %(created)s record(s); %(duplicates)s already recorded were skipped.") % {
        "created": created,
        "duplicates": duplicates,
    }
