"""Idempotent create forms: a double tap, a retried request or a replayed offline entry saves once.

Every create form carries a key made when the form is rendered (``{% idempotency_field %}``), when its page
loads (static/js/offline_entry.js, for every POST form aimed at a …/new/ URL) or when the phone queues an
entry; IdempotentCreateMiddleware applies the rule to every create view of the portal. The first POST with a
key claims it for that user and path; when the view answers with a redirect, the redirect is kept. A second
POST with the same key gets the same redirect and nothing is saved again. A key is the user's own: the same
key sent by someone else is a different key. A POST that fails validation releases its key, so the corrected
form can be sent again.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError, models, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

if TYPE_CHECKING:
    from org.models import User

FIELD = "idempotency_key"
KEY_PATTERN = re.compile(r"^[A-Za-z0-9-]{16,64}$")
# Long enough for a phone left a weekend without signal to replay its queue (offline_entry.js).
KEEP_FOR = dt.timedelta(days=14)


class IdempotencyKey(models.Model):
    """A create POST already handled for one user (幂等键), with where it sent the user."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=64)
    path = models.CharField(max_length=200)
    location = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        app_label = "org"
        verbose_name = _lazy("idempotency key")
        verbose_name_plural = _lazy("idempotency keys")
        constraints = [models.UniqueConstraint(fields=["user", "key", "path"], name="idempotency_key_unique")]

    def __str__(self) -> str:
        return self.key


def new_key() -> str:
    return uuid.uuid4().hex


def key_from(request: HttpRequest) -> str:
    """The posted key when well formed, else ''. The form keeps it when it is shown again after an error."""
    key = (request.POST.get(FIELD) or request.headers.get("Idempotency-Key") or "").strip()
    return key if KEY_PATTERN.match(key) else ""


def idempotent(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Decorate a create view whose success is a redirect (the Post/Redirect/Get pattern of the portal)."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        key = key_from(request) if request.method == "POST" else ""
        if not key or not request.user.is_authenticated or getattr(request, "_idempotency_claimed", False):
            return view(request, *args, **kwargs)
        request._idempotency_claimed = True  # type: ignore[attr-defined]  # read by the decorator and the middleware both
        # One transaction: on PostgreSQL a concurrent second POST waits on the unique index until the first
        # has committed, then finds its redirect. A validation error deletes the claim; the view's own writes
        # (a held photo) stay.
        with transaction.atomic():
            try:
                with transaction.atomic():
                    claim = IdempotencyKey.objects.create(user=request.user, key=key, path=request.path)
            except IntegrityError:
                claim = None
            if claim is None:
                return _replay(request, key, request.user)
            response = view(request, *args, **kwargs)
            if isinstance(response, HttpResponseRedirect) or response.status_code in (301, 302, 303):
                claim.location = response["Location"][:300]
                claim.save(update_fields=["location"])
            else:
                claim.delete()
            return response

    return wrapped


class IdempotentCreateMiddleware:
    """Every create view of the portal (URL name ``create`` or ``…_create``) honours the key of its POST.

    One rule for all apps, so a new create form needs no decorator of its own; the key reaches its form from
    ``{% idempotency_field %}`` or, for forms without it, from offline_entry.js, which gives every POST form
    aimed at a …/new/ URL a key when the page loads.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., HttpResponse], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        name = getattr(request.resolver_match, "url_name", "") or ""
        if request.method != "POST" or not (name == "create" or name.endswith("_create")) or not key_from(request):
            return None
        return idempotent(view)(request, *args, **kwargs)


def _replay(request: HttpRequest, key: str, user: User) -> HttpResponse:
    done = IdempotencyKey.objects.filter(user=user, key=key, path=request.path).first()
    if done is None or not done.location:
        # A claim without a redirect is one still running elsewhere; the phone keeps the entry and retries.
        return HttpResponse(
            _("This entry is still being saved. Try again shortly."),
            status=409,
            content_type="text/plain; charset=utf-8",
        )
    messages.info(request, _("This form had already been sent; it was not saved a second time."))
    return HttpResponseRedirect(done.location)


def keys_expired(*, now: dt.datetime | None = None) -> int:
    """Delete keys older than KEEP_FOR; run daily (org.tasks)."""
    cutoff = (now or timezone.now()) - KEEP_FOR
    deleted, _rows = IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()
    return deleted
