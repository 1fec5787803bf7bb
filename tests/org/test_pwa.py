"""The portal installs as a web app: manifest, icons and a service worker whose scope is the whole site."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from PIL import Image

pytestmark = pytest.mark.django_db


def _static(path: str) -> str:
    found = finders.find(path)
    assert isinstance(found, str), f"{path} is not among the static files"
    return found


def test_the_service_worker_is_served_from_the_root_for_the_whole_site(client):
    response = client.get("/sw.js")
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/"


def test_the_service_worker_caches_only_the_portals_own_files(client):
    body = client.get("/sw.js").content.decode()
    found = re.match(r"self\.PORTAL_SHELL = (.*);\n", body)
    assert found is not None
    shell = json.loads(found.group(1))
    assert all(url.startswith("/static/") for url in shell["static"])
    assert all(finders.find(url.removeprefix("/static/")) for url in shell["static"])


def test_every_page_links_the_manifest(staff_a_client):
    html = staff_a_client.get("/hazards/").content.decode()
    assert '<link rel="manifest" href="/static/manifest.webmanifest">' in html


def test_the_manifest_names_the_app_in_chinese_with_its_icons():
    manifest = json.loads(Path(_static("manifest.webmanifest")).read_text(encoding="utf-8"))
    sizes = {Image.open(_static(icon["src"])).size for icon in manifest["icons"]}
    assert manifest["name"] == "安全生产工作平台"
    assert {(192, 192), (512, 512)} <= sizes


def test_the_kept_entries_queue_is_on_every_page_of_a_signed_in_user(staff_a_client):
    html = staff_a_client.get("/hazards/").content.decode()
    assert 'id="offline-queue"' in html
    assert "{count} 条待上传" in html
