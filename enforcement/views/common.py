"""Helpers the enforcement views share."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from org.audit import action_label, audit_trail
from org.permissions import may

PAGE_SIZE = 25

AUDIT_LABELS = {
    "enforcement.inspection.created": _("Inspection recorded"),
    "enforcement.inspection.updated": _("Details edited"),
    "enforcement.finding.added": _("Problem recorded"),
    "enforcement.finding.handed_over": _("Handed over to the hazard loop"),
    "enforcement.order.issued": _("Order to rectify issued"),
    "enforcement.order.reinspected": _("Re-inspected"),
    "enforcement.document.issued": _("Document issued"),
    "enforcement.case.filed": _("Filed"),
    "enforcement.case.investigate": _("Investigation started"),
    "enforcement.case.notify": _("Party notified of the proposed penalty"),
    "enforcement.case.hearing": _("Hearing held"),
    "enforcement.case.decide": _("Decision made"),
    "enforcement.case.execute": _("Decision executed"),
    "enforcement.case.close": _("Closed and archived"),
}


def require_writer(user: Any) -> None:
    """For views on one record: called after the scoped lookup, so another township's
    record is a 404 before anyone learns that their role could not write it anyway."""
    if not may(user, "enforcement.write"):
        raise PermissionDenied


def timeline(record: Any) -> list[Any]:
    entries = list(audit_trail(record).order_by("created_at", "pk"))
    for entry in entries:
        entry.label = AUDIT_LABELS.get(entry.action) or action_label(entry.action, entry.target_type_id)
    return entries
