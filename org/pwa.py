"""The installable web app: the service worker, served from the site root so its scope is the whole portal.

A script under /static/ could only control /static/; served here with ``Service-Worker-Allowed: /`` it
controls every page. The static URLs it pre-caches (the app shell) are prepended as ``self.PORTAL_SHELL``, so
the file itself stays plain JavaScript in static/sw.js; the cache name changes with the file and the list.
"""

from __future__ import annotations

import hashlib
import json

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpRequest, HttpResponse
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache

SHELL_STATIC = [
    "vendor/bootstrap/css/bootstrap.min.css",
    "vendor/bootstrap-icons/bootstrap-icons.min.css",
    "vendor/bootstrap-icons/fonts/bootstrap-icons.woff2",
    "vendor/bootstrap/js/bootstrap.bundle.min.js",
    "django_htmx/htmx-2.min.js",
    "css/portal.css",
    "js/portal.js",
    "vendor/idb/umd.js",
    "vendor/exifr/lite.umd.js",
    "js/offline_photos.js",
    "js/offline_entry.js",
    "manifest.webmanifest",
    "icons/icon-192.png",
    "icons/icon-512.png",
]


def _source() -> str:
    path = finders.find("sw.js")
    if path:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    with staticfiles_storage.open("sw.js") as handle:
        return handle.read().decode("utf-8")


@never_cache
def service_worker(request: HttpRequest) -> HttpResponse:
    shell = {
        "static": [static(name) for name in SHELL_STATIC],
        # Pages kept for offline use: the entry form works without a connection, home shows the queue.
        "pages": [reverse("home"), reverse("hazards:create")],
        "entryUrl": reverse("hazards:create"),
        "staticPrefix": static(""),
    }
    source = _source()
    version = hashlib.sha256((source + json.dumps(shell)).encode()).hexdigest()[:12]
    body = f"self.PORTAL_SHELL = {json.dumps({**shell, 'version': version})};\n{source}"
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    return response
