from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from org.audit import record_audit
from org.models import ExportJob, Notification, OrgUnit, Role, User

logger = logging.getLogger(__name__)


@transaction.atomic
def org_unit_create(
    *, name: str, code: str, kind: str, parent: OrgUnit | None = None, short_name: str = "", sort_order: int = 0
) -> OrgUnit:
    path = f"{parent.path if parent else ''}{code}/"
    return OrgUnit.objects.create(
        name=name, code=code, kind=kind, parent=parent, path=path, short_name=short_name, sort_order=sort_order
    )


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    org_unit: OrgUnit | None,
    role: str = Role.TOWNSHIP_STAFF,
    display_name: str = "",
    email: str = "",
    is_superuser: bool = False,
    acting_user: User | None = None,
) -> User:
    user = User(
        username=username, org_unit=org_unit, role=role, display_name=display_name, email=email,
        is_superuser=is_superuser, is_staff=is_superuser or role == Role.ADMIN,
    )
    user.set_password(password)
    user.save()
    record_audit(actor=acting_user, action="org.user.created", target=user, org_unit=org_unit, data={"role": role})
    return user


def notify_users(*, recipients: Iterable[User], message: str, url: str = "", dedupe_key: str = "") -> int:
    """Create in-portal notices (and mail when configured); returns how many are new."""
    created = 0
    for user in recipients:
        try:
            with transaction.atomic():
                Notification.objects.create(recipient=user, message=message, url=url, dedupe_key=dedupe_key)
        except IntegrityError:
            continue  # already told about this one
        created += 1
        if settings.SEND_OVERDUE_EMAIL and user.email:
            send_mail(message, f"{message}\n{url}", settings.DEFAULT_FROM_EMAIL, [user.email], fail_silently=True)
    return created


def notifications_mark_read(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def export_job_create(*, owner: User, kind: str, params: dict[str, Any]) -> ExportJob:
    job = ExportJob.objects.create(owner=owner, kind=kind, params=params)
    record_audit(actor=owner, action=f"{kind}.export_requested", target=job, org_unit=owner.org_unit, data=params)
    return job


ProduceFn = Callable[[ExportJob, Callable[[int, int], None]], tuple[bytes, str]]


def export_job_run(*, job_id: int, produce: ProduceFn) -> ExportJob:
    """Run ``produce`` for a job, keeping status and progress up to date.

    Idempotent: a job that is already done is returned untouched, so a task
    delivered twice (acks_late) does not write the file twice.
    """
    job = ExportJob.objects.select_related("owner__org_unit").get(pk=job_id)
    if job.status == ExportJob.Status.DONE:
        return job
    job.status = ExportJob.Status.RUNNING
    job.save(update_fields=["status"])

    def progress(done: int, total: int) -> None:
        ExportJob.objects.filter(pk=job.pk).update(progress=done, total=total)

    try:
        content, filename = produce(job, progress)
    except Exception as exc:
        logger.exception("export job %s failed", job.pk)
        job.status = ExportJob.Status.FAILED
        job.error = str(exc)[:2000]
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "error", "finished_at"])
        return job
    job.refresh_from_db(fields=["progress", "total"])
    job.file.save(filename, ContentFile(content), save=False)
    job.filename = filename
    job.status = ExportJob.Status.DONE
    job.finished_at = timezone.now()
    job.save(update_fields=["file", "filename", "status", "finished_at"])
    return job
