"""The portal's own 404, 403 and 500 pages, in Chinese, under the test, demo and production settings (issue 17).

The demo (`make run`, safetyportal.settings.dev) used to run with DEBUG on and served Django's English debug 404,
which lists every URL pattern of the portal.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client
from django.urls import include, path

NOT_FOUND = "页面或记录不存在，或不在您的管辖范围内。"
FORBIDDEN = "您的角色无权执行此操作。"
SERVER_ERROR = "系统出现错误，已记录。请稍后重试。"


def _boom(request):
    raise RuntimeError("a bug")


# This module is also the URLconf of the 500 test: the portal's URLs plus one view that fails.
urlpatterns = [path("boom/", _boom), path("", include("safetyportal.urls"))]


@pytest.mark.django_db
def test_an_unknown_address_shows_the_portals_chinese_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert NOT_FOUND in response.content.decode()


@pytest.mark.django_db
def test_a_refused_role_sees_the_portals_chinese_403(clerk_client):
    response = clerk_client.get("/hazards/new/")
    assert response.status_code == 403
    assert FORBIDDEN in response.content.decode()


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_a_failing_view_shows_the_portals_chinese_500():
    response = Client(raise_request_exception=False).get("/boom/")
    page = response.content.decode()
    assert response.status_code == 500
    assert SERVER_ERROR in page
    assert "Server error" not in page


# Run in a fresh interpreter: settings are read once per process. An anonymous request needs no table, so the
# database is an empty file. Production's manifest storage needs collectstatic, which tests do not run; only
# that one setting is swapped for the plain storage there.
PROBE = """
import json, sys, django
django.setup()
from django.conf import settings
from django.test import Client
from django.test.utils import override_settings
storages = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
with override_settings(STORAGES=storages):
    response = Client().get("/no-such-page/", secure=True, HTTP_HOST=settings.ALLOWED_HOSTS[0])
print(json.dumps({"debug": settings.DEBUG, "status": response.status_code, "page": response.content.decode()}))
"""


def _probe(module: str, tmp_path, **env: str) -> dict:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    environment.update(DJANGO_SETTINGS_MODULE=module, DATABASE_URL=f"sqlite:///{tmp_path / 'empty.sqlite3'}", **env)
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_demo_settings_serve_the_portals_404_not_djangos_debug_page(tmp_path):
    answer = _probe("safetyportal.settings.dev", tmp_path)
    assert (answer["debug"], answer["status"]) == (False, 404)
    assert NOT_FOUND in answer["page"]
    assert "URLconf" not in answer["page"]


def test_the_production_settings_serve_the_portals_404(tmp_path):
    answer = _probe(
        "safetyportal.settings.prod", tmp_path, DJANGO_SECRET_KEY="x" * 60, DJANGO_ALLOWED_HOSTS="testserver"
    )
    assert (answer["debug"], answer["status"]) == (False, 404)
    assert NOT_FOUND in answer["page"]
