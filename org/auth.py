"""The authentication backend that loads each request's user."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from org.models import Notification


class PortalUserBackend(ModelBackend):
    """Django's ModelBackend, but the user of every request comes with their org unit and their unread
    notices counted, in one query: every page scopes by the unit and shows the notice badge, so a
    request runs two queries fewer (org.selectors.unread_notification_count reads the count)."""

    def get_user(self, user_id: Any) -> Any:
        unread = (Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True).order_by()
                  .values("recipient").annotate(n=Count("*")).values("n"))
        model = get_user_model()
        try:
            user = (model._default_manager.select_related("org_unit")
                    .annotate(unread_notifications=Coalesce(Subquery(unread), 0)).get(pk=user_id))
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
