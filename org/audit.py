"""Audit trail: every service writes one entry inside its own transaction."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from org.models import AuditEntry, OrgUnit, User


class AuditAction(models.TextChoices):
    """The action codes services write ("<app>.<record>.<step>"), each with the words a person reads for it.

    The admin's audit list and a record's history show the words (issue 17: codes were shown raw). A service
    passes a member to record_audit, never a code built from pieces; the stored value is the code itself, so old
    rows read the same. A code missing here is still said in words, from its record and its step
    (action_label), so no raw code reaches a screen; tests/org/test_i18n_audit.py checks the table is complete.
    """

    # org
    USER_CREATED = "org.user.created", _("User account created")
    USER_CHANGED = "org.user.changed", _("User account changed")
    USER_PASSWORD_CHANGED = "org.user.password_changed", _("Password changed")
    USER_LOCKED_OUT = "org.user.locked_out", _("Sign-in locked after repeated wrong passwords")
    FILE_REMOVED = "org.file.removed", _("File removed (kept for its retention period, or refused)")
    NOTIFICATIONS_MARKED_READ = "org.notifications.marked_read", _("Notifications marked read")
    BUREAU_SETTINGS_UPDATED = "org.bureau_settings.updated", _("Bureau settings edited")
    HELD_UPLOAD_KEPT = "org.held_upload.kept", _("Uploaded file kept for a form to be corrected")
    HELD_UPLOAD_RELEASED = "org.held_upload.released", _("Kept uploaded files saved with their form")
    # enterprises
    ENTERPRISE_CREATED = "enterprises.enterprise.created", _("Enterprise added to the register")
    ENTERPRISE_UPDATED = "enterprises.enterprise.updated", _("Enterprise edited")
    ENTERPRISE_MERGED = "enterprises.enterprise.merged", _("Enterprise merged from an import")
    # hazards
    HAZARD_CREATED = "hazards.hazard.created", _("Hazard reported")
    HAZARD_ASSIGN = "hazards.hazard.assign", _("Hazard assigned")
    HAZARD_START = "hazards.hazard.start", _("Rectification started")
    HAZARD_RECTIFY = "hazards.hazard.rectify", _("Rectification submitted")
    HAZARD_REINSPECT_PASS = "hazards.hazard.reinspect_pass", _("Re-inspection passed, closed")
    HAZARD_REINSPECT_FAIL = "hazards.hazard.reinspect_fail", _("Re-inspection failed")
    HAZARD_SEND_BACK = "hazards.hazard.send_back", _("Hazard sent back")
    HAZARD_UPDATED = "hazards.hazard.updated", _("Hazard details edited")
    HAZARD_FIVE_IN_PLACE = "hazards.hazard.five_in_place", _("Five in place recorded")
    HAZARD_LISTED = "hazards.hazard.listed", _("Put under listed supervision")
    HAZARD_OVERDUE_MARKED = "hazards.hazard.overdue_marked", _("Hazard marked overdue")
    SELFREPORT_CREATED = "hazards.selfreport.created", _("Hazard self-reported by an enterprise")
    SELFREPORT_ACCEPTED = "hazards.selfreport.accepted", _("Enterprise self-report accepted into the hazard loop")
    SELFREPORT_RETURNED = "hazards.selfreport.returned", _("Enterprise self-report sent back")
    CAMPAIGN_CREATED = "hazards.campaign.created", _("Special campaign created")
    CAMPAIGN_UPDATED = "hazards.campaign.updated", _("Special campaign edited")
    IMPORT_COMPLETED = "hazards.import.completed", _("Hazard import completed")
    IMPORT_CONFIRMED = "hazards.import.confirmed", _("Hazard import confirmed")
    HAZARD_IMPORT_CONFIRMED = "hazards.hazard.import.confirmed", _("Hazard import confirmed")
    LEDGER_EXPORT_REQUESTED = "hazards.ledger.export_requested", _("Hazard ledger export requested")
    LEDGER_EXPORT_WORKER_LOST = (
        "hazards.ledger.export_worker_lost",
        _("Hazard ledger export failed: its worker stopped"),
    )
    # enforcement
    ENFORCEMENT_INSPECTION_CREATED = "enforcement.inspection.created", _("Enforcement inspection recorded")
    ENFORCEMENT_INSPECTION_UPDATED = "enforcement.inspection.updated", _("Enforcement inspection edited")
    INSPECTION_IMPORT_CONFIRMED = "enforcement.inspection.import.confirmed", _("Inspection import confirmed")
    FINDING_ADDED = "enforcement.finding.added", _("Problem recorded")
    FINDING_HANDED_OVER = "enforcement.finding.handed_over", _("Problem handed over to the hazard loop")
    ORDER_ISSUED = "enforcement.order.issued", _("Order to rectify issued")
    ORDER_REINSPECTED = "enforcement.order.reinspected", _("Order re-inspected")
    ORDER_OVERDUE_MARKED = "enforcement.order.overdue_marked", _("Order marked overdue")
    DOCUMENT_ISSUED = "enforcement.document.issued", _("Enforcement document issued")
    JOINT_ACTION_CREATED = "enforcement.joint_action.created", _("Joint enforcement action created")
    INSPECTION_CAP_CREATED = "enforcement.inspection_cap.created", _("Inspection limit for enterprises set")
    INSPECTION_CAP_UPDATED = "enforcement.inspection_cap.updated", _("Inspection limit for enterprises edited")
    INSPECTION_PLAN_CREATED = "enforcement.inspection_plan.created", _("Inspection plan created")
    INSPECTION_PLAN_UPDATED = "enforcement.inspection_plan.updated", _("Inspection plan edited")
    PLAN_DRAW_DRAWN = "enforcement.plan_draw.drawn", _("Enterprises and officers drawn at random for the plan")
    CASE_FILED = "enforcement.case.filed", _("Case filed")
    CASE_UPDATED = "enforcement.case.updated", _("Case edited")
    CASE_INVESTIGATE = "enforcement.case.investigate", _("Case investigation started")
    CASE_NOTIFY = "enforcement.case.notify", _("Party notified of the proposed penalty")
    CASE_HEARING = "enforcement.case.hearing", _("Hearing held")
    CASE_DECIDE = "enforcement.case.decide", _("Penalty decision made")
    CASE_EXECUTE = "enforcement.case.execute", _("Penalty decision executed")
    CASE_CLOSE = "enforcement.case.close", _("Case closed and archived")
    CASE_DUE_REMINDED = "enforcement.case.due_reminded", _("Case deadline reminder sent")
    CASE_IMPORT_CONFIRMED = "enforcement.case.import.confirmed", _("Case import confirmed")
    REMINDERS_SENT = "enforcement.reminders_sent", _("Deadline reminders sent")
    # floodprep
    PERSON_CREATED = "floodprep.person.created", _("Flood responsible person added")
    PERSON_UPDATED = "floodprep.person.updated", _("Flood responsible person edited")
    PERSON_CHECKED_IN = "floodprep.person.checked_in", _("Flood responsible person checked in")
    PERSON_RISK_POINTS = "floodprep.person.risk_points", _("Risk points of a responsible person changed")
    RISK_POINT_CREATED = "floodprep.risk_point.created", _("Risk point added")
    RISK_POINT_UPDATED = "floodprep.risk_point.updated", _("Risk point edited")
    RISK_POINT_PERSONS = "floodprep.risk_point.persons", _("Responsible persons of a risk point changed")
    FLOODPREP_INSPECTION_CREATED = "floodprep.inspection.created", _("Risk point inspection recorded")
    FLOODPREP_INSPECTION_UPDATED = "floodprep.inspection.updated", _("Inspection follow-up counts updated")
    INSPECTION_HAZARD_LINKED = "floodprep.inspection.hazard_linked", _("Hazard linked to the inspection")
    WAREHOUSE_CREATED = "floodprep.warehouse.created", _("Supply warehouse added")
    STOCK_COUNTED = "floodprep.stock.counted", _("Supply stock counted")
    TEAM_CREATED = "floodprep.team.created", _("Rescue team added")
    TEAM_UPDATED = "floodprep.team.updated", _("Rescue team edited")
    SHELTER_CREATED = "floodprep.shelter.created", _("Shelter added")
    SHELTER_UPDATED = "floodprep.shelter.updated", _("Shelter edited")
    DRILL_CREATED = "floodprep.drill.created", _("Drill or training recorded")
    PATROL_CREATED = "floodprep.patrol.created", _("Patrol recorded")
    ROSTER_IMPORT_COMPLETED = "floodprep.roster_import.completed", _("Flood roster import completed")
    ROSTER_IMPORT_CONFIRMED = "floodprep.person.import.confirmed", _("Flood roster import confirmed")
    ROSTER_EXPORT_REQUESTED = "floodprep.roster.export_requested", _("Flood roster export requested")
    ROSTER_EXPORT_WORKER_LOST = (
        "floodprep.roster.export_worker_lost",
        _("Flood roster export failed: its worker stopped"),
    )
    # responsibility
    COMMITTEE_CREATED = "responsibility.committee.created", _("Safety committee created")
    COMMITTEE_UPDATED = "responsibility.committee.updated", _("Safety committee edited")
    LETTER_CREATED = "responsibility.letter.created", _("Responsibility letter added")
    LETTER_UPDATED = "responsibility.letter.updated", _("Responsibility letter edited")
    LETTER_SIGNED = "responsibility.letter.signed", _("Responsibility letter signed")
    MEETING_CREATED = "responsibility.meeting.created", _("Meeting recorded")
    MEETING_UPDATED = "responsibility.meeting.updated", _("Meeting edited")
    MEETING_IMPORT_CONFIRMED = "responsibility.meeting.import.confirmed", _("Meeting import confirmed")
    LEADER_INSPECTION_CREATED = "responsibility.leader_inspection.created", _("Leader-led inspection recorded")
    LEADER_INSPECTION_UPDATED = "responsibility.leader_inspection.updated", _("Leader-led inspection edited")
    INTERVIEW_CREATED = "responsibility.interview.created", _("Interview recorded")
    INTERVIEW_UPDATED = "responsibility.interview.updated", _("Interview edited")
    ACCIDENT_CREATED = "responsibility.accident.created", _("Accident recorded")
    ACCIDENT_UPDATED = "responsibility.accident.updated", _("Accident edited")
    ACCIDENT_IMPORT_CONFIRMED = "responsibility.accident.import.confirmed", _("Accident import confirmed")
    PUBLICITY_EVENT_CREATED = "responsibility.publicity_event.created", _("Publicity or training event recorded")
    PUBLICITY_EVENT_UPDATED = "responsibility.publicity_event.updated", _("Publicity or training event edited")
    PUBLICITY_EVENT_IMPORT_CONFIRMED = (
        "responsibility.publicity_event.import.confirmed",
        _("Publicity event import confirmed"),
    )
    COMPLAINT_CREATED = "responsibility.complaint.created", _("Complaint or tip-off recorded")
    COMPLAINT_UPDATED = "responsibility.complaint.updated", _("Complaint or tip-off edited")
    INCIDENT_CREATED = "responsibility.incident.created", _("Incident recorded")
    INCIDENT_UPDATED = "responsibility.incident.updated", _("Incident edited")
    INVESTMENT_CREATED = "responsibility.investment.created", _("Safety investment recorded")
    INVESTMENT_UPDATED = "responsibility.investment.updated", _("Safety investment edited")
    RANKING_COMPUTED = "responsibility.ranking.computed", _("Township ranking computed")
    RANKING_PUBLISHED = "responsibility.ranking.published", _("Township ranking published")
    RANKING_DISCARDED = "responsibility.ranking.discarded", _("Township ranking discarded")
    RETURN_PERIOD_CREATED = "responsibility.return_period.created", _("Return period created")
    RETURN_INDICATOR_CREATED = "responsibility.return_indicator.created", _("Return indicator defined")
    RETURN_INDICATOR_UPDATED = "responsibility.return_indicator.updated", _("Return indicator edited")
    RETURN_CREATED = "responsibility.return.created", _("Department return started")
    RETURN_UPDATED = "responsibility.return.updated", _("Department return edited")
    RETURN_SUBMITTED = "responsibility.return.submitted", _("Department return submitted")
    RETURN_SENT_BACK = "responsibility.return.sent_back", _("Department return sent back")
    RETURN_ACCEPTED = "responsibility.return.accepted", _("Department return accepted")
    # reports
    REPORT_CREATED = "reports.report.created", _("Summary report created")
    REPORT_EDITED = "reports.report.edited", _("Summary report edited")
    REPORT_REGENERATED = "reports.report.regenerated", _("Summary report drafted again from the records")
    REPORT_ITEMS_CHOSEN = "reports.report.items_chosen", _("Summary report items chosen")
    REPORT_SUBMITTED = "reports.report.submitted", _("Summary report submitted for approval")
    REPORT_APPROVED = "reports.report.approved", _("Summary report approved")
    REPORT_RETURNED = "reports.report.returned", _("Summary report sent back")
    REPORT_REOPENED = "reports.report.reopened", _("Summary report reopened")
    SECTION_EDITED = "reports.section.edited", _("Summary section edited")
    SECTION_SENTENCES_CHOSEN = "reports.section.sentences_chosen", _("Summary sentences chosen")
    COMMENT_ADDED = "reports.comment.added", _("Comment added")
    PDF_EXPORT_REQUESTED = "reports.pdf.export_requested", _("Summary PDF requested")
    XLSX_EXPORT_REQUESTED = "reports.xlsx.export_requested", _("Summary Excel annex requested")
    DOCX_EXPORT_REQUESTED = "reports.docx.export_requested", _("Summary Word file requested")
    PDF_EXPORT_WORKER_LOST = "reports.pdf.export_worker_lost", _("Summary PDF failed: its worker stopped")
    XLSX_EXPORT_WORKER_LOST = "reports.xlsx.export_worker_lost", _("Summary Excel annex failed: its worker stopped")
    DOCX_EXPORT_WORKER_LOST = "reports.docx.export_worker_lost", _("Summary Word file failed: its worker stopped")
    # org.jobs: a job whose worker died, sent again
    LEDGER_EXPORT_RESUMED = "hazards.ledger.export_resumed", _("Hazard ledger export started again: its worker stopped")
    ROSTER_EXPORT_RESUMED = (
        "floodprep.roster.export_resumed",
        _("Flood roster export started again: its worker stopped"),
    )
    PDF_EXPORT_RESUMED = "reports.pdf.export_resumed", _("Summary PDF started again: its worker stopped")
    XLSX_EXPORT_RESUMED = "reports.xlsx.export_resumed", _("Summary Excel annex started again: its worker stopped")
    DOCX_EXPORT_RESUMED = "reports.docx.export_resumed", _("Summary Word file started again: its worker stopped")
    IMPORT_EXPORT_WORKER_LOST = "hazards.import.export_worker_lost", _("Hazard import failed: its worker stopped")
    HAZARD_EXPORT_WORKER_LOST = "import.hazard.export_worker_lost", _("Hazard import failed: its worker stopped")
    ROSTER_IMPORT_WORKER_LOST = (
        "import.roster.export_worker_lost",
        _("Flood roster import failed: its worker stopped"),
    )


ACTIONS: dict[str, Promise] = {action.value: action.label for action in AuditAction}

# The steps of an export or import job (org.services, org.jobs), audited as "<job kind>.<step>".
JOB_STEPS = ("export_requested", "export_worker_lost", "export_resumed")
_JOB_ACTIONS: dict[tuple[str, str], AuditAction] = {
    (action.value[: -len(step) - 1], step): action
    for action in AuditAction
    for step in JOB_STEPS
    if action.value.endswith(f".{step}")
}


def job_action(kind: str, step: str) -> AuditAction | str:
    """The action of a job's step. A job's kind is data (ExportJob.kind), so this is the one place its code is
    composed: a kind without members here (a test's job) still gets "<kind>.<step>", said in words by
    action_label."""
    return _JOB_ACTIONS.get((kind, step)) or f"{kind}.{step}"


def import_confirmed_action(created: str) -> AuditAction | str:
    """The action of a confirmed import (org.imports), from the one its one-record service writes:
    "hazards.hazard.created" → "hazards.hazard.import.confirmed"; composed here only, as job_action."""
    record = created.rsplit(".", 1)[0]
    return _IMPORT_CONFIRMED.get(record) or f"{record}.import.confirmed"


_IMPORT_CONFIRMED = {
    action.value.removesuffix(".import.confirmed"): action
    for action in AuditAction
    if action.value.endswith(".import.confirmed")
}

# For a code not in ACTIONS: its last part says what happened, the record is named by the model it points at.
_STEPS: dict[str, Promise] = {
    step: pgettext_lazy("audit step", words)
    for step, words in {
        "created": "created",
        "updated": "edited",
        "edited": "edited",
        "changed": "changed",
        "added": "added",
        "deleted": "removed",
        "issued": "issued",
        "submitted": "submitted",
        "approved": "approved",
        "accepted": "accepted",
        "returned": "sent back",
        "sent_back": "sent back",
        "confirmed": "confirmed",
        "completed": "completed",
        "export_requested": "export requested",
        "export_worker_lost": "export failed: its worker stopped",
        "export_resumed": "started again: its worker stopped",
        "signed": "signed",
        "published": "published",
        "discarded": "discarded",
        "computed": "computed",
    }.items()
}


def action_label(code: str, target_type_id: int | None = None) -> str:
    """The words for an audit action code; never the code itself.

    target_type_id names the record for a code not in ACTIONS (ContentType's cache: no query per entry).
    """
    if code in ACTIONS:
        return str(ACTIONS[code])
    step = next((s for s in sorted(_STEPS, key=len, reverse=True) if code.endswith(f".{s}") or code == s), None)
    model = ContentType.objects.get_for_id(target_type_id).model_class() if target_type_id else None
    record = str(model._meta.verbose_name) if model is not None else gettext("Record")
    if step is None:
        return gettext("%(record)s changed") % {"record": record}
    return gettext("%(record)s %(step)s") % {"record": record, "step": _STEPS[step]}


def action_choices() -> list[tuple[str, str]]:
    """(code, words) of every registered action, in the order of the words, for filters and forms."""
    return sorted(((code, str(label)) for code, label in ACTIONS.items()), key=lambda pair: pair[1])


def record_audit(
    *,
    actor: User | None,
    action: AuditAction | str,
    target: models.Model | None = None,
    org_unit: OrgUnit | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor,
        action=action,
        org_unit=org_unit,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=target.pk if target is not None else None,
        data=data or {},
    )


def record_audit_many(
    *,
    actor: User | None,
    action: AuditAction | str,
    targets: Sequence[models.Model],
    data: dict[str, Any] | None = None,
    org_unit_of: Callable[[Any], int | None] = lambda target: getattr(target, "org_unit_id", None),
) -> int:
    """One entry per record for a change made with QuerySet.update(), which no model history sees.

    Each record's timeline then shows the change like any other; written in bulk, in the caller's transaction.
    """
    if not targets:
        return 0
    content_type = ContentType.objects.get_for_model(targets[0])
    now = timezone.now()
    entries = [
        AuditEntry(
            actor=actor,
            action=action,
            org_unit_id=org_unit_of(target),
            target_type=content_type,
            target_id=target.pk,
            data=data or {},
            created_at=now,
        )
        for target in targets
    ]
    return len(AuditEntry.objects.bulk_create(entries, batch_size=1000))


def audit_trail(target: models.Model) -> models.QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=target.pk
    ).select_related("actor")


def record_audit_each(
    *,
    actor: User | None,
    action: AuditAction | str,
    entries: Sequence[tuple[models.Model, Mapping[str, Any]]],
) -> int:
    """Like record_audit_many, with each record's own data (its new version, where it moved from).

    One bulk insert per 1,000 entries, all with one time: a bulk step done by one person at one moment.
    """
    if not entries:
        return 0
    content_type = ContentType.objects.get_for_model(entries[0][0])
    now = timezone.now()
    rows = [
        AuditEntry(
            actor=actor,
            action=action,
            org_unit_id=getattr(target, "org_unit_id", None),
            target_type=content_type,
            target_id=target.pk,
            data=data,
            created_at=now,
        )
        for target, data in entries
    ]
    return len(AuditEntry.objects.bulk_create(rows, batch_size=1000))
