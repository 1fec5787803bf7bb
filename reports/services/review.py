"""Review of a summary: submit (locks it for the writers), comments and replies, send back, approve, reopen."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from org.audit import AuditAction, record_audit
from org.models import User
from reports.exporters import freeze_figures
from reports.models import ReportComment, SummaryReport
from reports.services.common import APPROVERS, WRITERS, bump, require
from reports.services.drafting import draft_figures, report_scope


def shown_in_list(f: Any) -> bool:
    """The figures the report page lists beside the text: those with records, not the sentences themselves."""
    return f.value is not None and f.module not in ("", "report") and f.key not in ("campaigns", "sectors")


def _move(
    report: SummaryReport,
    user: User,
    *,
    roles: tuple[str, ...],
    sources: tuple[str, ...],
    target: str,
    action: AuditAction,
    note: str,
    reason: str = "",
    fields: tuple[str, ...] = (),
) -> SummaryReport:
    require(user, roles)
    if report.status not in sources:
        raise ValidationError(
            _("A report that is “%(status)s” cannot be moved this way.") % {"status": report.get_status_display()}
        )
    old, report.status = report.status, target
    bump(report, user, note, ["status", *fields])
    record_audit(
        actor=user,
        action=action,
        target=report,
        org_unit=report.scope,
        data={"from": old, "to": target, "reason": reason},
    )
    return report


def _reason(reason: str, message: str) -> str:
    if not reason.strip():
        raise ValidationError({"reason": message})
    return reason.strip()


@transaction.atomic
def report_submit(*, acting_user: User, report: SummaryReport) -> SummaryReport:
    report = SummaryReport.objects.select_for_update().get(pk=report.pk)
    return _move(
        report,
        acting_user,
        roles=WRITERS,
        sources=(SummaryReport.Status.DRAFT,),
        target=SummaryReport.Status.SUBMITTED,
        action=AuditAction.REPORT_SUBMITTED,
        note=_("Submitted for approval"),
    )


@transaction.atomic
def report_approve(*, acting_user: User, report: SummaryReport) -> SummaryReport:
    report = SummaryReport.objects.select_for_update().get(pk=report.pk)
    require(acting_user, APPROVERS)
    report.approved_by, report.approved_at = acting_user, timezone.now()
    # Keep what is approved: records entered later must not change the approved files' tables.
    figures = [f for f in draft_figures(report).values() if shown_in_list(f)]
    report.approved_figures = freeze_figures(report, report_scope(report), figures)
    return _move(
        report,
        acting_user,
        roles=APPROVERS,
        sources=(SummaryReport.Status.SUBMITTED,),
        target=SummaryReport.Status.APPROVED,
        action=AuditAction.REPORT_APPROVED,
        note=_("Approved"),
        fields=("approved_by", "approved_at", "approved_figures"),
    )


@transaction.atomic
def report_return(*, acting_user: User, report: SummaryReport, reason: str) -> SummaryReport:
    """A leader sends a submitted report back to the writers; the reason becomes a comment they answer."""
    report = SummaryReport.objects.select_for_update().get(pk=report.pk)
    reason = _reason(reason, _("Sending a report back needs a reason."))
    report = _move(
        report,
        acting_user,
        roles=APPROVERS,
        sources=(SummaryReport.Status.SUBMITTED,),
        target=SummaryReport.Status.DRAFT,
        action=AuditAction.REPORT_RETURNED,
        reason=reason,
        note=_("Sent back: %(reason)s") % {"reason": reason},
    )
    ReportComment.objects.create(report=report, author=acting_user, body=reason, is_return=True)
    return report


@transaction.atomic
def report_reopen(*, acting_user: User, report: SummaryReport, reason: str) -> SummaryReport:
    """A leader unfreezes an approved (or sends back a submitted) report, with a reason kept in its history."""
    report = SummaryReport.objects.select_for_update().get(pk=report.pk)
    reason = _reason(reason, _("Reopening needs a reason."))
    report.approved_by, report.approved_at, report.approved_figures = None, None, None
    return _move(
        report,
        acting_user,
        roles=APPROVERS,
        sources=(SummaryReport.Status.APPROVED, SummaryReport.Status.SUBMITTED),
        target=SummaryReport.Status.DRAFT,
        action=AuditAction.REPORT_REOPENED,
        reason=reason,
        note=_("Reopened: %(reason)s") % {"reason": reason},
        fields=("approved_by", "approved_at", "approved_figures"),
    )


@transaction.atomic
def report_comment_add(
    *, acting_user: User, report: SummaryReport, section_key: str, body: str, parent: ReportComment | None = None
) -> ReportComment:
    """A leader comments on a part (or the whole report); a writer or a leader replies. Not once approved."""
    report = SummaryReport.objects.select_for_update().get(pk=report.pk)
    require(acting_user, (*APPROVERS, *WRITERS))
    if report.is_frozen:
        raise ValidationError(_("An approved report takes no more comments; a leader must reopen it first."))
    if not body.strip():
        raise ValidationError({"body": _("Write the comment first.")})
    if parent is not None and parent.report_id != report.pk:
        raise ValidationError(_("That comment belongs to another report."))
    if parent is not None:
        section_key = parent.section_key
    elif section_key and not report.sections.filter(key=section_key).exists():
        raise ValidationError(_("This report has no such part."))
    comment = ReportComment.objects.create(
        report=report, section_key=section_key, parent=parent, author=acting_user, body=body.strip()
    )
    record_audit(
        actor=acting_user,
        action=AuditAction.COMMENT_ADDED,
        target=report,
        org_unit=report.scope,
        data={"section": section_key, "comment": comment.pk, "reply_to": parent.pk if parent else None},
    )
    return comment
