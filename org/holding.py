"""Held uploads (暂存文件): a photo chosen on a form that then failed validation is not lost.

The view keeps each accepted file here, tied to the user, and the form is shown again with the held files'
ids in hidden inputs and a line saying so; on the next valid POST the view hands them to the service with the
newly chosen ones and releases them. Held files expire after HOLD_FOR: the retention registry's clean-up job
(org/retention.py) runs ``held_uploads_purge``, which drops the rows and their files. What a user may keep is
capped with their other pending uploads (UPLOAD_PENDING_QUOTA_MB).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.conf import settings
from django.core.files import File
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from org.audit import AuditAction, record_audit
from org.ids import is_digits
from org.uploads import RandomName

FIELD = "held_upload"
HOLD_FOR = dt.timedelta(days=2)


class HeldUpload(models.Model):
    """A file kept for a user between a refused form and its corrected POST."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    purpose = models.CharField(_("form"), max_length=80)
    file = models.FileField(_("file"), upload_to=RandomName("held"))
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    # Camera EXIF read on the phone (taken_at, gps_lat, gps_lon as strings), handed on with the file.
    meta = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"), db_index=True)

    class Meta:
        app_label = "org"
        verbose_name = _("held upload")
        verbose_name_plural = _("held uploads")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.original_name or self.file.name or ""

    def as_file(self) -> File:
        """The stored file, opened, named as uploaded, carrying its EXIF for the service (see hazards)."""
        handle = File(self.file.open("rb"), name=self.original_name or "photo")
        handle.photo_meta = self.meta  # type: ignore[attr-defined]
        return handle


@transaction.atomic
def held_uploads_keep(*, acting_user: Any, purpose: str, files: Iterable[Any]) -> list[HeldUpload]:
    from org.retention import pending_upload_bytes  # org.retention imports org.models, which imports this

    now = timezone.now()
    held = []
    # Kept photos share the user's cap on pending uploads; past it a photo is not kept (the page lists what was).
    room = settings.UPLOAD_PENDING_QUOTA_MB * 1024 * 1024 - pending_upload_bytes(acting_user) - _held_bytes(acting_user)
    for upload in files:
        room -= getattr(upload, "size", 0) or 0
        if room < 0:
            continue
        upload.seek(0)
        held.append(
            HeldUpload.objects.create(
                user=acting_user,
                purpose=purpose,
                file=File(upload, name=upload.name),
                original_name=str(getattr(upload, "original_name", upload.name))[:200],
                meta=getattr(upload, "photo_meta", None) or {},
                created_at=now,
                expires_at=now + HOLD_FOR,
            )
        )
    if held:
        record_audit(
            actor=acting_user,
            action=AuditAction.HELD_UPLOAD_KEPT,
            data={"purpose": purpose, "ids": [one.pk for one in held]},
        )
    return held


def _held_bytes(user: Any) -> int:
    total = 0
    for one in HeldUpload.objects.filter(user=user, expires_at__gt=timezone.now()).exclude(file=""):
        with contextlib.suppress(OSError):  # a file already gone takes no room
            total += one.file.size
    return total


def held_uploads_for(*, user: Any, purpose: str, ids: Iterable[str]) -> list[HeldUpload]:
    """The user's own unexpired held files among ``ids``; anyone else's id is ignored."""
    wanted = [int(one) for one in ids if is_digits(str(one))]
    if not wanted or not user.is_authenticated:
        return []
    return list(
        HeldUpload.objects.filter(user=user, purpose=purpose, pk__in=wanted, expires_at__gt=timezone.now()).exclude(
            file=""
        )
    )


def held_uploads_release(*, acting_user: Any, held: Iterable[HeldUpload]) -> int:
    """The form was saved with them: delete the rows and, once committed, the files."""
    held = list(held)
    for one in held:
        if one.file.name:
            transaction.on_commit(partial(one.file.storage.delete, one.file.name))
    HeldUpload.objects.filter(pk__in=[one.pk for one in held]).delete()
    if held:
        record_audit(actor=acting_user, action=AuditAction.HELD_UPLOAD_RELEASED, data={"ids": [one.pk for one in held]})
    return len(held)


def held_uploads_purge(*, now: dt.datetime | None = None) -> int:
    """Delete expired held files and their rows (retention hook)."""
    expired = list(HeldUpload.objects.filter(expires_at__lte=now or timezone.now()).select_related("user__org_unit"))
    for one in expired:
        record_audit(
            actor=None,
            action=AuditAction.FILE_REMOVED,
            org_unit=one.user.org_unit,
            data={"kind": "org.held_upload", "file": one.file.name, "reason": "expired"},
        )
        one.file.delete(save=False)
    HeldUpload.objects.filter(pk__in=[one.pk for one in expired]).delete()
    return len(expired)
