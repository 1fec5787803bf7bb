"""Celery application.

With no broker configured (the embedded default) settings turn on
``task_always_eager`` so the portal still works in a single process.
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safetyportal.settings.dev")

app = Celery("safetyportal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
