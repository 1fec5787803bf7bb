"""The daily reminders: orders past their deadline still awaiting re-inspection, and cases
nearing the ninety-day limit for a decision. Same mechanism as hazards_mark_overdue."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from enforcement.models import DECISION_LIMIT_DAYS, Case, RectificationOrder
from org.audit import AuditAction, record_audit, record_audit_many
from org.models import User
from org.services import notify_users

# Warn this many days before the decision limit, while there is still time to decide or seek an extension.
DECISION_WARNING_DAYS = 10


def _notify_by_officer(items: dict[int, list[str]], today: dt.date, key: str, message: str) -> int:
    """One notice per officer and day, listing what is due, rather than one per record."""
    sent = 0
    officers = User.objects.in_bulk(list(items))
    for pk, labels in items.items():
        shown = "、".join(labels[:3]) + ("…" if len(labels) > 3 else "")
        sent += notify_users(
            recipients=[officers[pk]],
            message=message % {"count": len(labels), "items": shown},
            url=reverse("enforcement:my_work"),
            dedupe_key=f"enforcement-{key}-{pk}-{today.isoformat()}",
        )
    return sent


def enforcement_send_reminders(*, today: dt.date | None = None) -> dict[str, int]:
    """Stamp newly overdue orders and newly due cases, and tell their officers.

    Idempotent: stamped records are skipped and notices carry a per-day dedupe key.
    """
    today = today or timezone.localdate()
    orders = list(
        RectificationOrder.objects.overdue(today)
        .filter(overdue_since__isnull=True)
        .select_related("inspection")
        .prefetch_related("inspection__officers")
        .order_by("deadline", "pk")
    )
    warn_from = today - dt.timedelta(days=DECISION_LIMIT_DAYS - DECISION_WARNING_DAYS)
    cases = list(
        Case.objects.undecided()
        .filter(filed_on__lte=warn_from, due_reminded_on__isnull=True)
        .prefetch_related("officers")
        .order_by("filed_on", "pk")
    )
    with transaction.atomic():
        RectificationOrder.objects.filter(pk__in=[o.pk for o in orders]).update(overdue_since=today)
        Case.objects.filter(pk__in=[c.pk for c in cases]).update(due_reminded_on=today)
        # Bulk updates: one audit entry per record, so each record's history shows the stamp.
        record_audit_many(
            actor=None,
            action=AuditAction.ORDER_OVERDUE_MARKED,
            targets=orders,
            org_unit_of=lambda order: order.inspection.org_unit_id,
            data={"overdue_since": today.isoformat()},
        )
        record_audit_many(
            actor=None,
            action=AuditAction.CASE_DUE_REMINDED,
            targets=cases,
            data={"due_reminded_on": today.isoformat()},
        )
        if orders or cases:
            record_audit(
                actor=None,
                action=AuditAction.REMINDERS_SENT,
                data={"orders": len(orders), "cases": len(cases), "on": today.isoformat()},
            )
    order_items: dict[int, list[str]] = defaultdict(list)
    for order in orders:
        for officer in order.inspection.officers.all():
            order_items[officer.pk].append(order.inspection.unit_name)
    case_items: dict[int, list[str]] = defaultdict(list)
    for case in cases:
        for officer in case.officers.all():
            case_items[officer.pk].append(f"{case.number}（{case.decision_due:%m-%d}）")
    _notify_by_officer(
        order_items,
        today,
        "orders",
        _("%(count)s rectification order(s) past the deadline, awaiting re-inspection: %(items)s"),
    )
    _notify_by_officer(
        case_items,
        today,
        "cases",
        _("%(count)s case(s) near the 90-day limit for a decision: %(items)s"),
    )
    return {"orders": len(orders), "cases": len(cases)}
