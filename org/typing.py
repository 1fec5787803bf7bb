"""Types for views: the request a signed-in view receives.

``login_required`` and ``role_required`` let only a signed-in user through, so such a view's
``request.user`` is a ``User``, never ``AnonymousUser``; annotating its request as ``AuthedRequest``
says so to mypy instead of narrowing ``request.user`` in every view.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from org.models import User
    from org.scoping import ScopeViewer

    # Whom a selector reads for: a signed-in user, or a unit's scope standing in for one (a district's report).
    Viewer: TypeAlias = User | ScopeViewer


class AuthedRequest(HttpRequest):
    """A request that passed ``login_required`` or ``role_required`` (``HtmxMiddleware`` adds ``htmx``)."""

    user: User  # narrower than HttpRequest's User | AnonymousUser: the guard let only a User through
    htmx: HtmxDetails


class HtmxRequest(HttpRequest):
    """Any request, signed in or not, after ``HtmxMiddleware``."""

    htmx: HtmxDetails
