from __future__ import annotations

from django.db.models import QuerySet

from org.models import BureauSettings, ExportJob, Notification, OrgUnit, User


def township_list(*, user: User) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.visible_to(user).townships().order_by("path")


def village_list(*, user: User) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.visible_to(user).filter(kind=OrgUnit.Kind.VILLAGE).select_related("parent").order_by("path")


def notification_list(*, user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user)


def unread_notification_count(*, user: User) -> int:
    # Counted with the request's user by org.auth.PortalUserBackend; counted here for any other user.
    counted = getattr(user, "unread_notifications", None)
    if counted is not None:
        return counted
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def export_job_for(*, user: User, pk: int) -> QuerySet[ExportJob]:
    return ExportJob.objects.filter(owner=user, pk=pk)


def bureau_settings_unit(*, user: User) -> OrgUnit | None:
    """The unit whose 本局设置 an administrator edits: her own, or the top unit for an installer's account."""
    if user.org_unit_id is not None:
        return user.org_unit
    return OrgUnit.objects.filter(parent__isnull=True).order_by("path").first() if user.is_superuser else None


def bureau_settings_of(*, unit: OrgUnit) -> BureauSettings:
    """The unit's own settings, or the defaults (unsaved) when it has none yet."""
    return BureauSettings.objects.filter(org_unit=unit).first() or BureauSettings(org_unit=unit)
