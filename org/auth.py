"""The authentication backend that loads each request's user, and the audit entry of a sign-in lockout."""

from __future__ import annotations

from typing import Any

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce

from org.models import AuditEntry, Notification

LOCKOUT_ACTION = "org.user.locked_out"


class PortalUserBackend(ModelBackend):
    """Django's ModelBackend, but the user of every request comes with their org unit and their unread
    notices counted, in one query: every page scopes by the unit and shows the notice badge, so a
    request runs two queries fewer (org.selectors.unread_notification_count reads the count)."""

    def get_user(self, user_id: Any) -> Any:
        unread = (
            Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
            .order_by()
            .values("recipient")
            .annotate(n=Count("*"))
            .values("n")
        )
        model = get_user_model()
        try:
            user = (
                model._default_manager.select_related("org_unit")
                .annotate(unread_notifications=Coalesce(Subquery(unread), 0))
                .get(pk=user_id)
            )
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


@transaction.atomic
def sign_in_lockout_record(*, username: str, ip_address: str | None) -> AuditEntry:
    """One audit entry for a sign-in locked out after repeated wrong passwords (issue 17).

    The locked account is the target and gives the unit, so the unit's administrators see it in the trail;
    a username that names nobody (someone guessing) is kept in the data only. Nothing of the passwords tried.
    """
    from org.audit import record_audit

    user = get_user_model()._default_manager.select_related("org_unit").filter(username=username).first()
    failures = (
        AccessAttempt.objects.filter(username=username, ip_address=ip_address).aggregate(n=Sum("failures_since_start"))[
            "n"
        ]
        or 0
    )
    return record_audit(
        actor=None,
        action=LOCKOUT_ACTION,
        target=user,
        org_unit=user.org_unit if user else None,
        data={
            "username": username,
            "ip_address": ip_address or "",
            "failures": failures,
            "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        },
    )


def on_user_locked_out(
    sender: Any, request: Any = None, username: str = "", ip_address: str | None = None, **kwargs: Any
) -> None:
    """django-axes says so only by this signal (its one extension point for it), hence a receiver here."""
    sign_in_lockout_record(username=username or "", ip_address=ip_address)
