from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache

from org.models import Role
from org.scoping import user_has_role
from org.typing import AuthedRequest

logger = logging.getLogger(__name__)


def _broker_status() -> str:
    if not settings.CELERY_BROKER_URL:
        return "in-process"
    from safetyportal.celery import app

    conn = app.connection_for_write(url=settings.CELERY_BROKER_URL)
    try:
        conn.ensure_connection(max_retries=1, timeout=2)
    finally:
        conn.release()
    return "ok"


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Database and broker status for the load balancer: 200 healthy, 503 not.

    Anyone may call it, so an anonymous (or non-admin) caller learns only ok or unavailable; which
    check failed and why goes to the log, and to a signed-in administrator.
    """
    checks: dict[str, str] = {}
    healthy = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:  # any failure means unhealthy, whatever the driver raises
        logger.warning("healthz: database unavailable", exc_info=True)
        checks["database"] = f"error: {exc.__class__.__name__}"
        healthy = False
    try:
        checks["broker"] = _broker_status()
    except Exception as exc:
        logger.warning("healthz: broker unavailable", exc_info=True)
        checks["broker"] = f"error: {exc.__class__.__name__}"
        healthy = False
    body = {"status": "ok" if healthy else "unavailable"}
    if user_has_role(request.user, (Role.ADMIN,)):
        body.update(checks)
    return JsonResponse(body, status=200 if healthy else 503)


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    """Everyone lands on a dashboard: township staff on their township's, everyone else on their area's;
    an enterprise user on their enterprise's own page (hazards.views.enterprise)."""
    if getattr(request.user, "role", None) == "enterprise":
        return redirect("hazards:enterprise_home")
    if user_has_role(request.user, ("leader", "clerk", "admin", "officer")):
        return redirect("reports:dashboard")
    return redirect("reports:township_dashboard")
