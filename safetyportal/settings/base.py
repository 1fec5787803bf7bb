"""Settings shared by every environment.

The environment is read here and only here (django-environ); dev/test/prod
override a handful of values.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# ------------------------------------------------------------------------------
# Core
# ------------------------------------------------------------------------------
SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-insecure-secret-key-change-me")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_filters",
    "axes",
    "org",
    "enterprises",
    "hazards",
    "enforcement",
    "responsibility",
    "floodprep",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "org.middleware.IgnoreBrowserLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # An enterprise user reaches only their own pages (org/scoping.py).
    "org.scoping.EnterpriseGateMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    # A create form posted twice with its key saves once (org/idempotency.py); needs the user.
    "org.idempotency.IdempotentCreateMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out username before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend, loading each request's user with their unit and unread notices in one query.
    "org.auth.PortalUserBackend",
]

ROOT_URLCONF = "safetyportal.urls"
WSGI_APPLICATION = "safetyportal.wsgi.application"
AUTH_USER_MODEL = "org.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "org.context_processors.navigation",
            ],
        },
    },
]

# ------------------------------------------------------------------------------
# Database: an SQLite file unless DATABASE_URL names another (PostgreSQL in prod/CI)
# ------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Production and CI run on SSDs, where reading an index page costs about what a sequential page does;
    # PostgreSQL's default (4.0, for spinning disks) makes it scan whole tables instead of the covering
    # indexes the dashboards are built on (bench/README.md). Override with PG_RANDOM_PAGE_COST.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c random_page_cost={env.float('PG_RANDOM_PAGE_COST', default=1.1)}"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The hazards' covering indexes and rollup constraints are PostgreSQL's; SQLite builds them without the
# INCLUDE columns, which is fine.
SILENCED_SYSTEM_CHECKS = ["models.W039", "models.W040"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# ------------------------------------------------------------------------------
# Language and time
# ------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# ------------------------------------------------------------------------------
# Static and media. Vendor assets come from npm (package-lock.json); no CDN,
# because bureau networks are closed.
# ------------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules/bootstrap/dist"),
    ("vendor/bootstrap-icons", BASE_DIR / "node_modules/bootstrap-icons/font"),
    ("vendor/echarts", BASE_DIR / "node_modules/echarts/dist"),
    ("vendor/idb", BASE_DIR / "node_modules/idb/build"),
    ("vendor/exifr", BASE_DIR / "node_modules/exifr/dist"),
]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
# Phones downscale photos to this long side (px) before upload, after reading their EXIF (offline_photos.js).
PHOTO_MAX_LONG_SIDE = env.int("PHOTO_MAX_LONG_SIDE", default=1600)
# The portal's public address, printed in the enterprises' door QR codes (enterprises/qr.py) when it runs
# behind a proxy; empty: the address the poster was requested at.
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default="")

# django-filter: "全部" rather than dashes for an unset filter.
FILTERS_EMPTY_CHOICE_LABEL = _("All")
FILTERS_NULL_CHOICE_LABEL = _("None")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# ------------------------------------------------------------------------------
# Sessions, CSRF, login throttling and the content security policy. Production
# adds HTTPS-only cookies and HSTS (prod.py); these hold everywhere.
# ------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# A shared office PC: a session ends after a working day, and with the browser.
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_COOKIE_AGE", default=10 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# CACHE_URL=redis://… (production: the Redis Celery uses, another database number) keeps sessions in Redis
# in front of the database (cached_db): one query fewer on every page. Without a shared cache sessions stay
# in the database only: a per-process cache would let a session logged out in one gunicorn worker live on
# in another.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
CSRF_COOKIE_HTTPONLY = True  # htmx sends the token from the page (base.html), not from the cookie
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# django-axes: five wrong passwords for one username from one address lock that
# pair out for 15 minutes (answered 429 with registration/locked_out.html).
# Username and address together, so that one office behind one NAT address is
# not locked out by a colleague's typos.
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# django-csp: scripts and styles only from our own static files, no inline
# script, no plugins, no framing; images may be data: URIs (Bootstrap's icons).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# ------------------------------------------------------------------------------
# Celery: Redis when CELERY_BROKER_URL is set; otherwise tasks run in-process.
# ------------------------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or None)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
# A worker killed mid-task (OOM, deploy, kill -9) must hand the task back, not swallow it: every task is
# idempotent (export_job_run, the daily stamps), so running it again is safe.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Redis hands an unacknowledged task to another worker after this long; longer than the longest time limit.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=45 * 60)}
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {
    "mark-overdue-hazards": {
        "task": "hazards.tasks.mark_overdue_hazards_task",
        "schedule": crontab(hour=1, minute=5),
    },
    "requeue-export-jobs": {
        "task": "org.tasks.requeue_export_jobs_task",
        "schedule": crontab(minute="*/5"),
    },
    "fail-stale-export-jobs": {
        "task": "org.tasks.fail_stale_export_jobs_task",
        "schedule": crontab(minute="*/5"),
    },
    "send-enforcement-reminders": {
        "task": "enforcement.tasks.send_enforcement_reminders_task",
        "schedule": crontab(hour=1, minute=15),
    },
    "remove-expired-files": {
        "task": "org.tasks.remove_expired_files_task",
        "schedule": crontab(minute=20),
    },
    "check-hazard-rollup": {
        "task": "hazards.tasks.check_hazard_rollup_task",
        "schedule": crontab(day_of_week="sunday", hour=2, minute=30),
    },
}

# Jobs (exports, imports, report generation) beat while they run; one silent for longer than
# JOB_STALE_AFTER_SECONDS lost its worker: it is sent again if it can be (exports, dry runs), at most
# JOB_MAX_RESUMES times, else marked failed (org.jobs).
JOB_HEARTBEAT_SECONDS = env.int("JOB_HEARTBEAT_SECONDS", default=15)
JOB_STALE_AFTER_SECONDS = env.int("JOB_STALE_AFTER_SECONDS", default=120)
JOB_MAX_RESUMES = env.int("JOB_MAX_RESUMES", default=2)

# ------------------------------------------------------------------------------
# Retention: how long files are kept (org/retention.py; README "What is kept how long").
# The clean-up job runs every hour; the rows stay and say that their file was removed.
# ------------------------------------------------------------------------------
# Uploads checked but never confirmed, and files of imports that failed.
RETENTION_PENDING_UPLOAD_HOURS = env.int("RETENTION_PENDING_UPLOAD_HOURS", default=48)
# Finished exports and generated documents: they can be generated again from the records.
RETENTION_EXPORT_DAYS = env.int("RETENTION_EXPORT_DAYS", default=7)
# Disk space one user's uploads waiting for confirmation may take.
UPLOAD_PENDING_QUOTA_MB = env.int("UPLOAD_PENDING_QUOTA_MB", default=50)

# ------------------------------------------------------------------------------
# Genuine-closure checks (hazards/closure_checks.py): flags a leader sees, never blocks.
# ------------------------------------------------------------------------------
# Two photos whose perceptual hashes differ in at most this many of 64 bits are the same image.
HAZARD_PHOTO_SAME_DISTANCE = env.int("HAZARD_PHOTO_SAME_DISTANCE", default=6)
# A rectification photo taken farther than this from the hazard's coordinates is flagged.
HAZARD_PHOTO_FAR_METRES = env.int("HAZARD_PHOTO_FAR_METRES", default=500)
# Days from found to closed below which a closing is implausibly fast, per level (0: never flagged).
HAZARD_CLOSE_MIN_DAYS = {
    "general": env.int("HAZARD_CLOSE_MIN_DAYS_GENERAL", default=0),
    "major": env.int("HAZARD_CLOSE_MIN_DAYS_MAJOR", default=7),
}

# ------------------------------------------------------------------------------
# E-mail (overdue notices go by mail only when a backend is configured)
# ------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="safetyportal@localhost")
SEND_OVERDUE_EMAIL = env.bool("SEND_OVERDUE_EMAIL", default=False)

# ------------------------------------------------------------------------------
# PDF: a bureau may drop licensed fonts (仿宋_GB2312, 方正小标宋) into this folder;
# the Noto CJK faces installed by the setup are the fallback.
# ------------------------------------------------------------------------------
PDF_FONT_DIR = Path(env("PDF_FONT_DIR", default=str(BASE_DIR / "fonts")))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"fontTools": {"level": "WARNING"}, "weasyprint": {"level": "ERROR"}},
}
