from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from org.forms import attach_errors
from org.models import ExportJob
from org.scoping import role_required, user_has_role
from org.services import export_job_create, export_job_enqueue
from reports import selectors, services
from reports.figures import Item, campaign_items, chosen, modules_without_records, sector_items
from reports.forms import NarrativeForm, ReopenForm, ReportCreateForm, SectionForm
from reports.models import ReportSection, SectionKind, SectionTemplate, SummaryReport
from reports.pdf import outline
from reports.tasks import render_report_file_task
from reports.wording import Figure, optional_lines

READERS = ("clerk", "leader", "admin")


def _report(request: HttpRequest, pk: int) -> SummaryReport:
    return get_object_or_404(selectors.report_list(user=request.user), pk=pk)


@role_required(*READERS)
def report_list(request: HttpRequest) -> HttpResponse:
    reports = selectors.report_list(user=request.user)[:100]
    return render(request, "reports/list.html", {
        "reports": reports, "can_write": user_has_role(request.user, services.WRITERS),
    })


@role_required(*services.WRITERS)
def report_create(request: HttpRequest) -> HttpResponse:
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
    for kind, label, items, choice in (("campaign", _("Campaigns"), campaigns, scope.campaigns),
                                       ("sector", _("Sectors"), sectors, scope.sectors)):
        order = {item.pk: n for n, item in enumerate(chosen(items, choice), start=1)}
        out.append({"kind": kind, "label": label,
                    "rows": [{"pk": i.pk, "name": i.name, "found": i.found, "order": order.get(i.pk)} for i in items]})
    return out


def _detail_context(request: HttpRequest, report: SummaryReport, **extra: Any) -> dict[str, Any]:
    scope = services.report_scope(report)
    items = (campaign_items(scope), sector_items(scope))
    figures = services.draft_figures(report, items=items)
    sections = _sections(report, figures)
    narrative_form = extra.pop("narrative_form", None) or NarrativeForm(initial={
        "title": report.title, "problems": report.problems, "plans": report.plans, "issuer": report.issuer,
        "signed_on": report.signed_on, "version": report.version,
    })
    # The fields carry the headings the skeleton prints, so screen, PDF and Word name the parts alike.
    for s in sections:
        if s.kind in (SectionKind.PROBLEMS, SectionKind.PLANS):
            narrative_form.fields[s.kind].label = f"{s.numeral}{s.heading}"
    return {
        "report": report,
        "sections": sections,
        "figures": [f for f in figures.values() if f.value is not None and f.module not in ("", "report")
                    and f.key not in ("campaigns", "sectors")],
        "no_records": modules_without_records(figures),
        "items": _items(report, *items),
        "files": selectors.report_files(report=report)[:20],
        "versions": report.versions.select_related("created_by")[:10],
        "can_write": user_has_role(request.user, services.WRITERS) and not report.is_frozen,
        "can_approve": user_has_role(request.user, services.APPROVERS),
        "narrative_form": narrative_form,
        "reopen_form": extra.pop("reopen_form", None) or ReopenForm(),
        **extra,
    }


@role_required(*READERS)
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    return render(request, "reports/detail.html", _detail_context(request, report))


@role_required(*READERS)
def section_edit(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    """htmx: swap a paragraph for its editor, and back once saved."""
    report = _report(request, pk)
    section = get_object_or_404(report.sections, key=key)
    if request.method == "POST":
        form = SectionForm(request.POST)
        if form.is_valid():
            try:
                section = services.report_section_edit(acting_user=request.user, report=report, key=key,
                                                       **form.cleaned_data)
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                report.refresh_from_db()
                section = next(s for s in _sections(report) if s.key == key)
                return render(request, "reports/_section.html", {"s": section, "report": report, "can_write": True})
        return render(request, "reports/_section_form.html", {"s": section, "report": report, "form": form},
                      status=400)
    if request.GET.get("cancel"):
        section = next(s for s in _sections(report) if s.key == key)
        return render(request, "reports/_section.html", {"s": section, "report": report, "can_write": True})
    form = SectionForm(initial={"heading": section.heading, "body": section.body, "order": section.order,
                                "version": report.version})
    return render(request, "reports/_section_form.html", {"s": section, "report": report, "form": form})


@role_required(*READERS)
@require_POST
def narrative_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    form = NarrativeForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.report_update(acting_user=request.user, report=report, version=version, **data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("reports:detail", pk=pk)
    return render(request, "reports/detail.html", _detail_context(request, report, narrative_form=form), status=400)


ACTIONS = {
    "regenerate": services.report_regenerate,
    "submit": services.report_submit,
    "approve": services.report_approve,
}


def _chosen_pks(request: HttpRequest, kind: str, available: list[int]) -> list[int] | None:
    """The ticked items of one kind, ordered by the numbers typed beside them (then as listed).

    None (every one with records, as drafted by default) when there is nothing of the kind to choose from.
    """
    if not available:
        return None
    ticked = {int(pk) for pk in request.POST.getlist(f"{kind}s") if pk.isdigit()} & set(available)

    def rank(pk: int) -> tuple[int, int]:
        typed = request.POST.get(f"order_{kind}_{pk}", "")
        return (int(typed) if typed.isdigit() else 999, available.index(pk))

    return sorted(ticked, key=rank)


@role_required(*services.WRITERS)
@require_POST
def section_sentences(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    """Switch a part's optional sentences on or off."""
    report = _report(request, pk)
    get_object_or_404(report.sections, key=key)
    version = request.POST.get("version", "")
    lines = [int(n) for n in request.POST.getlist("lines") if n.isdigit()]
    try:
        services.report_section_lines(acting_user=request.user, report=report, key=key, lines=lines,
                                      version=int(version) if version.isdigit() else None)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Saved."))
    return redirect(f"{reverse('reports:detail', args=[pk])}#section-{key}")


@role_required(*services.WRITERS)
@require_POST
def report_items(request: HttpRequest, pk: int) -> HttpResponse:
    """The campaigns and sectors that get a sentence of their own, and their order."""
    report = _report(request, pk)
    scope = services.report_scope(report)
    campaigns = [item.pk for item in campaign_items(scope)]
    sectors = [item.pk for item in sector_items(scope)]
    version = request.POST.get("version", "")
    try:
        services.report_items_choose(
            acting_user=request.user, report=report, campaigns=_chosen_pks(request, "campaign", campaigns),
            sectors=_chosen_pks(request, "sector", sectors), version=int(version) if version.isdigit() else None,
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Saved."))
    return redirect("reports:detail", pk=pk)


@role_required(*READERS)
@require_POST
def report_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    report = _report(request, pk)
    try:
        if action == "reopen":
            form = ReopenForm(request.POST)
            if not form.is_valid():
                return render(request, "reports/detail.html",
                              _detail_context(request, report, reopen_form=form), status=400)
            services.report_reopen(acting_user=request.user, report=report, reason=form.cleaned_data["reason"])
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
def report_generate(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """Queue the PDF or the Excel annex; the page polls the job."""
    report = _report(request, pk)
    if kind not in ("pdf", "xlsx"):
        raise Http404
    job = export_job_create(owner=request.user, kind=f"reports.{kind}", params={"report": report.pk})
    export_job_enqueue(job=job, task=render_report_file_task)
    return redirect("org:export_job", pk=job.pk)


@role_required(*READERS)
def report_file(request: HttpRequest, pk: int, job_pk: int) -> FileResponse:
    """Anyone who may see the report may download what was produced for it."""
    report = _report(request, pk)
    job = get_object_or_404(selectors.report_files(report=report), pk=job_pk, status=ExportJob.Status.DONE)
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename)
