"""Test settings: fast hashing, in-memory mail, eager Celery.

Integration tests that need the real broker switch eager off themselves.
"""

from pathlib import Path

from .base import *  # noqa: F403
from .base import BASE_DIR, env

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
# A test may point the worker it starts at its own media folder (tests/integration/test_worker_crash.py).
MEDIA_ROOT = Path(env("TEST_MEDIA_ROOT", default=str(BASE_DIR / "var" / "test-media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The services the integration tests talk to; under CI they must be present.
TEST_BROKER_URL = env("TEST_BROKER_URL", default=env("CELERY_BROKER_URL", default="redis://127.0.0.1:6379/15"))
# Static files are served from the finders in tests; no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Login throttling would lock the cast out across tests; tests/org/test_security.py turns it on.
AXES_ENABLED = False
