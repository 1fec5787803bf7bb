"""The one scoping mechanism every app uses.

A user sees the records of their own org unit and of every unit below it.
Anything outside that is answered with 404, never 403, so a township cannot
learn that another township's record exists.

An enterprise safety manager (``Role.ENTERPRISE``) is the exception: their account carries the
enterprise's township as ``org_unit`` (so their audit entries and notices belong somewhere), but
that unit grants them nothing. ``visible_unit_ids`` gives them no unit at all, so every
``visible_to`` list is empty for them; what they may see is their own enterprise's assigned
hazards, read by ``hazards.enterprise`` from ``User.enterprise``, and every URL outside that
portal answers 403 (``EnterpriseGateMiddleware`` below), URL guessing included.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse, HttpResponseBase


def visible_unit_ids(user: Any) -> models.QuerySet | None:
    """A subquery of the org-unit IDs the user may see, or None for everything."""
    from org.models import OrgUnit

    if not getattr(user, "is_authenticated", False):
        return OrgUnit.objects.none().values("pk")
    if getattr(user, "role", None) == "enterprise":
        # The guard: an enterprise user's township is not their scope (module docstring).
        return OrgUnit.objects.none().values("pk")
    if user.org_unit_id is None:
        # Only a superuser without a unit (the installer's account) sees all.
        return None if user.is_superuser else OrgUnit.objects.none().values("pk")
    return OrgUnit.objects.filter(path__startswith=user.org_unit.path).values("pk")


def check_scope(user: Any, unit: Any, field: str = "org_unit") -> None:
    """An org unit named in a form or a file must be within the user's area: a Chinese error on ``field``."""
    if unit is None:
        return
    ids = visible_unit_ids(user)
    if ids is not None and not ids.filter(pk=unit.pk).exists():
        raise ValidationError({field: _("This org unit is outside your area.")})


@dataclass(frozen=True)
class ScopeViewer:
    """Stands in for a user when figures are computed for an org unit's scope
    (a district report made by a city clerk): selectors see what a user of
    that unit would see, through the same ``visible_to``."""

    org_unit: Any
    is_authenticated: bool = True
    is_superuser: bool = False
    role: str = "leader"

    @property
    def org_unit_id(self) -> int:
        return self.org_unit.pk


class OrgScopedQuerySet(models.QuerySet):
    """Querysets of models that belong to an org unit.

    ``org_field`` names the foreign key to ``OrgUnit`` that decides visibility.
    """

    org_field = "org_unit"

    def visible_to(self, user: Any) -> Self:
        ids = visible_unit_ids(user)
        if ids is None:
            return self.all()
        return self.filter(**{f"{self.org_field}__in": ids})


def visible_records(model: type[models.Model], user: Any) -> OrgScopedQuerySet:
    """``model.objects.visible_to(user)`` for a model named by a registry: ``type[Model]`` does not say that
    its manager is an ``OrgScopedQuerySet``'s, which every org-owned model's is (house style 5)."""
    return cast(OrgScopedQuerySet, model._default_manager.all()).visible_to(user)


def user_has_role(user: Any, roles: tuple[str, ...]) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.role in roles


View = TypeVar("View", bound=Callable[..., "HttpResponseBase"])


def role_required(*roles: str) -> Callable[[View], View]:
    """View decorator: log in first, then the user's role must be one of ``roles``."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return _to_login(request)
            if not user_has_role(request.user, roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.allowed_roles = roles  # type: ignore[attr-defined]
        return cast(View, wrapped)  # the view's own signature: @wraps copies it

    return decorator


def may_open(user: Any, url_name: str) -> bool:
    """Whether the view behind a URL name lets this user in, asked of its own ``role_required`` roles, so a
    page offering a link to another app's page need not repeat that app's rule."""
    from django.urls import resolve, reverse

    view = resolve(reverse(url_name)).func
    roles = getattr(view, "allowed_roles", None)
    return bool(getattr(user, "is_authenticated", False)) and (roles is None or user_has_role(user, roles))


def _to_login(request: HttpRequest) -> HttpResponse:
    # Imported here: org.models imports this module before auth is ready.
    from django.contrib.auth.views import redirect_to_login

    return redirect_to_login(request.get_full_path())


# What an enterprise user may open: their portal (hazards.views.enterprise) and their own account.
ENTERPRISE_URL_NAMES = frozenset(
    {
        "home",
        "login",
        "logout",
        "password_change",
        "password_change_done",
        "set_language",
        "service_worker",
        "healthz",
        "org:notifications",
        "org:notifications_read",
    }
)
ENTERPRISE_URL_PREFIX = "hazards:enterprise_"


class EnterpriseGateMiddleware:
    """Every URL outside an enterprise user's own pages answers 403 for them, whatever its view checks."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.role == "enterprise":
            from django.urls import Resolver404, resolve

            try:
                name = resolve(request.path_info).view_name
            except Resolver404:
                name = ""
            if name not in ENTERPRISE_URL_NAMES and not name.startswith(ENTERPRISE_URL_PREFIX):
                raise PermissionDenied
        return self.get_response(request)
