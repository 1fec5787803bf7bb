"""A writer's edits of a draft: one part at a time, three-way, so that nobody's text is lost.

A save carries the text the writer started from (``base``). If the stored text still equals it, her text
is saved; if someone else saved the same text meanwhile and hers differs from theirs, the save is refused
with their version (EditConflict) and her typed text stays in her form for merging. Saving one part never
conflicts with her own earlier save of another part: the whole report's version is not compared.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from org.audit import AuditAction, record_audit
from org.models import User
from reports.models import ReportSection, SectionTemplate, SummaryReport
from reports.registry import unknown_placeholders
from reports.services.common import (
    WRITERS,
    EditConflict,
    TheirVersion,
    bump,
    check_version,
    ensure_editable,
    part_name,
    require,
)
from reports.services.drafting import basis, draft_figures, report_scope, stamp
from reports.wording import PLACEHOLDER, optional_lines, render_wording


def _fill_placeholders(report: SummaryReport, body: str) -> str:
    """A clerk may write ``{hazards_found}`` into a paragraph: it is filled now; an unknown name is refused."""
    names = PLACEHOLDER.findall(body)
    if not names:
        return body
    unknown = unknown_placeholders(body)
    if unknown:
        raise ValidationError(
            {
                "body": _("Unknown figure %(names)s: check the spelling against the list of figures.")
                % {"names": "、".join(f"{{{name}}}" for name in unknown)}
            }
        )
    figures = draft_figures(report)
    empty = [name for name in dict.fromkeys(names) if figures[name].value is None]
    if empty:
        raise ValidationError(
            {
                "body": _("No records in this period for %(names)s.")
                % {"names": "、".join(f"{{{name}}}" for name in empty)}
            }
        )
    return PLACEHOLDER.sub(lambda m: figures[m.group(1)].display, body)


def _theirs(text: str, by: User | None, at: object) -> TheirVersion:
    return TheirVersion(text=text, by=str(by) if by else "", at=at)  # type: ignore[arg-type]


@transaction.atomic
def report_section_edit(
    *,
    acting_user: User,
    report: SummaryReport,
    key: str,
    heading: str,
    body: str,
    base: str | None = None,
    version: int | None = None,
    order: int | None = None,
) -> ReportSection:
    """Save one part's heading and text. ``base``: the text she started from (None: compare ``version``)."""
    report = SummaryReport.objects.select_for_update().get(pk=report.pk)
    require(acting_user, WRITERS)
    ensure_editable(report)
    section = report.sections.select_for_update().get(key=key)
    if base is None:
        check_version(report, version)
    elif section.body != base and body != section.body:
        raise EditConflict({"body": _theirs(section.body, section.updated_by, section.updated_at)})
    body = _fill_placeholders(report, body)
    section.heading, section.body = heading, body
    section.edited = body != section.generated
    template = SectionTemplate.objects.filter(key=key).first()
    if template is not None:
        # What this text was written from: the figures as they are now (the notice compares with them).
        section.basis = basis(template.body, draft_figures(report))
    if order is not None:
        section.order = order
    section.save(update_fields=["heading", "body", "edited", "order", "basis", *stamp(section, acting_user)])
    bump(report, acting_user, _("Edited “%(section)s”") % {"section": part_name(heading, key)}, [])
    record_audit(
        actor=acting_user,
        action=AuditAction.SECTION_EDITED,
        target=report,
        org_unit=report.scope,
        data={"section": key},
    )
    return section


@transaction.atomic
def report_section_lines(*, acting_user: User, report: SummaryReport, key: str, lines: list[int]) -> ReportSection:
    """Switch optional sentences of one part on or off; the part is redrafted (a hand edit is kept)."""
    report = SummaryReport.objects.select_for_update().get(pk=report.pk)
    require(acting_user, WRITERS)
    ensure_editable(report)
    section = report.sections.get(key=key)
    template = SectionTemplate.objects.filter(key=key).first()
    if template is None:
        raise ValidationError(_("This part has no wording to draft from."))
    figures = draft_figures(report)
    optional = {index for index, _text in optional_lines(template.body, figures)}
    section.switched_on = sorted(set(lines) & optional)
    section.generated = render_wording(template.body, figures, section.switched_on)
    fields = ["switched_on", "generated"]
    if not section.edited:
        section.body, section.basis = section.generated, basis(template.body, figures)
        fields += ["body", "basis"]
    section.save(update_fields=[*fields, *stamp(section, acting_user)])
    bump(
        report,
        acting_user,
        _("Chose the sentences of “%(section)s”") % {"section": part_name(section.heading, key)},
        [],
    )
    record_audit(
        actor=acting_user,
        action=AuditAction.SECTION_SENTENCES_CHOSEN,
        target=report,
        org_unit=report.scope,
        data={"section": key, "switched_on": section.switched_on},
    )
    return section


@transaction.atomic
def report_section_take_draft(*, acting_user: User, report: SummaryReport, key: str) -> ReportSection:
    """Replace a hand-edited part with the text drafted from current records."""
    section = report.sections.get(key=key)
    return report_section_edit(
        acting_user=acting_user,
        report=report,
        key=key,
        heading=section.heading,
        body=section.generated,
        base=section.body,
    )


# The report's own texts a writer edits in one form; each is compared with what she started from.
TEXTS = ("title", "problems", "plans")


@transaction.atomic
def report_update(
    *,
    acting_user: User,
    report: SummaryReport,
    version: int | None = None,
    base: dict[str, str] | None = None,
    **fields: object,
) -> SummaryReport:
    """Title, 二、三 (people's words), issuer, dates.

    With ``base`` (the texts she started from) only the texts she changed are written, and a text someone
    else changed meanwhile refuses with their version; without it the whole report's ``version`` is compared.
    """
    report = SummaryReport.objects.select_for_update().get(pk=report.pk)
    require(acting_user, WRITERS)
    ensure_editable(report)
    if base is None:
        check_version(report, version)
        changed = dict(fields)
    else:
        # What she changed: a text unlike the one she started from, any other field unlike the stored one.
        changed = {
            name: value
            for name, value in fields.items()
            if (value != base[name] if name in base else value != getattr(report, name))
        }
        last = report.versions.select_related("created_by").first()
        theirs = {
            name: _theirs(
                str(getattr(report, name)), last.created_by if last else None, last.created_at if last else None
            )
            for name, value in changed.items()
            if name in base and getattr(report, name) != base[name] and getattr(report, name) != value
        }
        if theirs:
            raise EditConflict(theirs)
    if not changed:
        return report
    for name, value in changed.items():
        setattr(report, name, value)
    report.full_clean()
    bump(report, acting_user, _("Edited the report"), list(changed))
    record_audit(
        actor=acting_user,
        action=AuditAction.REPORT_EDITED,
        target=report,
        org_unit=report.scope,
        data={"fields": list(changed)},
    )
    return report


@transaction.atomic
def report_problem_accept(
    *, acting_user: User, report: SummaryReport, key: str, version: int | None = None
) -> SummaryReport:
    """Append a suggestion drafted from the records to 二、存在的主要问题, where the clerk edits it.

    The suggestions are recomputed here, so only a sentence the records support can be accepted.
    """
    from reports.problems import problem_suggestions  # only this write needs the suggestions

    report = SummaryReport.objects.select_for_update().get(pk=report.pk)
    require(acting_user, WRITERS)
    ensure_editable(report)
    suggestion = next((s for s in problem_suggestions(report_scope(report)) if s.key == key), None)
    if suggestion is None:
        raise ValidationError(_("This suggestion is not supported by the records; reload the page."))
    if suggestion.text in report.problems:
        return report
    current = report.problems.rstrip()
    problems = f"{current}\n{suggestion.text}" if current else suggestion.text
    # Appending changes nothing anyone typed: compared with the stored text, not with a version.
    return report_update(acting_user=acting_user, report=report, base={"problems": report.problems}, problems=problems)


def section_changes(section: ReportSection, figures: dict) -> list[tuple[str, str, str]]:
    """(label, then, now) for each figure behind a hand-edited part that changed since it was written."""
    if not section.edited:
        return []
    out = []
    for key, then in (section.basis or {}).items():
        figure = figures.get(key)
        now = figure.display if figure is not None else ""
        if now != then:
            out.append((figure.label if figure is not None else key, then or "—", now or "—"))
    return out


__all__ = [
    "report_problem_accept",
    "report_section_edit",
    "report_section_lines",
    "report_section_take_draft",
    "report_update",
    "section_changes",
]
