"""The code at the door (扫码入企 / 亮码入企): each enterprise's QR code opens its page in the portal.

An officer scans it on arrival: signed in, the page offers to start an inspection with the enterprise filled
in; not signed in, the portal asks for the login first and then goes on to the page. The code holds only the
page's address (no data about the firm), so a poster photographed by anyone reveals nothing.
"""

from __future__ import annotations

import segno
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from enterprises.models import Enterprise


def enterprise_url(enterprise: Enterprise, request: HttpRequest | None = None) -> str:
    """The absolute address printed in the code: PORTAL_BASE_URL when set (behind a proxy), else this request's."""
    path = reverse("enterprises:detail", args=[enterprise.pk]) + "?via=qr"
    base = getattr(settings, "PORTAL_BASE_URL", "").rstrip("/")
    if base:
        return f"{base}{path}"
    return request.build_absolute_uri(path) if request is not None else path


def qr_svg(url: str, *, scale: int = 10) -> str:
    """The code as inline SVG, error correction level M (a poster survives some dirt and glare)."""
    return segno.make(url, error="m", micro=False).svg_inline(scale=scale, border=2)
