from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from hazards import selectors as hazard_selectors
from org.scoping import user_has_role


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
    """Database and broker status for the load balancer: 200 healthy, 503 not."""
    checks: dict[str, str] = {}
    healthy = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:  # any failure means unhealthy, whatever the driver raises
        checks["database"] = f"error: {exc.__class__.__name__}"
        healthy = False
    try:
        checks["broker"] = _broker_status()
    except Exception as exc:
        checks["broker"] = f"error: {exc.__class__.__name__}"
        healthy = False
    return JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    period = hazard_selectors.Period(start=today.replace(month=1, day=1), end=today)
    figures = hazard_selectors.hazard_figures(user=request.user, period=period)
    context = {
        "period": period,
        "figures": figures,
        "overdue": hazard_selectors.hazard_list(user=request.user, filters={"overdue": True})[:10],
        "by_township": hazard_selectors.hazard_figures_by_township(user=request.user, period=period)
        if user_has_role(request.user, ("leader", "clerk", "admin", "officer"))
        else None,
    }
    return render(request, "home.html", context)
