"""Audit trail: every service writes one entry inside its own transaction."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from org.models import AuditEntry, OrgUnit, User

# The action codes services write ("<app>.<record>.<step>"), each with the words a person reads for it in the
# admin's audit list and on a record's history (issue 17: codes were shown raw). Codes built with f-strings are
# listed here one by one; a code missing from the table is still said in words, from its record and its step
# (action_label), so no raw code reaches a screen. tests/org/test_i18n_audit.py checks the table is complete.
ACTIONS: dict[str, Promise] = {
    # org
    "org.user.created": _("User account created"),
    "org.user.changed": _("User account changed"),
    "org.user.password_changed": _("Password changed"),
    "org.user.locked_out": _("Sign-in locked after repeated wrong passwords"),
    "org.file.removed": _("File removed (kept for its retention period, or refused)"),
    "org.notifications.marked_read": _("Notifications marked read"),
    "org.bureau_settings.updated": _("Bureau settings edited"),
    "org.held_upload.kept": _("Uploaded file kept for a form to be corrected"),
    "org.held_upload.released": _("Kept uploaded files saved with their form"),
    # enterprises
    "enterprises.enterprise.created": _("Enterprise added to the register"),
    "enterprises.enterprise.updated": _("Enterprise edited"),
    "enterprises.enterprise.merged": _("Enterprise merged from an import"),
    # hazards
    "hazards.hazard.created": _("Hazard reported"),
    "hazards.hazard.assign": _("Hazard assigned"),
    "hazards.hazard.start": _("Rectification started"),
    "hazards.hazard.rectify": _("Rectification submitted"),
    "hazards.hazard.reinspect_pass": _("Re-inspection passed, closed"),
    "hazards.hazard.reinspect_fail": _("Re-inspection failed"),
    "hazards.hazard.send_back": _("Hazard sent back"),
    "hazards.hazard.updated": _("Hazard details edited"),
    "hazards.hazard.five_in_place": _("Five in place recorded"),
    "hazards.hazard.listed": _("Put under listed supervision"),
    "hazards.hazard.overdue_marked": _("Hazard marked overdue"),
    "hazards.selfreport.created": _("Hazard self-reported by an enterprise"),
    "hazards.selfreport.accepted": _("Enterprise self-report accepted into the hazard loop"),
    "hazards.selfreport.returned": _("Enterprise self-report sent back"),
    "hazards.campaign.created": _("Special campaign created"),
    "hazards.campaign.updated": _("Special campaign edited"),
    "hazards.import.completed": _("Hazard import completed"),
    "hazards.import.confirmed": _("Hazard import confirmed"),
    "hazards.ledger.export_requested": _("Hazard ledger export requested"),
    "hazards.ledger.export_worker_lost": _("Hazard ledger export failed: its worker stopped"),
    # enforcement
    "enforcement.inspection.created": _("Enforcement inspection recorded"),
    "enforcement.inspection.updated": _("Enforcement inspection edited"),
    "enforcement.inspection.import.confirmed": _("Inspection import confirmed"),
    "enforcement.finding.added": _("Problem recorded"),
    "enforcement.finding.handed_over": _("Problem handed over to the hazard loop"),
    "enforcement.order.issued": _("Order to rectify issued"),
    "enforcement.order.reinspected": _("Order re-inspected"),
    "enforcement.order.overdue_marked": _("Order marked overdue"),
    "enforcement.document.issued": _("Enforcement document issued"),
    "enforcement.joint_action.created": _("Joint enforcement action created"),
    "enforcement.inspection_cap.created": _("Inspection limit for enterprises set"),
    "enforcement.inspection_cap.updated": _("Inspection limit for enterprises edited"),
    "enforcement.inspection_plan.created": _("Inspection plan created"),
    "enforcement.inspection_plan.updated": _("Inspection plan edited"),
    "enforcement.plan_draw.drawn": _("Enterprises and officers drawn at random for the plan"),
    "enforcement.case.filed": _("Case filed"),
    "enforcement.case.updated": _("Case edited"),
    "enforcement.case.investigate": _("Case investigation started"),
    "enforcement.case.notify": _("Party notified of the proposed penalty"),
    "enforcement.case.hearing": _("Hearing held"),
    "enforcement.case.decide": _("Penalty decision made"),
    "enforcement.case.execute": _("Penalty decision executed"),
    "enforcement.case.close": _("Case closed and archived"),
    "enforcement.case.due_reminded": _("Case deadline reminder sent"),
    "enforcement.case.import.confirmed": _("Case import confirmed"),
    "enforcement.reminders_sent": _("Deadline reminders sent"),
    # floodprep
    "floodprep.person.created": _("Flood responsible person added"),
    "floodprep.person.updated": _("Flood responsible person edited"),
    "floodprep.person.checked_in": _("Flood responsible person checked in"),
    "floodprep.person.risk_points": _("Risk points of a responsible person changed"),
    "floodprep.risk_point.created": _("Risk point added"),
    "floodprep.risk_point.updated": _("Risk point edited"),
    "floodprep.risk_point.persons": _("Responsible persons of a risk point changed"),
    "floodprep.inspection.created": _("Risk point inspection recorded"),
    "floodprep.inspection.updated": _("Inspection follow-up counts updated"),
    "floodprep.inspection.hazard_linked": _("Hazard linked to the inspection"),
    "floodprep.warehouse.created": _("Supply warehouse added"),
    "floodprep.stock.counted": _("Supply stock counted"),
    "floodprep.team.created": _("Rescue team added"),
    "floodprep.team.updated": _("Rescue team edited"),
    "floodprep.shelter.created": _("Shelter added"),
    "floodprep.shelter.updated": _("Shelter edited"),
    "floodprep.drill.created": _("Drill or training recorded"),
    "floodprep.patrol.created": _("Patrol recorded"),
    "floodprep.roster_import.completed": _("Flood roster import completed"),
    "floodprep.roster.export_requested": _("Flood roster export requested"),
    "floodprep.roster.export_worker_lost": _("Flood roster export failed: its worker stopped"),
    # responsibility
    "responsibility.committee.created": _("Safety committee created"),
    "responsibility.committee.updated": _("Safety committee edited"),
    "responsibility.letter.created": _("Responsibility letter added"),
    "responsibility.letter.updated": _("Responsibility letter edited"),
    "responsibility.letter.signed": _("Responsibility letter signed"),
    "responsibility.meeting.created": _("Meeting recorded"),
    "responsibility.meeting.updated": _("Meeting edited"),
    "responsibility.meeting.import.confirmed": _("Meeting import confirmed"),
    "responsibility.leader_inspection.created": _("Leader-led inspection recorded"),
    "responsibility.leader_inspection.updated": _("Leader-led inspection edited"),
    "responsibility.interview.created": _("Interview recorded"),
    "responsibility.interview.updated": _("Interview edited"),
    "responsibility.accident.created": _("Accident recorded"),
    "responsibility.accident.updated": _("Accident edited"),
    "responsibility.accident.import.confirmed": _("Accident import confirmed"),
    "responsibility.publicity_event.created": _("Publicity or training event recorded"),
    "responsibility.publicity_event.updated": _("Publicity or training event edited"),
    "responsibility.publicity_event.import.confirmed": _("Publicity event import confirmed"),
    "responsibility.complaint.created": _("Complaint or tip-off recorded"),
    "responsibility.complaint.updated": _("Complaint or tip-off edited"),
    "responsibility.incident.created": _("Incident recorded"),
    "responsibility.incident.updated": _("Incident edited"),
    "responsibility.investment.created": _("Safety investment recorded"),
    "responsibility.investment.updated": _("Safety investment edited"),
    "responsibility.ranking.computed": _("Township ranking computed"),
    "responsibility.ranking.published": _("Township ranking published"),
    "responsibility.ranking.discarded": _("Township ranking discarded"),
    "responsibility.return_period.created": _("Return period created"),
    "responsibility.return_indicator.created": _("Return indicator defined"),
    "responsibility.return_indicator.updated": _("Return indicator edited"),
    "responsibility.return.created": _("Department return started"),
    "responsibility.return.updated": _("Department return edited"),
    "responsibility.return.submitted": _("Department return submitted"),
    "responsibility.return.sent_back": _("Department return sent back"),
    "responsibility.return.accepted": _("Department return accepted"),
    # reports
    "reports.report.created": _("Summary report created"),
    "reports.report.edited": _("Summary report edited"),
    "reports.report.regenerated": _("Summary report drafted again from the records"),
    "reports.report.items_chosen": _("Summary report items chosen"),
    "reports.report.submitted": _("Summary report submitted for approval"),
    "reports.report.approved": _("Summary report approved"),
    "reports.report.returned": _("Summary report sent back"),
    "reports.report.reopened": _("Summary report reopened"),
    "reports.section.edited": _("Summary section edited"),
    "reports.section.sentences_chosen": _("Summary sentences chosen"),
    "reports.comment.added": _("Comment added"),
    "reports.pdf.export_requested": _("Summary PDF requested"),
    "reports.xlsx.export_requested": _("Summary Excel annex requested"),
    "reports.docx.export_requested": _("Summary Word file requested"),
    "reports.pdf.export_worker_lost": _("Summary PDF failed: its worker stopped"),
    "reports.xlsx.export_worker_lost": _("Summary Excel annex failed: its worker stopped"),
    "reports.docx.export_worker_lost": _("Summary Word file failed: its worker stopped"),
    # org.jobs: a job whose worker died, sent again
    "hazards.ledger.export_resumed": _("Hazard ledger export started again: its worker stopped"),
    "floodprep.roster.export_resumed": _("Flood roster export started again: its worker stopped"),
    "reports.pdf.export_resumed": _("Summary PDF started again: its worker stopped"),
    "reports.xlsx.export_resumed": _("Summary Excel annex started again: its worker stopped"),
    "reports.docx.export_resumed": _("Summary Word file started again: its worker stopped"),
    "hazards.import.export_worker_lost": _("Hazard import failed: its worker stopped"),
}

# For a code not in ACTIONS: its last part says what happened, the record is named by the model it points at.
_STEPS: dict[str, Promise] = {
    step: pgettext_lazy("audit step", words) for step, words in {
        "created": "created", "updated": "edited", "edited": "edited", "changed": "changed", "added": "added",
        "deleted": "removed", "issued": "issued", "submitted": "submitted", "approved": "approved",
        "accepted": "accepted", "returned": "sent back", "sent_back": "sent back", "confirmed": "confirmed",
        "completed": "completed", "export_requested": "export requested",
        "export_worker_lost": "export failed: its worker stopped",
        "export_resumed": "started again: its worker stopped", "signed": "signed", "published": "published",
        "discarded": "discarded", "computed": "computed",
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
    action: str,
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
    *, actor: User | None, action: str, targets: list[models.Model], data: dict[str, Any] | None = None,
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
        AuditEntry(actor=actor, action=action, org_unit_id=org_unit_of(target),
                   target_type=content_type, target_id=target.pk, data=data or {}, created_at=now)
        for target in targets
    ]
    return len(AuditEntry.objects.bulk_create(entries, batch_size=1000))


def audit_trail(target: models.Model) -> models.QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=target.pk
    ).select_related("actor")


def record_audit_each(
    *, actor: User | None, action: str, entries: list[tuple[models.Model, dict[str, Any]]],
) -> int:
    """Like record_audit_many, with each record's own data (its new version, where it moved from).

    One bulk insert per 1,000 entries, all with one time: a bulk step done by one person at one moment.
    """
    if not entries:
        return 0
    content_type = ContentType.objects.get_for_model(entries[0][0])
    now = timezone.now()
    rows = [
        AuditEntry(actor=actor, action=action, org_unit_id=getattr(target, "org_unit_id", None),
                   target_type=content_type, target_id=target.pk, data=data, created_at=now)
        for target, data in entries
    ]
    return len(AuditEntry.objects.bulk_create(rows, batch_size=1000))
