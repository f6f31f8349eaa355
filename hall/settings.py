"""Settings for the service hall, read from the environment (12-factor).

Embedded defaults (no variables set): a SQLite file and a filesystem Celery broker under
var/, so a fresh clone runs with no servers. Production sets DATABASE_URL (PostgreSQL),
CELERY_BROKER_URL and REDIS_URL (Redis), SECRET_KEY, ALLOWED_HOSTS and DEBUG=0.
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
# The fallback key is only for local runs; production must set SECRET_KEY.
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me-in-production-0123456789")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Hall apps in dependency order: portal, supervision -> approvals -> hall -> catalog.
HALL_APPS = ["catalog", "hall", "approvals", "hallfloor", "supervision", "portal"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "django_htmx",
    *HALL_APPS,
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "hall.urls"
WSGI_APPLICATION = "hall.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hall.context_processors.hall",
                "supervision.context_processors.staff_header",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'hall.sqlite3'}"),
}
DATABASES["default"].setdefault("ATOMIC_REQUESTS", False)
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL and a busy timeout let the web, worker and beat processes write side by side.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/workbench/"
LOGOUT_REDIRECT_URL = "/"

# Chinese first, English available; every time shown is Beijing time.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Security: strict unless DEBUG. Behind a TLS-terminating proxy set X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_AGE = 8 * 60 * 60  # one working day at a window

# Uploads: PDF and images up to 20 MB by default (the hall may change it).
HALL_UPLOAD_MAX_BYTES = env.int("HALL_UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# The hall itself.
HALL_NAME = env("HALL_NAME", default="示范县政务服务中心")
HALL_ADDRESS = env("HALL_ADDRESS", default="示范县人民路88号政务服务中心大厅")
# The department's acknowledgement window before deemed acceptance (视为同意), seconds.
HALL_AUTO_ACCEPT_SECONDS = env.int("HALL_AUTO_ACCEPT_SECONDS", default=600)
# Printed on refusal notices and denial decisions (救济途径).
HALL_APPEAL_ROUTE = env(
    "HALL_APPEAL_ROUTE",
    default="如不服本决定，可自收到本决定之日起六十日内依法申请行政复议，或者在六个月内依法向人民法院提起行政诉讼。",
)

# REST API (DESIGN.md §8).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "hall.api_pagination.HallPageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "hall.api_errors.hall_exception_handler",
    # Only views that name a throttle_scope are limited: the doors a password guesser or a
    # bulk registrar would knock on.
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.ScopedRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "auth-token": env("HALL_THROTTLE_AUTH_TOKEN", default="20/minute"),
        "portal-register": env("HALL_THROTTLE_REGISTER", default="20/hour"),
    },
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "政务服务中心 API",
    "DESCRIPTION": "一窗受理政务服务平台 REST API（/api/v1/）。",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # One named enum per choice set of the case API (approvals).
    "ENUM_NAME_OVERRIDES": {
        "CaseStateEnum": "approvals.constants.CaseState",
        "CaseLevelEnum": "approvals.constants.Level",
        "CaseActionEnum": "approvals.constants.Action",
        "ApplicantTypeEnum": "hall.constants.ApplicantType",
        "DeliveryMethodEnum": "approvals.constants.DeliveryMethod",
        "SuspensionKindEnum": "approvals.constants.SuspensionKind",
        "ItemKindEnum": "catalog.constants.ItemKind",
    },
}

# Celery: embedded filesystem broker by default (no server needed), Redis in production.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = Path(env("CELERY_BROKER_DIR", default=str(VAR_DIR / "broker")))
    for _sub in ("queue", "processed"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "store_processed": False,
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = env("CELERY_BEAT_SCHEDULE_FILENAME", default=str(VAR_DIR / "celerybeat-schedule"))
# Periodic work, by task name (apps are found by name, not imported here).
# How often the beat backstop sweeps for due deemed acceptances (DESIGN.md §6), seconds.
HALL_ACCEPTANCE_SWEEP_SECONDS = env.float("HALL_ACCEPTANCE_SWEEP_SECONDS", default=30.0)
CELERY_BEAT_SCHEDULE = {
    "approvals-sweep-due-acceptances": {
        "task": "approvals.sweep_due_acceptances",
        "schedule": HALL_ACCEPTANCE_SWEEP_SECONDS,
    },
    # Case events left in the outbox (a lost task, a killed worker, a failing subscriber).
    "approvals-sweep-case-events": {
        "task": "approvals.sweep_case_events",
        "schedule": env.float("HALL_EVENTS_SWEEP_SECONDS", default=15.0),
    },
    # Time-limit warnings (supervision): one notice per (case, level), every minute.
    "supervision-scan-time-limit-warnings": {
        "task": "supervision.tasks.scan_time_limit_warnings",
        "schedule": 60.0,
    },
}

# Case events (approvals.events): the sweep delivers outbox rows older than this grace period,
# leaving newer ones to the task enqueued on commit. Extra subscriber modules (tests, plug-ins).
HALL_EVENTS_SWEEP_GRACE_SECONDS = env.float("HALL_EVENTS_SWEEP_GRACE_SECONDS", default=10.0)
HALL_EXTRA_EVENT_SUBSCRIBERS = env.list("HALL_EXTRA_EVENT_SUBSCRIBERS", default=[])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- hall floor (hallfloor: tickets, calling, appointments, pre-review, lockers) ---
# A ticket called this many times without the applicant coming is recorded as a no-show (过号).
HALL_QUEUE_NO_SHOW_CALLS = env.int("HALL_QUEUE_NO_SHOW_CALLS", default=3)
# "还有 N 位轮到您": the notice goes out when this many people are ahead of a ticket with a phone.
HALL_QUEUE_NOTIFY_AHEAD = env.int("HALL_QUEUE_NOTIFY_AHEAD", default=3)
# Appointments a person (by ID number) may hold on one day, across all business areas.
HALL_QUEUE_APPOINTMENTS_PER_PERSON_DAY = env.int("HALL_QUEUE_APPOINTMENTS_PER_PERSON_DAY", default=2)
# Text messages to applicants: a class with send(*, phone, text); the default only logs them.
HALL_QUEUE_SMS_BACKEND = env("HALL_QUEUE_SMS_BACKEND", default="hallfloor.notify.LogBackend")
# The 24-hour file lockers' hardware driver: a class with open(number) and status(number).
HALL_QUEUE_LOCKER_DRIVER = env("HALL_QUEUE_LOCKER_DRIVER", default="hallfloor.drivers.SimulatedDriver")
# Key that seals phone numbers kept for notices (Fernet); derived from SECRET_KEY when empty.
HALL_QUEUE_SEAL_KEY = env("HALL_QUEUE_SEAL_KEY", default="")
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update(
    {
        "TicketStatusEnum": "hallfloor.constants.TicketStatus",
        "TicketChannelEnum": "hallfloor.constants.TicketChannel",
        "AppointmentStatusEnum": "hallfloor.constants.AppointmentStatus",
        "AppointmentChannelEnum": "hallfloor.constants.AppointmentChannel",
        # the case's own "channel" and "status" keep the names they had before the floor's
        "ChannelEnum": "approvals.constants.Channel",
        "StatusEnum": "approvals.constants.MaterialStatus",
    }
)
CELERY_BEAT_SCHEDULE["hallfloor-mark-missed-appointments"] = {
    "task": "hallfloor.mark_missed_appointments",
    "schedule": 600.0,
}
