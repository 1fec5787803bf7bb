from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from org.forms import attach_errors
from org.ids import is_digits
from org.models import ExportJob
from org.scoping import role_required, user_has_role
from org.services import export_job_create, export_job_enqueue
from org.typing import AuthedRequest
from org.versioning import stale_status
from reports import selectors, services
from reports.figures import Item, campaign_items, chosen, modules_without_records, sector_items
from reports.forms import CommentForm, NarrativeForm, ReopenForm, ReportCreateForm, SectionForm
from reports.models import ReportComment, ReportSection, SectionKind, SectionTemplate, SummaryReport
from reports.pdf import outline
from reports.tasks import render_report_file_task
from reports.wording import Figure, optional_lines

READERS = ("clerk", "leader", "admin")


def _report(request: AuthedRequest, pk: int) -> SummaryReport:
    return get_object_or_404(selectors.report_list(user=request.user), pk=pk)


@role_required(*READERS)
def report_list(request: AuthedRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    reports = selectors.report_list(user=request.user, status=status)
    return render(
        request,
        "reports/list.html",
        {
            "reports": reports[:100],
            "total": reports.count(),
            "can_write": user_has_role(request.user, services.WRITERS),
            "status": dict(SummaryReport.Status.choices).get(status),
        },
    )


@role_required(*services.WRITERS)
def report_create(request: AuthedRequest) -> HttpResponse:
    form = ReportCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_create(acting_user=request.user, **form.service_kwargs())
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("The summary was drafted from the records."))
            return redirect("reports:detail", pk=report.pk)
    return render(request, "reports/create.html", {"form": form})


def _sections(report: SummaryReport, figures: dict[str, Figure] | None = None) -> list[ReportSection]:
    """Every part of the report, numbered as the PDF numbers it; parts with nothing to say stay editable.

    With the figures, each part also lists the optional sentences the records could add (``optional``).
    """
    sections = list(report.sections.all())
    printed = {s.pk: s.numeral for s in outline(report, sections)}
    bodies = dict(SectionTemplate.objects.values_list("key", "body")) if figures is not None else {}
    for section in sections:
        section.numeral = printed.get(section.pk, "")
        section.optional = [
            {"index": index, "text": text, "on": index in section.switched_on}
            for index, text in optional_lines(bodies.get(section.key, ""), figures or {})
        ]
    return sections


def _items(report: SummaryReport, campaigns: list[Item], sectors: list[Item]) -> list[dict[str, Any]]:
    """The campaigns and sectors with records, ticked and numbered as the report words them."""
    scope = services.report_scope(report)
    out = []
    for kind, label, items, choice in (
        ("campaign", _("Campaigns"), campaigns, scope.campaigns),
        ("sector", _("Sectors"), sectors, scope.sectors),
    ):
        order = {item.pk: n for n, item in enumerate(chosen(items, choice), start=1)}
        out.append(
            {
                "kind": kind,
                "label": label,
                "rows": [{"pk": i.pk, "name": i.name, "found": i.found, "order": order.get(i.pk)} for i in items],
            }
        )
    return out


@dataclass(frozen=True)
class ListedFigure:
    label: str
    display: str
    link: str


def _listed_figures(report: SummaryReport, figures: dict[str, Figure]) -> list[Any]:
    """The figures beside the text: as approved for an approved report, as the records stand otherwise."""
    if report.is_frozen and report.approved_figures:
        return [ListedFigure(*row) for row in report.approved_figures.get("figures", [])]
    return [f for f in figures.values() if services.shown_in_list(f)]


def _can_write(request: AuthedRequest, report: SummaryReport) -> bool:
    """Writers edit a draft; submitted is locked for them until sent back, approved is frozen."""
    return user_has_role(request.user, services.WRITERS) and report.status == SummaryReport.Status.DRAFT


def _can_comment(request: AuthedRequest, report: SummaryReport) -> bool:
    return not report.is_frozen and user_has_role(request.user, (*services.APPROVERS, *services.WRITERS))


def _comments(report: SummaryReport) -> dict[str, list[ReportComment]]:
    """Part key ("" for the whole report) → its comments in order, each with its replies."""
    by_key: dict[str, list[ReportComment]] = {}
    replies: dict[int, list[ReportComment]] = {}
    for comment in report.comments.select_related("author"):
        if comment.parent_id:
            replies.setdefault(comment.parent_id, []).append(comment)
        else:
            by_key.setdefault(comment.section_key, []).append(comment)
    for thread in by_key.values():
        for comment in thread:
            comment.thread = replies.get(comment.pk, [])
    return by_key


def _detail_context(request: AuthedRequest, report: SummaryReport, **extra: Any) -> dict[str, Any]:
    scope = services.report_scope(report)
    items = (campaign_items(scope), sector_items(scope))
    figures = services.draft_figures(report, items=items)
    sections = _sections(report, figures)
    narrative_form = extra.pop("narrative_form", None) or NarrativeForm(
        initial={
            "title": report.title,
            "problems": report.problems,
            "plans": report.plans,
            "issuer": report.issuer,
            "signed_on": report.signed_on,
            "version": report.version,
            "base_title": report.title,
            "base_problems": report.problems,
            "base_plans": report.plans,
        }
    )
    # The fields carry the headings the skeleton prints, so screen, PDF and Word name the parts alike.
    for s in sections:
        if s.kind in (SectionKind.PROBLEMS, SectionKind.PLANS):
            narrative_form.fields[s.kind].label = f"{s.numeral}{s.heading}"
    comments = _comments(report)
    for s in sections:
        s.changes = services.section_changes(s, figures)
        s.comments = comments.get(s.key, [])
    theirs = extra.pop("theirs", {})
    return {
        "report": report,
        "sections": sections,
        "report_comments": comments.get("", []),
        "theirs": theirs,
        "can_comment": _can_comment(request, report),
        "history": selectors.version_history(report=report),
        "return_form": extra.pop("return_form", None) or ReopenForm(),
        "figures": _listed_figures(report, figures),
        "no_records": modules_without_records(figures),
        "items": _items(report, *items),
        "files": selectors.report_files(report=report)[:20],
        "can_write": _can_write(request, report),
        "can_approve": user_has_role(request.user, services.APPROVERS),
        "narrative_form": narrative_form,
        "reopen_form": extra.pop("reopen_form", None) or ReopenForm(),
        **extra,
    }


@role_required(*READERS)
def report_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    return render(request, "reports/detail.html", _detail_context(request, report))


def _section_context(request: AuthedRequest, report: SummaryReport, key: str) -> dict[str, Any]:
    figures = services.draft_figures(report)
    section = next(s for s in _sections(report, figures) if s.key == key)
    section.changes = services.section_changes(section, figures)
    section.comments = _comments(report).get(key, [])
    return {
        "s": section,
        "report": report,
        "can_write": _can_write(request, report),
        "can_comment": _can_comment(request, report),
    }


@role_required(*READERS)
def section_edit(request: AuthedRequest, pk: int, key: str) -> HttpResponse:
    """htmx: swap a paragraph for its editor, and back once saved; a real conflict shows both texts."""
    report = _report(request, pk)
    section = get_object_or_404(report.sections, key=key)
    if request.method == "POST":
        form = SectionForm(request.POST)
        theirs = None
        status = 400
        if form.is_valid():
            data = dict(form.cleaned_data)
            base = data.pop("base")
            if "base" not in request.POST:
                base = None  # a form without it (an older page) is checked by the report's version
            try:
                services.report_section_edit(acting_user=request.user, report=report, key=key, base=base, **data)
            except services.EditConflict as exc:
                # The portal's one rule for a stale save (org/versioning.py): 409, and 200 to htmx.
                theirs, status = exc.theirs["body"], stale_status(request)
                attach_errors(form, exc)
                # Her next save merges over their text: it becomes what she started from.
                data = cast(QueryDict, form.data).copy()  # a bound form's data is the request's QueryDict
                data["base"] = theirs.text
                form.data = data
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                report.refresh_from_db()
                return render(request, "reports/_section.html", _section_context(request, report, key))
        return render(
            request,
            "reports/_section_form.html",
            {"s": section, "report": report, "form": form, "theirs": theirs},
            status=status,
        )
    if request.GET.get("cancel"):
        return render(request, "reports/_section.html", _section_context(request, report, key))
    form = SectionForm(
        initial={
            "heading": section.heading,
            "body": section.body,
            "order": section.order,
            "base": section.body,
            "version": report.version,
        }
    )
    return render(request, "reports/_section_form.html", {"s": section, "report": report, "form": form})


@role_required(*READERS)
@require_POST
def narrative_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    form = NarrativeForm(request.POST)
    theirs: dict[str, Any] = {}
    if form.is_valid():
        try:
            services.report_update(acting_user=request.user, report=report, **form.service_kwargs(request.POST))
        except services.EditConflict as exc:
            theirs = exc.theirs
            attach_errors(form, exc)
            data = cast(QueryDict, form.data).copy()  # as above
            for name, version in theirs.items():
                data[f"base_{name}"] = version.text
            form.data = data
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("reports:detail", pk=pk)
    report.refresh_from_db()
    context = _detail_context(request, report, narrative_form=form, theirs=theirs)
    return render(request, "reports/detail.html", context, status=409 if theirs else 400)


@role_required(*READERS)
@require_POST
def report_comment(request: AuthedRequest, pk: int) -> HttpResponse:
    """A comment on a part (or the whole report), or a reply to one."""
    report = _report(request, pk)
    form = CommentForm(request.POST)
    key = request.POST.get("section_key", "")
    if form.is_valid():
        parent = None
        if form.cleaned_data.get("parent"):
            parent = get_object_or_404(report.comments, pk=form.cleaned_data["parent"])
        try:
            services.report_comment_add(
                acting_user=request.user, report=report, section_key=key, parent=parent, body=form.cleaned_data["body"]
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Comment saved."))
    else:
        messages.error(request, _("Write the comment first."))
    anchor = f"#section-{key}" if key else "#comments"
    return redirect(f"{reverse('reports:detail', args=[pk])}{anchor}")


ACTIONS = {
    "regenerate": services.report_regenerate,
    "submit": services.report_submit,
    "approve": services.report_approve,
}


def _chosen_pks(request: AuthedRequest, kind: str, available: list[int]) -> list[int] | None:
    """The ticked items of one kind, ordered by the numbers typed beside them (then as listed).

    None (every one with records, as drafted by default) when there is nothing of the kind to choose from.
    """
    if not available:
        return None
    ticked = {int(pk) for pk in request.POST.getlist(f"{kind}s") if is_digits(pk)} & set(available)

    def rank(pk: int) -> tuple[int, int]:
        typed = request.POST.get(f"order_{kind}_{pk}", "")
        return (int(typed) if is_digits(typed) else 999, available.index(pk))

    return sorted(ticked, key=rank)


@role_required(*services.WRITERS)
@require_POST
def section_sentences(request: AuthedRequest, pk: int, key: str) -> HttpResponse:
    """Switch a part's optional sentences on or off."""
    report = _report(request, pk)
    get_object_or_404(report.sections, key=key)
    lines = [int(n) for n in request.POST.getlist("lines") if is_digits(n)]
    try:
        services.report_section_lines(acting_user=request.user, report=report, key=key, lines=lines)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Saved."))
    return redirect(f"{reverse('reports:detail', args=[pk])}#section-{key}")


@role_required(*services.WRITERS)
@require_POST
def report_items(request: AuthedRequest, pk: int) -> HttpResponse:
    """The campaigns and sectors that get a sentence of their own, and their order."""
    report = _report(request, pk)
    scope = services.report_scope(report)
    campaigns = [item.pk for item in campaign_items(scope)]
    sectors = [item.pk for item in sector_items(scope)]
    try:
        # A choice of ticks, not typed text: the last one saved holds, whatever she saved before it.
        services.report_items_choose(
            acting_user=request.user,
            report=report,
            campaigns=_chosen_pks(request, "campaign", campaigns),
            sectors=_chosen_pks(request, "sector", sectors),
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Saved."))
    return redirect("reports:detail", pk=pk)


@role_required(*READERS)
@require_POST
def report_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    report = _report(request, pk)
    try:
        if action in ("reopen", "return"):
            form = ReopenForm(request.POST)
            if not form.is_valid():
                key = "reopen_form" if action == "reopen" else "return_form"
                return render(
                    request, "reports/detail.html", _detail_context(request, report, **{key: form}), status=400
                )
            move = services.report_reopen if action == "reopen" else services.report_return
            move(acting_user=request.user, report=report, reason=form.cleaned_data["reason"])
        elif action == "take_draft":
            services.report_section_take_draft(acting_user=request.user, report=report, key=request.POST["key"])
        elif action in ACTIONS:
            ACTIONS[action](acting_user=request.user, report=report)
        else:
            raise Http404
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Saved."))
    return redirect("reports:detail", pk=pk)


@role_required(*READERS)
@require_POST
def report_generate(request: AuthedRequest, pk: int, kind: str) -> HttpResponse:
    """Queue the PDF or the Excel annex; the page polls the job."""
    report = _report(request, pk)
    if kind not in ("pdf", "docx", "xlsx"):
        raise Http404
    # The export page links back to the report, and the report lists the file with the version it was made of.
    job = export_job_create(
        owner=request.user,
        kind=f"reports.{kind}",
        params={
            "report": report.pk,
            "version": report.version,
            "back_url": reverse("reports:detail", args=[report.pk]),
            "back_label": report.title,
        },
    )
    export_job_enqueue(job=job, task=render_report_file_task)
    return redirect("org:export_job", pk=job.pk)


@role_required(*READERS)
def report_file(request: AuthedRequest, pk: int, job_pk: int) -> FileResponse:
    """Anyone who may see the report may download what was produced for it."""
    report = _report(request, pk)
    job = get_object_or_404(selectors.report_files(report=report), pk=job_pk, status=ExportJob.Status.DONE)
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename)
