"""Drafting a summary from the records: its scope, its skeleton, the first draft and every redraft."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from org.audit import AuditAction, record_audit
from org.models import OrgUnit, User
from org.periods import Period
from org.scoping import check_scope
from reports.figures import Item, ReportScope, report_figures
from reports.models import ReportSection, SectionKind, SectionTemplate, SummaryReport
from reports.services.common import WRITERS, bump, check_version, ensure_editable, require, snapshot
from reports.wording import PLACEHOLDER, Figure, render_wording


def report_scope(report: SummaryReport) -> ReportScope:
    """What the report's figures count: its period up to the as-of date, and the clerk's campaigns and sectors."""
    period = Period(report.period_start, report.period_end)

    def choice(value: Any) -> tuple[int, ...] | None:
        return None if value is None else tuple(int(pk) for pk in value)

    return ReportScope(
        unit=report.scope,
        period=period.effective(report.as_of),
        as_of=report.as_of,
        campaigns=choice(report.campaign_choice),
        sectors=choice(report.sector_choice),
        period_name=period.name(),
        next_period_name=period.next_name(),
    )


def skeleton() -> list[SectionTemplate]:
    """The parts of a summary, in order (repeat templates are not parts)."""
    return list(SectionTemplate.objects.exclude(kind=SectionKind.REPEAT))


def item_templates() -> dict[str, str]:
    """One campaign's and one sector's sentence wording, by key ("campaign", "sector")."""
    return dict(SectionTemplate.objects.filter(kind=SectionKind.REPEAT).values_list("key", "body"))


def draft_figures(report: SummaryReport, items: tuple[list[Item], list[Item]] | None = None) -> dict[str, Figure]:
    figures = report_figures(report_scope(report), item_templates=item_templates(), items=items)
    figures["issuer"] = Figure("issuer", "发文单位", report.issuer, report.issuer)
    return figures


def draft_sections(
    report: SummaryReport, figures: dict[str, Figure] | None = None, switched_on: dict[str, list[int]] | None = None
) -> dict[str, tuple[SectionTemplate, str, str]]:
    """Part key → (its template, its heading and its text drafted from the records).

    ``switched_on``: per part, the optional lines the clerk switched on.
    """
    figures = figures if figures is not None else draft_figures(report)
    switched_on = switched_on or {}
    return {
        t.key: (t, render_wording(t.heading, figures), render_wording(t.body, figures, switched_on.get(t.key, ())))
        for t in skeleton()
    }


def basis(template_body: str, figures: dict[str, Figure]) -> dict[str, str]:
    """The figures a part's wording names, as displayed now: what a hand edit was written from."""
    return {key: figures[key].display for key in dict.fromkeys(PLACEHOLDER.findall(template_body)) if key in figures}


@transaction.atomic
def report_create(
    *,
    acting_user: User,
    scope: OrgUnit,
    period_start: dt.date,
    period_end: dt.date,
    as_of: dt.date,
    title: str,
    issuer: str,
    signed_on: dt.date,
) -> SummaryReport:
    require(acting_user, WRITERS)
    check_scope(acting_user, scope, "scope")
    previous = SummaryReport.objects.filter(scope=scope, period_end__lt=period_start).order_by("-period_end").first()
    report = SummaryReport(
        scope=scope,
        period_start=period_start,
        period_end=period_end,
        as_of=as_of,
        title=title,
        issuer=issuer,
        signed_on=signed_on,
        created_by=acting_user,
        # 二、三 are people's words: start from the last report of the same scope.
        problems=previous.problems if previous else "",
        plans=previous.plans if previous else "",
    )
    report.full_clean()
    report.save()
    figures = draft_figures(report)
    ReportSection.objects.bulk_create(
        ReportSection(
            report=report,
            key=key,
            order=template.order,
            level=template.level,
            kind=template.kind,
            heading=heading,
            body=text,
            generated=text,
            basis=basis(template.body, figures),
        )
        for key, (template, heading, text) in draft_sections(report, figures).items()
    )
    snapshot(report, acting_user, _("Drafted from records"))
    record_audit(actor=acting_user, action=AuditAction.REPORT_CREATED, target=report, org_unit=scope)
    return report


@transaction.atomic
def report_regenerate(*, acting_user: User, report: SummaryReport) -> SummaryReport:
    """Redraft from the records; hand-edited parts keep their text (and what they were written from)."""
    report = SummaryReport.objects.select_for_update().get(pk=report.pk)
    require(acting_user, WRITERS)
    ensure_editable(report)
    sections = {s.key: s for s in report.sections.all()}
    figures = draft_figures(report)
    drafts = draft_sections(report, figures, switched_on={key: s.switched_on for key, s in sections.items()})
    for key, (template, heading, text) in drafts.items():
        section = sections.get(key)
        if section is None:
            ReportSection.objects.create(
                report=report,
                key=key,
                order=template.order,
                level=template.level,
                kind=template.kind,
                heading=heading,
                body=text,
                generated=text,
                basis=basis(template.body, figures),
            )
            continue
        section.generated = text
        fields = ["generated"]
        if not section.edited:
            section.body, section.basis = text, basis(template.body, figures)
            fields += ["body", "basis"]
        section.save(update_fields=fields)
    bump(report, acting_user, _("Redrafted from records"), [])
    record_audit(actor=acting_user, action=AuditAction.REPORT_REGENERATED, target=report, org_unit=report.scope)
    return report


@transaction.atomic
def report_items_choose(
    *,
    acting_user: User,
    report: SummaryReport,
    campaigns: list[int] | None,
    sectors: list[int] | None,
    version: int | None = None,
) -> SummaryReport:
    """Which campaigns and sectors get a sentence, in which order (None: every one with records); redrafts."""
    report = SummaryReport.objects.select_for_update().get(pk=report.pk)
    require(acting_user, WRITERS)
    ensure_editable(report)
    check_version(report, version)
    report.campaign_choice, report.sector_choice = campaigns, sectors
    report.save(update_fields=["campaign_choice", "sector_choice", "updated_at"])
    record_audit(
        actor=acting_user,
        action=AuditAction.REPORT_ITEMS_CHOSEN,
        target=report,
        org_unit=report.scope,
        data={"campaigns": campaigns, "sectors": sectors},
    )
    return report_regenerate(acting_user=acting_user, report=report)


def stamp(section: ReportSection, user: User) -> list[str]:
    """Who saved a part last and when (the merge view names them)."""
    section.updated_by, section.updated_at = user, timezone.now()
    return ["updated_by", "updated_at"]
