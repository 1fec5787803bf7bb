from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from redis import Redis
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry

from org.audit import AuditAction, job_action, record_audit
from org.jobs import heartbeat
from org.models import BureauSettings, ExportJob, Notification, OrgUnit, Role, User

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
    enterprise: Any = None,
) -> User:
    """``enterprise`` only for Role.ENTERPRISE (required there): their unit is then the enterprise's township,
    which grants them no scope (org.scoping)."""
    if role == Role.ENTERPRISE:
        if enterprise is None:
            raise ValidationError({"enterprise": _("An enterprise safety manager needs an enterprise.")})
        org_unit = enterprise.org_unit
    elif enterprise is not None:
        raise ValidationError({"enterprise": _("Only an enterprise safety manager belongs to an enterprise.")})
    user = User(
        username=username,
        org_unit=org_unit,
        role=role,
        display_name=display_name,
        email=email,
        is_superuser=is_superuser,
        is_staff=is_superuser or role == Role.ADMIN,
        enterprise=enterprise,
    )
    user.set_password(password)
    user.save()
    record_audit(
        actor=acting_user,
        action=AuditAction.USER_CREATED,
        target=user,
        org_unit=org_unit,
        data={"role": role, "enterprise": getattr(enterprise, "pk", None)},
    )
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


@transaction.atomic
def user_change_password(*, acting_user: User, new_password: str) -> User:
    """A user's change of their own password (the form checked the old one and the validators).

    The audit entry says that it happened and by whom, never anything of the password.
    """
    acting_user.set_password(new_password)
    acting_user.save(update_fields=["password"])
    record_audit(
        actor=acting_user,
        action=AuditAction.USER_PASSWORD_CHANGED,
        target=acting_user,
        org_unit=acting_user.org_unit,
        data={},
    )
    return acting_user


@transaction.atomic
def notifications_mark_read(*, user: User) -> int:
    marked = Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
    user.unread_notifications = 0  # type: ignore[attr-defined]  # annotated by org.auth.PortalUserBackend; the badge of this request (org.auth.PortalUserBackend counted them)
    if marked:
        record_audit(
            actor=user,
            action=AuditAction.NOTIFICATIONS_MARKED_READ,
            target=user,
            org_unit=user.org_unit,
            data={"count": marked},
        )
    return marked


@transaction.atomic
def export_job_create(*, owner: User, kind: str, params: dict[str, Any]) -> ExportJob:
    job = ExportJob.objects.create(owner=owner, kind=kind, params=params)
    record_audit(
        actor=owner, action=job_action(kind, "export_requested"), target=job, org_unit=owner.org_unit, data=params
    )
    return job


ProduceFn = Callable[[ExportJob, Callable[[int, int], None]], tuple[bytes, str]]


def export_job_enqueue(*, job: ExportJob, task: Any) -> None:
    """Send the job to a worker once the transaction that made it commits.

    Export tasks ignore their Celery result (the ExportJob row is the result), so sending one
    needs the broker only, not the result store as well.

    If the broker (Redis) cannot be reached the page must still answer: the job stays waiting,
    marked ExportJob.BROKER_DOWN, the export page says it is queued, and export_jobs_requeue sends it
    when the broker is back.
    """

    def send() -> None:
        try:
            if not _broker_answers():
                raise ConnectionError("broker did not answer a ping")
            # No publish retries: the user is waiting for this page, not for the broker.
            task.apply_async(args=(job.pk,), retry=False)
        except Exception as exc:  # kombu/redis errors, or Celery's RuntimeError when the result store is down
            logger.warning("export job %s not queued, broker unreachable: %s", job.pk, exc)
            ExportJob.objects.filter(pk=job.pk, status=ExportJob.Status.PENDING).update(
                error=f"{ExportJob.BROKER_DOWN}: {exc.__class__.__name__}"
            )

    ExportJob.objects.filter(pk=job.pk).update(params={**job.params, "task": task.name})
    job.params["task"] = task.name
    transaction.on_commit(send)


def _broker_answers() -> bool:
    """One ping, no retries: redis-py's own retries would keep the user waiting six seconds for a dead Redis."""
    from celery import current_app

    url = current_app.conf.broker_url or ""
    if current_app.conf.task_always_eager or not url.startswith(("redis://", "rediss://")):
        return True
    try:
        return bool(Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1, retry=Retry(NoBackoff(), 0)).ping())
    except RedisError:
        return False


def export_jobs_requeue(*, older_than: dt.timedelta = dt.timedelta(minutes=1)) -> int:
    """Send again the jobs that could not be queued while the broker was down (Celery beat, every few minutes)."""
    from celery import current_app

    sent = 0
    waiting = ExportJob.objects.filter(
        status=ExportJob.Status.PENDING,
        error__startswith=ExportJob.BROKER_DOWN,
        created_at__lt=timezone.now() - older_than,
    )
    for job in waiting:
        try:
            current_app.tasks[job.params["task"]].apply_async(args=(job.pk,), retry=False)
        except Exception:  # still down (see export_job_enqueue): the next run tries again
            break
        ExportJob.objects.filter(pk=job.pk, status=ExportJob.Status.PENDING).update(error="")
        sent += 1
    return sent


def export_job_run(*, job_id: int, produce: ProduceFn) -> ExportJob:
    """Run ``produce`` for a job, keeping status and progress up to date.

    Idempotent, for tasks acknowledged late: a job already done is returned untouched,
    and a delivery that finishes after another one has written the file writes none,
    so a task delivered twice (a worker killed mid-task, a message redelivered) leaves
    exactly one file.
    """
    job = ExportJob.objects.select_related("owner__org_unit").get(pk=job_id)
    if job.status == ExportJob.Status.DONE:
        return job
    job.status = ExportJob.Status.RUNNING
    job.error = ""
    job.save(update_fields=["status", "error", "updated_at"])

    def progress(done: int, total: int) -> None:
        # updated_at is the heartbeat org.jobs.jobs_recover_stale reads; update() does not set auto_now fields.
        ExportJob.objects.filter(pk=job.pk).update(progress=done, total=total, updated_at=timezone.now())

    try:
        with heartbeat(job.pk):  # a sign of life between progress reports too (org.jobs)
            content, filename = produce(job, progress)
    except Exception as exc:
        logger.exception("export job %s failed", job.pk)
        job.status = ExportJob.Status.FAILED
        job.error = str(exc)[:2000]
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "error", "finished_at", "updated_at"])
        return job
    with transaction.atomic():
        # The row lock makes two deliveries finishing at once take turns; the second finds it done.
        current = ExportJob.objects.select_for_update().get(pk=job.pk)
        if current.status == ExportJob.Status.DONE:
            return current
        job.refresh_from_db(fields=["progress", "total"])
        job.file.save(filename, ContentFile(content), save=False)
        job.filename = filename
        job.status = ExportJob.Status.DONE
        job.finished_at = timezone.now()
        # ``produce`` may have said what it made (job.summary): a document's pages, a workbook's sheets.
        job.save(update_fields=["file", "filename", "status", "finished_at", "summary", "updated_at"])
    return job


@transaction.atomic
def bureau_settings_update(
    *, acting_user: User, org_unit: OrgUnit, reinspection_by: str, version: int | None = None
) -> BureauSettings:
    """本局设置: an administrator sets her unit's rules; every change is audited, a stale form refused."""
    if not (acting_user.is_superuser or acting_user.role == Role.ADMIN):
        raise ValidationError(_("Your role may not do this."))
    from org.scoping import check_scope

    check_scope(acting_user, org_unit)
    current, _created = BureauSettings.objects.select_for_update().get_or_create(org_unit=org_unit)
    if version is not None and version != current.version:
        raise ValidationError(
            _("Someone else saved these settings after you opened them; check them and save again."), code="conflict"
        )
    changed = {"reinspection_by": reinspection_by} if current.reinspection_by != reinspection_by else {}
    if not changed:
        return current
    old = current.reinspection_by
    current.reinspection_by = reinspection_by
    current.version += 1
    current.save(update_fields=["reinspection_by", "version", "updated_at"])
    record_audit(
        actor=acting_user,
        action=AuditAction.BUREAU_SETTINGS_UPDATED,
        target=current,
        org_unit=org_unit,
        data={"reinspection_by": reinspection_by, "from": old, "version": current.version},
    )
    return current
