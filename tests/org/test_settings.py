"""Which database and broker a process gets from its environment."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from django.conf import settings

PROBE = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'engine': s.DATABASES['default']['ENGINE'], 'name': str(s.DATABASES['default']['NAME']), "
    "'eager': s.CELERY_TASK_ALWAYS_EAGER, 'lang': s.LANGUAGE_CODE, 'tz': s.TIME_ZONE}))"
)


def _settings_with(env: dict[str, str]) -> dict:
    clean = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL")}
    clean.update({"DJANGO_SETTINGS_MODULE": "safetyportal.settings.dev", **env})
    out = subprocess.run(
        [sys.executable, "-c", PROBE], env=clean, capture_output=True, text=True, check=True, cwd=settings.BASE_DIR
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_embedded_default_is_sqlite_with_in_process_tasks():
    probe = _settings_with({})

    assert probe["engine"] == "django.db.backends.sqlite3"
    assert probe["eager"] is True


def test_database_url_selects_postgresql():
    probe = _settings_with({"DATABASE_URL": "postgres://portal@db.example:5432/portal"})

    assert probe["engine"] == "django.db.backends.postgresql"
    assert probe["name"] == "portal"


def test_broker_url_turns_off_in_process_tasks_and_portal_speaks_chinese():
    probe = _settings_with({"CELERY_BROKER_URL": "redis://127.0.0.1:6379/0"})

    assert probe["eager"] is False
    assert (probe["lang"], probe["tz"]) == ("zh-hans", "Asia/Shanghai")
