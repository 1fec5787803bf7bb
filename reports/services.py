"""Writes to half-year summaries: draft, edit, regenerate, submit, approve, reopen."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from org.audit import record_audit
from org.models import OrgUnit, Role, User
from org.periods import Period
from org.scoping import check_scope, user_has_role
from reports.figures import Item, ReportScope, report_figures
from reports.models import ReportSection, ReportVersion, SectionKind, SectionTemplate, SummaryReport
from reports.registry import unknown_placeholders
from reports.wording import PLACEHOLDER, Figure, optional_lines, render_wording

WRITERS = (Role.CLERK, Role.ADMIN)
APPROVERS = (Role.LEADER, Role.ADMIN)


def report_scope(report: SummaryReport) -> ReportScope:
    """What the report's figures count: its period up to the as-of date, and the clerk's campaigns and sectors."""
    period = Period(report.period_start, report.period_end)

    def choice(value: Any) -> tuple[int, ...] | None:
        return None if value is None else tuple(int(pk) for pk in value)

    return ReportScope(unit=report.scope, period=period.effective(report.as_of), as_of=report.as_of,
                       campaigns=choice(report.campaign_choice), sectors=choice(report.sector_choice),
                       period_name=period.name(), next_period_name=period.next_name())


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


def draft_sections(report: SummaryReport, figures: dict[str, Figure] | None = None,
                   switched_on: dict[str, list[int]] | None = None) -> dict[str, tuple[SectionTemplate, str, str]]:
    """Part key → (its template, its heading and its text drafted from the records).

    ``switched_on``: per part, the optional lines the clerk switched on.
    """
    figures = figures if figures is not None else draft_figures(report)
    switched_on = switched_on or {}
    return {t.key: (t, render_wording(t.heading, figures), render_wording(t.body, figures, switched_on.get(t.key, ())))
            for t in skeleton()}


def _require(user: User, roles: tuple[str, ...]) -> None:
    if not user_has_role(user, roles):
        raise ValidationError(_("Your role may not do this."))


def _ensure_editable(report: SummaryReport) -> None:
    if report.is_frozen:
        raise ValidationError(
            _("This report was approved by %(who)s on %(when)s and is frozen; a leader must reopen it first.")
            % {"who": report.approved_by, "when": date_format(timezone.localtime(report.approved_at), "Y-m-d H:i")}
        )


def _check_version(report: SummaryReport, version: int | None) -> None:
    if version is not None and version != report.version:
        raise ValidationError(
            _("Someone else saved this report in the meantime (now version %(now)s). Reload to see their changes.")
            % {"now": report.version}
        )


def _snapshot(report: SummaryReport, user: User | None, note: str) -> None:
    sections = {s.key: {"heading": s.heading, "body": s.body} for s in report.sections.all()}
    ReportVersion.objects.create(
        report=report, number=report.version, created_by=user, note=note[:200],
        snapshot={"title": report.title, "problems": report.problems, "plans": report.plans, "sections": sections},
    )


def _bump(report: SummaryReport, user: User | None, note: str, fields: list[str]) -> None:
    report.version += 1
    report.save(update_fields=[*fields, "version", "updated_at"])
    _snapshot(report, user, note)


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
    _require(acting_user, WRITERS)
    check_scope(acting_user, scope, "scope")
    previous = (
        SummaryReport.objects.filter(scope=scope, period_end__lt=period_start).order_by("-period_end").first()
    )
    report = SummaryReport(
        scope=scope, period_start=period_start, period_end=period_end, as_of=as_of, title=title, issuer=issuer,
        signed_on=signed_on, created_by=acting_user,
        # 二、三 are people's words: start from the last report of the same scope.
        problems=previous.problems if previous else "", plans=previous.plans if previous else "",
    )
    report.full_clean()
    report.save()
    ReportSection.objects.bulk_create(
        ReportSection(report=report, key=key, order=template.order, level=template.level, kind=template.kind,
                      heading=heading, body=text, generated=text)
        for key, (template, heading, text) in draft_sections(report).items()
    )
    _snapshot(report, acting_user, _("Drafted from records"))
    record_audit(actor=acting_user, action="reports.report.created", target=report, org_unit=scope)
    return report


@transaction.atomic
def report_regenerate(*, acting_user: User, report: SummaryReport) -> SummaryReport:
    """Redraft from the records; hand-edited sections keep their text."""
    report = SummaryReport.objects.select_for_update().get(pk=report.pk)
    _require(acting_user, WRITERS)
    _ensure_editable(report)
    sections = {s.key: s for s in report.sections.all()}
    drafts = draft_sections(report, switched_on={key: s.switched_on for key, s in sections.items()})
    for key, (template, heading, text) in drafts.items():
        section = sections.get(key)
        if section is None:
            ReportSection.objects.create(report=report, key=key, order=template.order, level=template.level,
                                         kind=template.kind, heading=heading, body=text, generated=text)
            continue
        section.generated = text
        if not section.edited:
            section.body = text
        section.save(update_fields=["generated", "body"])
    _bump(report, acting_user, _("Redrafted from records"), [])
    record_audit(actor=acting_user, action="reports.report.regenerated", target=report, org_unit=report.scope)
    return report


def _fill_placeholders(report: SummaryReport, body: str) -> str:
    """A clerk may write ``{hazards_found}`` into a paragraph: it is filled now; an unknown name is refused."""
    names = PLACEHOLDER.findall(body)
    if not names:
        return body
    unknown = unknown_placeholders(body)
    if unknown:
        raise ValidationError({"body": _("Unknown figure %(names)s: check the spelling against the list of figures.")
                               % {"names": "、".join(f"{{{name}}}" for name in unknown)}})
    figures = draft_figures(report)
    empty = [name for name in dict.fromkeys(names) if figures[name].value is None]
    if empty:
        raise ValidationError({"body": _("No records in this period for %(names)s.")
                               % {"names": "、".join(f"{{{name}}}" for name in empty)}})
    return PLACEHOLDER.sub(lambda m: figures[m.group(1)].display, body)


@transaction.atomic
def report_section_edit(
    *, acting_user: User, report: SummaryReport, key: str, heading: str, body: str, version: int | None = None,
    order: int | None = None,
) -> ReportSection:
    report = SummaryReport.objects.select_for_update().get(pk=report.pk)
    _require(acting_user, WRITERS)
    _ensure_editable(report)
    _check_version(report, version)
    section = report.sections.get(key=key)
    body = _fill_placeholders(report, body)
    section.heading, section.body = heading, body
    section.edited = body != section.generated
    if order is not None:
        section.order = order
    section.save(update_fields=["heading", "body", "edited", "order"])
    _bump(report, acting_user, _("Edited “%(section)s”") % {"section": heading or key}, [])
    record_audit(actor=acting_user, action="reports.section.edited", target=report, org_unit=report.scope,
                 data={"section": key})
    return section


@transaction.atomic
def report_section_lines(
    *, acting_user: User, report: SummaryReport, key: str, lines: list[int], version: int | None = None
) -> ReportSection:
    """Switch optional sentences of one part on or off; the part is redrafted (a hand edit is kept)."""
    report = SummaryReport.objects.select_for_update().get(pk=report.pk)
    _require(acting_user, WRITERS)
    _ensure_editable(report)
    _check_version(report, version)
    section = report.sections.get(key=key)
    template = SectionTemplate.objects.filter(key=key).first()
    if template is None:
        raise ValidationError(_("This part has no wording to draft from."))
    figures = draft_figures(report)
    optional = {index for index, _text in optional_lines(template.body, figures)}
    section.switched_on = sorted(set(lines) & optional)
    section.generated = render_wording(template.body, figures, section.switched_on)
    if not section.edited:
        section.body = section.generated
    section.save(update_fields=["switched_on", "generated", "body"])
    _bump(report, acting_user, _("Chose the sentences of “%(section)s”") % {"section": section.heading or key}, [])
    record_audit(actor=acting_user, action="reports.section.sentences_chosen", target=report, org_unit=report.scope,
                 data={"section": key, "switched_on": section.switched_on})
    return section


@transaction.atomic
def report_section_take_draft(*, acting_user: User, report: SummaryReport, key: str) -> ReportSection:
    """Replace a hand-edited section with the text drafted from current records."""
    section = report.sections.get(key=key)
    return report_section_edit(acting_user=acting_user, report=report, key=key, heading=section.heading,
                               body=section.generated)


@transaction.atomic
def report_update(
    *, acting_user: User, report: SummaryReport, version: int | None = None, **fields: object
) -> SummaryReport:
    """Title, narrative sections (二、三), issuer, dates."""
    report = SummaryReport.objects.select_for_update().get(pk=report.pk)
    _require(acting_user, WRITERS)
    _ensure_editable(report)
    _check_version(report, version)
    for name, value in fields.items():
        setattr(report, name, value)
    report.full_clean()
    _bump(report, acting_user, _("Edited the report"), list(fields))
    record_audit(actor=acting_user, action="reports.report.edited", target=report, org_unit=report.scope,
                 data={"fields": list(fields)})
    return report


@transaction.atomic
def report_items_choose(
    *, acting_user: User, report: SummaryReport, campaigns: list[int] | None, sectors: list[int] | None,
    version: int | None = None,
) -> SummaryReport:
    """Which campaigns and sectors get a sentence, in which order (None: every one with records); redrafts."""
    report = SummaryReport.objects.select_for_update().get(pk=report.pk)
    _require(acting_user, WRITERS)
    _ensure_editable(report)
    _check_version(report, version)
    report.campaign_choice, report.sector_choice = campaigns, sectors
    report.save(update_fields=["campaign_choice", "sector_choice", "updated_at"])
    record_audit(actor=acting_user, action="reports.report.items_chosen", target=report, org_unit=report.scope,
                 data={"campaigns": campaigns, "sectors": sectors})
    return report_regenerate(acting_user=acting_user, report=report)


def _move(report: SummaryReport, user: User, *, roles: tuple[str, ...], sources: tuple[str, ...], target: str,
          action: str, reason: str = "", fields: tuple[str, ...] = ()) -> SummaryReport:
    _require(user, roles)
    if report.status not in sources:
        raise ValidationError(
            _("A report that is “%(status)s” cannot be moved this way.") % {"status": report.get_status_display()}
        )
    old, report.status = report.status, target
    _bump(report, user, f"{action} {reason}".strip(), ["status", *fields])
    record_audit(actor=user, action=f"reports.report.{action}", target=report, org_unit=report.scope,
                 data={"from": old, "to": target, "reason": reason})
    return report


@transaction.atomic
def report_submit(*, acting_user: User, report: SummaryReport) -> SummaryReport:
    report = SummaryReport.objects.select_for_update().get(pk=report.pk)
    return _move(report, acting_user, roles=WRITERS, sources=(SummaryReport.Status.DRAFT,),
                 target=SummaryReport.Status.SUBMITTED, action="submitted")


@transaction.atomic
def report_approve(*, acting_user: User, report: SummaryReport) -> SummaryReport:
    report = SummaryReport.objects.select_for_update().get(pk=report.pk)
    report.approved_by, report.approved_at = acting_user, timezone.now()
    return _move(report, acting_user, roles=APPROVERS, sources=(SummaryReport.Status.SUBMITTED,),
                 target=SummaryReport.Status.APPROVED, action="approved", fields=("approved_by", "approved_at"))


@transaction.atomic
def report_reopen(*, acting_user: User, report: SummaryReport, reason: str) -> SummaryReport:
    """A leader unfreezes an approved (or sends back a submitted) report, with a reason kept in its history."""
    report = SummaryReport.objects.select_for_update().get(pk=report.pk)
    if not reason.strip():
        raise ValidationError({"reason": _("Reopening needs a reason.")})
    report.approved_by, report.approved_at = None, None
    return _move(report, acting_user, roles=APPROVERS,
                 sources=(SummaryReport.Status.APPROVED, SummaryReport.Status.SUBMITTED),
                 target=SummaryReport.Status.DRAFT, action="reopened", reason=reason,
                 fields=("approved_by", "approved_at"))


@transaction.atomic
def report_problem_accept(
    *, acting_user: User, report: SummaryReport, key: str, version: int | None = None
) -> SummaryReport:
    """Append a suggestion drafted from the records to 二、存在的主要问题, where the clerk edits it.

    The suggestions are recomputed here, so only a sentence the records support can be accepted.
    """
    from reports.problems import problem_suggestions  # only this write needs the suggestions

    report = SummaryReport.objects.select_for_update().get(pk=report.pk)
    _require(acting_user, WRITERS)
    _ensure_editable(report)
    suggestion = next((s for s in problem_suggestions(report_scope(report)) if s.key == key), None)
    if suggestion is None:
        raise ValidationError(_("This suggestion is not supported by the records; reload the page."))
    if suggestion.text in report.problems:
        return report
    current = report.problems.rstrip()
    problems = f"{current}\n{suggestion.text}" if current else suggestion.text
    return report_update(acting_user=acting_user, report=report, version=version, problems=problems)
