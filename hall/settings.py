"""Settings for the service hall, read from the environment (12-factor).

Embedded defaults (no variables set): a SQLite file and a filesystem Celery broker under
var/, so a fresh clone runs with no servers. Production sets DATABASE_URL (PostgreSQL),
CELERY_BROKER_URL and REDIS_URL (Redis), SECRET_KEY, ALLOWED_HOSTS and DEBUG=0.
"""

from pathlib import Path

import environ
from celery.schedules import crontab

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

# Hall apps in dependency order: evaluations, portal, stats, supervision, hallfloor, messaging -> approvals
# -> audit -> hall -> catalog.
HALL_APPS = [
    "catalog",
    "hall",
    "audit",
    "approvals",
    "messaging",
    "hallfloor",
    "supervision",
    "stats",
    "portal",
    "evaluations",
]

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
    "drf_spectacular_sidecar",
    "django_htmx",
    *HALL_APPS,
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "hall.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "hall.middleware.HallErrorPagesMiddleware",
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
# The home hall of this deployment (hall.models.Hall, code HALL_CODE): made from HALL_NAME and
# HALL_ADDRESS the first time it is needed; a single-hall deployment is a tree of this one hall.
HALL_CODE = env("HALL_CODE", default="home")
HALL_LEVEL = env("HALL_LEVEL", default="county")
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
    # Swagger UI from the project's own static files: government intranets have no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
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
        "MaterialStatusEnum": "approvals.constants.MaterialStatus",
        "FindingStatusEnum": "supervision.monitoring_models.FindingStatus",
        "FindingLevelEnum": "supervision.monitoring_models.FindingLevel",
        "FindingRuleEnum": "supervision.monitoring_models.RuleCode",
    },
}

# Celery: embedded filesystem broker by default (no server needed), Redis in production.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
# A queue of its own for a process set sharing a broker with others (the benchmark's worker).
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="celery")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = Path(env("CELERY_BROKER_DIR", default=str(VAR_DIR / "broker")))
    for _sub in ("queue", "processed", "control"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # The exchange tables (pidbox included) live with the broker, not in the checkout.
        "control_folder": str(_broker_dir / "control"),
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
    # 电子监察: time rules that fell due and cards due to escalate (supervision), every minute.
    "supervision-monitoring-sweep": {"task": "supervision.tasks.monitoring_sweep", "schedule": 60.0},
    # 专厅红黄绿: last week's standing of every department, kept every Monday at 00:10.
    "supervision-record-department-weeks": {
        "task": "supervision.tasks.record_department_weeks",
        "schedule": crontab(minute=10, hour=0, day_of_week=1),
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

# --- action table / OpenAPI schema ---
# Every operation declares the error answers it can give (400/401/403/404/409/413/429).
REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"] = "hall.api_schema.HallAutoSchema"
# --- messages to applicants (messaging) ---
# Channels the hall uses (in_app, sms, email); a channel also needs the applicant's address.
HALL_MESSAGE_CHANNELS = env.list("HALL_MESSAGE_CHANNELS", default=["in_app", "sms", "email"])
# SMS: "file" appends each SMS to HALL_SMS_FILE_PATH (the demo), "http" posts to a gateway
# (or a dotted path to a backend class with send(message)).
HALL_SMS_BACKEND = env("HALL_SMS_BACKEND", default="file")
HALL_SMS_FILE_PATH = env("HALL_SMS_FILE_PATH", default=str(VAR_DIR / "sms.log"))
HALL_SMS_GATEWAY_URL = env("HALL_SMS_GATEWAY_URL", default="")
HALL_SMS_GATEWAY_KEY = env("HALL_SMS_GATEWAY_KEY", default="")
HALL_SMS_SIGNATURE = env("HALL_SMS_SIGNATURE", default=HALL_NAME)  # 短信签名, shown as 【…】
HALL_SMS_GATEWAY_CONNECT_TIMEOUT = env.float("HALL_SMS_GATEWAY_CONNECT_TIMEOUT", default=3.0)
HALL_SMS_GATEWAY_READ_TIMEOUT = env.float("HALL_SMS_GATEWAY_READ_TIMEOUT", default=10.0)
# Retries of a temporary failure (timeout, outage, 5xx) after the first attempt, SMS and e-mail,
# waiting BACKOFF, 2×BACKOFF, 4×BACKOFF … seconds (at most BACKOFF_MAX); then recorded failed.
HALL_SMS_MAX_RETRIES = env.int("HALL_SMS_MAX_RETRIES", default=5)
HALL_SMS_RETRY_BACKOFF_SECONDS = env.float("HALL_SMS_RETRY_BACKOFF_SECONDS", default=30.0)
HALL_SMS_RETRY_BACKOFF_MAX_SECONDS = env.float("HALL_SMS_RETRY_BACKOFF_MAX_SECONDS", default=1800.0)
# The beat backstop re-enqueues messages left pending this long after they were due.
HALL_MESSAGES_SWEEP_GRACE_SECONDS = env.float("HALL_MESSAGES_SWEEP_GRACE_SECONDS", default=60.0)
CELERY_BEAT_SCHEDULE["messaging-sweep-pending-messages"] = {
    "task": "messaging.sweep_pending_messages",
    "schedule": env.float("HALL_MESSAGES_SWEEP_SECONDS", default=60.0),
}
# E-mail: Django's backend; by default written as files under var/mail/ (set SMTP in production).
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="noreply@zwfw.example.gov.cn")
# --- security audit log, database roles and encryption at rest (issue 20) ---
# Security audit rows older than this are archived (JSON lines) and purged by beat; the law
# (网络安全法 Art. 21) asks for at least six months, so less than 180 days is refused.
HALL_AUDIT_RETENTION_DAYS = env.int("HALL_AUDIT_RETENTION_DAYS", default=185)
HALL_AUDIT_ARCHIVE_DIR = env.path("HALL_AUDIT_ARCHIVE_DIR", default=str(VAR_DIR / "audit-archive"))
HALL_AUDIT_PURGE_HOURS = env.float("HALL_AUDIT_PURGE_HOURS", default=24.0)
CELERY_BEAT_SCHEDULE["audit-archive-and-purge"] = {
    "task": "audit.archive_and_purge",
    "schedule": HALL_AUDIT_PURGE_HOURS * 3600,
}
# How often beat re-verifies both hash chains (the admin shows the last result); 0 turns it off.
HALL_AUDIT_VERIFY_HOURS = env.float("HALL_AUDIT_VERIFY_HOURS", default=24.0)
if HALL_AUDIT_VERIFY_HOURS > 0:
    CELERY_BEAT_SCHEDULE["audit-verify-chains"] = {
        "task": "audit.verify_chains",
        "schedule": HALL_AUDIT_VERIFY_HOURS * 3600,
    }
# Encryption at rest of ID numbers and phones (Fernet keys, comma-separated; the first
# encrypts, all decrypt). Make one with:
#   python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'
# The defaults are for local runs only; production must set both.
HALL_FIELD_KEYS = env.list("HALL_FIELD_KEYS", default=["ZGV2LW9ubHktZmllbGQta2V5LWNoYW5nZS1tZS0wMDA="])
HALL_BLIND_INDEX_KEY = env("HALL_BLIND_INDEX_KEY", default="dev-only-blind-index-key-change-me")
# PostgreSQL: the role the application connects as (created by `manage.py create_app_role`,
# run with the owner's DATABASE_URL after migrate); empty on SQLite.
HALL_APP_DB_ROLE = env("HALL_APP_DB_ROLE", default="hall_app")
# Model signals (role and permission changes) learn the acting user and address from here.
MIDDLEWARE.append("audit.middleware.AuditRequestMiddleware")
# --- evaluations (好差评, complaints, 最难办事科室) ---
# Working days a department has to rectify a 差评 (Dezhou 5, Sichuan 15).
EVALUATIONS_RECTIFY_DAYS = env.int("EVALUATIONS_RECTIFY_DAYS", default=5)
# Yellow from this many working days before a rectification deadline.
EVALUATIONS_RECTIFY_WARN_DAYS = env.int("EVALUATIONS_RECTIFY_WARN_DAYS", default=2)
# Complaints are answered the same working day; yellow this many hours before its close.
EVALUATIONS_COMPLAINT_WARN_HOURS = env.int("EVALUATIONS_COMPLAINT_WARN_HOURS", default=3)
# How long a delivered case may be rated online / by the SMS link (days).
EVALUATIONS_ONLINE_RATING_DAYS = env.int("EVALUATIONS_ONLINE_RATING_DAYS", default=30)
# A window occasion the clerk pushed to the pad expires after this many minutes.
EVALUATIONS_PAD_MINUTES = env.int("EVALUATIONS_PAD_MINUTES", default=15)
# Key of the hashes of phones/IDs (ballots, complaints); defaults to SECRET_KEY.
EVALUATIONS_HASH_KEY = env("EVALUATIONS_HASH_KEY", default="")
# Absolute base of SMS rating links (e.g. https://zwfw.example.gov.cn); empty: a path only.
EVALUATIONS_PUBLIC_BASE_URL = env("EVALUATIONS_PUBLIC_BASE_URL", default="")
CELERY_BEAT_SCHEDULE["evaluations-sweep-ticket-notices"] = {
    "task": "evaluations.sweep_ticket_notices",
    "schedule": env.float("EVALUATIONS_SWEEP_SECONDS", default=60.0),
}
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update(
    {
        "CaseChannelEnum": "approvals.constants.Channel",
        "RatingChannelEnum": "evaluations.constants.RatingChannel",
        "RatingScoreEnum": "evaluations.constants.Score",
        "OccasionKindEnum": "evaluations.constants.OccasionKind",
        "TicketKindEnum": "evaluations.constants.TicketKind",
        "TicketStateEnum": "evaluations.constants.TicketState",
        "ComplaintSourceEnum": "evaluations.constants.ComplaintSource",
    }
)
# --- faults: hostile input and failed writes (issue 21) ---
# Refused at the edge, before any view: an oversized body by its Content-Length (413), then a
# control character (NUL…) in the path (404), the query string, a form field or a JSON body (400).
_after_auth = MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1
MIDDLEWARE[_after_auth:_after_auth] = [
    "hall.input_guards.UploadSizeMiddleware",
    "hall.input_guards.ControlCharacterMiddleware",
]
# Stored file names are made safe and short (a 300-character Chinese name is too long for a
# file system); replacements keep the old file until the new one is committed (hall.storage).
STORAGES["default"]["BACKEND"] = "hall.storage.HallFileSystemStorage"
# Decompression bombs: the most pixels an uploaded image may have (Pillow's own limit by
# default) and how far the Flate streams of an uploaded PDF may expand, together, in bytes.
HALL_UPLOAD_MAX_PIXELS = env.int("HALL_UPLOAD_MAX_PIXELS", default=89_478_485)
HALL_UPLOAD_MAX_PDF_EXPANDED_BYTES = env.int("HALL_UPLOAD_MAX_PDF_EXPANDED_BYTES", default=100 * 1024 * 1024)
# --- Sign-in security (等保 2.0 level 3: lockout, 2FA, passwords, sessions, headers) ---
# App `accounts`; events go out on hall.security_signals.security_event for the audit log.
from datetime import timedelta  # noqa: E402

from csp.constants import NONE, SELF  # noqa: E402

HALL_APPS.append("accounts")
INSTALLED_APPS += [
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "accounts",
]
# Reverse proxies we run (addresses or networks, comma-separated). Only hops they add to
# X-Forwarded-For are believed; with none set, the header is ignored and REMOTE_ADDR counts.
HALL_TRUSTED_PROXIES = env.list("HALL_TRUSTED_PROXIES", default=[])

# Lockout (django-axes, counters in the database so every process shares them): N failures
# within M minutes, per account and, separately, per client address; unlock by an admin.
HALL_LOCKOUT_FAILURES = env.int("HALL_LOCKOUT_FAILURES", default=5)
HALL_LOCKOUT_MINUTES = env.int("HALL_LOCKOUT_MINUTES", default=15)
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = HALL_LOCKOUT_FAILURES
AXES_COOLOFF_TIME = timedelta(minutes=HALL_LOCKOUT_MINUTES)
# Each entry counts on its own: an account from any address, and an address for any account.
# A hall whose window PCs share one NAT address may drop "ip_address" (or trust its proxy).
AXES_LOCKOUT_PARAMETERS = env.list("HALL_LOCKOUT_PARAMETERS", default=["username", "ip_address"])
AXES_CLIENT_IP_CALLABLE = "hall.client_ip.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # successful sign-ins are the audit log's to keep
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False

# Two-factor sign-in (django-otp, TOTP + recovery codes): required for hall admins,
# superusers and supervisors; HALL_2FA_REQUIRED_FOR_ALL_STAFF=1 extends it to every staff
# role. HALL_2FA_ENFORCED=0 switches the obligation off (staff who enrolled still use it).
HALL_2FA_ENFORCED = env.bool("HALL_2FA_ENFORCED", default=True)
HALL_2FA_REQUIRED_FOR_ALL_STAFF = env.bool("HALL_2FA_REQUIRED_FOR_ALL_STAFF", default=False)
OTP_TOTP_ISSUER = HALL_NAME

# Passwords: length, 3 of 4 character classes, not the username, not a common one; staff
# change theirs every N days (0: never), warned W days before.
HALL_PASSWORD_MIN_LENGTH = env.int("HALL_PASSWORD_MIN_LENGTH", default=12)
HALL_PASSWORD_MIN_CLASSES = env.int("HALL_PASSWORD_MIN_CLASSES", default=3)
HALL_PASSWORD_MAX_AGE_DAYS = env.int("HALL_PASSWORD_MAX_AGE_DAYS", default=90)
HALL_PASSWORD_WARN_DAYS = env.int("HALL_PASSWORD_WARN_DAYS", default=14)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": HALL_PASSWORD_MIN_LENGTH},
    },
    {
        "NAME": "accounts.password_validation.CharacterClassesValidator",
        "OPTIONS": {"min_classes": HALL_PASSWORD_MIN_CLASSES},
    },
    {"NAME": "accounts.password_validation.UsernameNotContainedValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.password_validation.PasswordAgeRecorder"},
]

# Sessions and tokens: staff signed out after N seconds idle (warned W seconds before);
# API tokens expire T seconds after issue and are revoked on logout.
HALL_IDLE_TIMEOUT_SECONDS = env.int("HALL_IDLE_TIMEOUT_SECONDS", default=30 * 60)
HALL_IDLE_WARNING_SECONDS = env.int("HALL_IDLE_WARNING_SECONDS", default=120)
HALL_API_TOKEN_LIFETIME_SECONDS = env.int("HALL_API_TOKEN_LIFETIME_SECONDS", default=8 * 60 * 60)
# A token's look-up (token, user, staff profile) is remembered in the cache this long, so a busy
# client's requests skip that query; any change to what it read drops it at once (0: no cache).
HALL_API_TOKEN_CACHE_SECONDS = env.int("HALL_API_TOKEN_CACHE_SECONDS", default=60)
REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"] = [
    "accounts.authentication.ExpiringTokenAuthentication",
    "rest_framework.authentication.SessionAuthentication",
]
# Throttles count by the address hall.client_ip resolves (DRF's own trusts any X-Forwarded-For).
REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] = ["hall.throttling.ProxyAwareScopedRateThrottle"]
TEMPLATES[0]["OPTIONS"]["context_processors"].append("accounts.context_processors.idle_logout")

# Headers: a Content-Security-Policy with no inline scripts, a Permissions-Policy, and
# Cache-Control: no-store on every response to a signed-in user and on these public paths
# that show case data.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
HALL_PERMISSIONS_POLICY = env(
    "HALL_PERMISSIONS_POLICY",
    default="camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), "
    "display-capture=(), fullscreen=(self)",
)
HALL_NO_STORE_PATHS = ("/api/", "/online/", "/workbench/", "/board/", "/admin/", "/accounts/", "/notifications/")

MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, "csp.middleware.CSPMiddleware")
# After the messages middleware: the sign-in rules tell the user why they were sent elsewhere.
_messages_mw = MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware")
MIDDLEWARE[_messages_mw + 1 : _messages_mw + 1] = [
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.IdleTimeoutMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "accounts.middleware.SecurityHeadersMiddleware",
]
MIDDLEWARE.append("axes.middleware.AxesMiddleware")
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
    }
)
CELERY_BEAT_SCHEDULE["hallfloor-mark-missed-appointments"] = {
    "task": "hallfloor.mark_missed_appointments",
    "schedule": 600.0,
}
# --- Several web hosts: uploaded files in S3-compatible object storage (hall.storage_s3) ---
# With a bucket named, case materials and results go to MinIO / OSS / OBS / S3, so every web
# host reads what any other stored; without one the local file system stays the default.
HALL_S3_BUCKET = env("HALL_S3_BUCKET", default="")
if HALL_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "hall.storage_s3.HallS3Storage",
        "OPTIONS": {
            "bucket_name": HALL_S3_BUCKET,
            "endpoint_url": env("HALL_S3_ENDPOINT_URL", default="") or None,
            "access_key": env("HALL_S3_ACCESS_KEY", default="") or None,
            "secret_key": env("HALL_S3_SECRET_KEY", default="") or None,
            "region_name": env("HALL_S3_REGION", default="") or None,
            "location": env("HALL_S3_PREFIX", default=""),
            # MinIO and most private clouds address buckets by path, not by host name.
            "addressing_style": env("HALL_S3_ADDRESSING_STYLE", default="path"),
        },
    }
# --- A PostgreSQL read replica for the board, statistics and long lists (hall.replica) ---
# Those pages read from the replica unless the user wrote within the lag window
# (read-your-writes); writes and every other read use the primary.
if env("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
HALL_READ_REPLICA = "replica" in DATABASES
HALL_REPLICA_LAG_SECONDS = env.int("HALL_REPLICA_LAG_SECONDS", default=10)
DATABASE_ROUTERS = ["hall.replica.ReplicaRouter"]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "hall.replica.RecentWriterMiddleware",
)
# --- Draining a backlog (issue 22): the beat sweeps handle one batch themselves and hand the
# rest (up to the backlog limit) to every worker in batches, instead of 500 per beat.
HALL_SWEEP_BATCH_SIZE = env.int("HALL_SWEEP_BATCH_SIZE", default=500)
# A deemed-acceptance countdown task accepts, in one transaction, up to this many cases that fell
# due with its own (a dispatch batch ends its windows together); two workers split a crowd.
HALL_DEEM_BATCH_SIZE = env.int("HALL_DEEM_BATCH_SIZE", default=100)
HALL_SWEEP_BACKLOG_LIMIT = env.int("HALL_SWEEP_BACKLOG_LIMIT", default=50_000)
# --- front office: 首问负责/导询台, 窗口无权否决, 平台对话框, 前台受理文件袋 (frontoffice) ---
HALL_APPS.append("frontoffice")
INSTALLED_APPS.append("frontoffice")
# 窗口无权否决: a window's 不予受理, and a one-time notice beyond the second round, wait for the
# department chief's (or a hall supervisor's) confirmation before they reach the applicant.
HALL_WINDOW_NO_VETO = env.bool("HALL_WINDOW_NO_VETO", default=False)
# The confirmation's short clock, in minutes of working days (yellow at two thirds of it).
HALL_CONFIRMATION_MINUTES = env.int("HALL_CONFIRMATION_MINUTES", default=120)
# A paper bag's next handover is missing (shown on the supervisor board) after this many minutes.
HALL_BAG_HANDOVER_MINUTES = env.int("HALL_BAG_HANDOVER_MINUTES", default=240)
# How often an open case conversation asks for new messages (htmx polling), in seconds.
HALL_THREAD_POLL_SECONDS = env.int("HALL_THREAD_POLL_SECONDS", default=3)
CELERY_BEAT_SCHEDULE["frontoffice-sweep-due"] = {"task": "frontoffice.sweep_due", "schedule": 60.0}
# --- front-office counter practices (fees, batches, keyaccounts, homevisits; issue 23) ---
for _app in ("fees", "batches", "keyaccounts", "homevisits"):
    HALL_APPS.append(_app)
    INSTALLED_APPS.append(_app)
# 一个窗口收费: online payments go through this provider (a class with create/query/refund).
HALL_FEES_PAYMENT_PROVIDER = env("HALL_FEES_PAYMENT_PROVIDER", default="fees.providers.DemoProvider")
# The HTTP provider's endpoint and shared signing key (fees.providers.HttpProvider).
HALL_FEES_PAYMENT_URL = env("HALL_FEES_PAYMENT_URL", default="")
HALL_FEES_PAYMENT_KEY = env("HALL_FEES_PAYMENT_KEY", default="")
HALL_FEES_PAYMENT_TIMEOUT = env.float("HALL_FEES_PAYMENT_TIMEOUT", default=10.0)
# 批量受理: at most this many rows in one spreadsheet.
HALL_BATCH_MAX_ROWS = env.int("HALL_BATCH_MAX_ROWS", default=500)
# 上门办: working days from the request to the visit; yellow this many working days before.
HALL_HOMEVISIT_DAYS = env.int("HALL_HOMEVISIT_DAYS", default=3)
HALL_HOMEVISIT_WARN_DAYS = env.int("HALL_HOMEVISIT_WARN_DAYS", default=1)
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update(
    {
        "FeePaymentMethodEnum": "fees.constants.PaymentMethod",
        "FollowUpMethodEnum": "keyaccounts.constants.FollowUpMethod",
        "BatchSourceEnum": "batches.constants.BatchSource",
    }
)
CELERY_BEAT_SCHEDULE["homevisits-sweep-overdue"] = {"task": "homevisits.sweep_overdue", "schedule": 60.0}
# --- 审管互动: handoffs to regulators, joint reviews, threads, webhooks (regulators) ---
HALL_APPS.append("regulators")
INSTALLED_APPS.append("regulators")
# Working days a regulator has to acknowledge (签收) a handoff, and the yellow lead before it.
REGULATORS_ACK_DAYS = env.int("REGULATORS_ACK_DAYS", default=1)
REGULATORS_ACK_WARN_DAYS = env.int("REGULATORS_ACK_WARN_DAYS", default=1)
# Working days to acknowledge a change notice / answer a request back or a consultation.
REGULATORS_THREAD_DAYS = env.int("REGULATORS_THREAD_DAYS", default=5)
# Case-event actions that push a decided case again, and as what (revocation/change). The
# commitments app's revocation (or any later "result revoked/changed" action) is picked up by
# adding its action slug here; regulators.services.handoffs.handoff_repush can also be called.
REGULATORS_REPUSH_ACTIONS = {
    "revoke": "revocation",
    "revoke-result": "revocation",
    "result-revoke": "revocation",
    "result-revoked": "revocation",
    "cancel-result": "revocation",
    "change-result": "change",
    "result-change": "change",
    "result-changed": "change",
}
# The signed webhook to regulators' own systems: a class with post(*, url, body, headers)
# returning the HTTP status code ("regulators.webhooks.HttpTransport" posts with requests;
# "regulators.webhooks.LogTransport" only logs, for the demo).
REGULATORS_WEBHOOK_TRANSPORT = env("REGULATORS_WEBHOOK_TRANSPORT", default="regulators.webhooks.LogTransport")
REGULATORS_WEBHOOK_TIMEOUT = env.float("REGULATORS_WEBHOOK_TIMEOUT", default=5.0)
REGULATORS_WEBHOOK_MAX_ATTEMPTS = env.int("REGULATORS_WEBHOOK_MAX_ATTEMPTS", default=6)
REGULATORS_WEBHOOK_BACKOFF_SECONDS = env.int("REGULATORS_WEBHOOK_BACKOFF_SECONDS", default=30)
CELERY_BEAT_SCHEDULE["regulators-sweep"] = {
    "task": "regulators.sweep",
    "schedule": env.float("REGULATORS_SWEEP_SECONDS", default=60.0),
}
# --- 告知承诺 and 容缺受理 with the credit loop (commitments) ---
HALL_APPS.append("commitments")
INSTALLED_APPS.append("commitments")
# A listed applicant (失信名单) may not choose the commitment route for this many years.
HALL_COMMITMENT_BAR_YEARS = env.int("HALL_COMMITMENT_BAR_YEARS", default=2)
# 失信名单 公示期 (working days) before a listing is final.
HALL_COMMITMENT_PUBLICITY_DAYS = env.int("HALL_COMMITMENT_PUBLICITY_DAYS", default=5)
# Reminders, due rectifications and overdue commitments: the beat backstop of the countdown tasks.
HALL_COMMITMENT_SWEEP_SECONDS = env.float("HALL_COMMITMENT_SWEEP_SECONDS", default=60.0)
# Countdown tasks are enqueued only for due times this close (longer waits are the sweep's).
HALL_COMMITMENT_COUNTDOWN_MAX_SECONDS = env.int("HALL_COMMITMENT_COUNTDOWN_MAX_SECONDS", default=86400)
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update(
    {
        "CommitmentStatusEnum": "commitments.constants.CommitmentStatus",
        "CommitmentKindEnum": "commitments.constants.CommitmentKind",
        "SignedViaEnum": "commitments.constants.SignedVia",
        "RectificationStatusEnum": "commitments.constants.RectificationStatus",
        "ListingStatusEnum": "commitments.constants.ListingStatus",
    }
)
CELERY_BEAT_SCHEDULE["commitments-sweep"] = {
    "task": "commitments.sweep",
    "schedule": HALL_COMMITMENT_SWEEP_SECONDS,
}
# --- 一件事 applications (chains) ---
HALL_APPS.append("chains")
INSTALLED_APPS.append("chains")
# Chain warnings (yellow/red, once per level): fast path on commit, this sweep as the backstop.
CELERY_BEAT_SCHEDULE["chains-sweep-warnings"] = {"task": "chains.sweep_warnings", "schedule": 60.0}
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update(
    {
        "ChainApplicationStateEnum": "chains.constants.ApplicationState",
        "ChainRunStateEnum": "chains.constants.RunState",
        "ChainNoticeKindEnum": "chains.constants.NoticeKind",
    }
)
# --- 帮办代办 and 项目管家 (projects: agents, authorisations, help requests, projects, the 一卡通 card) ---
HALL_APPS.append("projects")
INSTALLED_APPS.append("projects")
# A help request (帮办代办) must have an agent assigned by the close of this many working days.
HALL_HELP_ASSIGN_WORKING_DAYS = env.int("HALL_HELP_ASSIGN_WORKING_DAYS", default=1)
# Default period of an authorisation (委托书) drawn up when an agent is assigned, in calendar days.
HALL_AUTHORISATION_DAYS = env.int("HALL_AUTHORISATION_DAYS", default=90)
# Projects of at least this total investment (万元) need a leading official (领班管家); ¥100M by default.
HALL_PROJECT_LEAD_AMOUNT = env.int("HALL_PROJECT_LEAD_AMOUNT", default=10000)
# A 一卡通 node turns yellow this many working days before its target date.
HALL_NODE_WARN_WORKING_DAYS = env.int("HALL_NODE_WARN_WORKING_DAYS", default=5)
CELERY_BEAT_SCHEDULE["projects-sweep-overdue-help-requests"] = {
    "task": "projects.sweep_overdue_help_requests",
    "schedule": env.float("HALL_HELP_SWEEP_SECONDS", default=60.0),
}
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update(
    {
        "AgentLevelEnum": "projects.constants.AgentLevel",
        "AuthorisationScopeEnum": "projects.constants.AuthorisationScope",
        "AuthorisationMethodEnum": "projects.constants.AuthorisationMethod",
        "AuthorisationStateEnum": "projects.constants.AuthorisationState",
        "HelpKindEnum": "projects.constants.HelpKind",
        "HelpChannelEnum": "projects.constants.HelpChannel",
        "HelpStateEnum": "projects.constants.HelpState",
        "ProjectCategoryEnum": "projects.constants.ProjectCategory",
        "ProjectStateEnum": "projects.constants.ProjectState",
        "NodeKindEnum": "projects.constants.NodeKind",
        "NodeStateEnum": "projects.constants.NodeState",
    }
)
# --- Between the halls of the network: paper 流转 and 跨域通办 (network; issue 19) ---
HALL_APPS.append("network")
INSTALLED_APPS.append("network")
# Paper originals to the deciding hall and results back to the receiving hall must arrive by the
# close of this many working days after the need arises (yellow from the start of the due day).
HALL_TRANSFER_WORKING_DAYS = env.int("HALL_TRANSFER_WORKING_DAYS", default=1)
# The overdue reminder: a countdown task on commit when due this soon (a leg of one working day is
# due in up to ~4 days over a weekend), the beat sweep always; a duplicate run does nothing.
HALL_TRANSFER_COUNTDOWN_MAX_SECONDS = env.int("HALL_TRANSFER_COUNTDOWN_MAX_SECONDS", default=4 * 86400)
CELERY_BEAT_SCHEDULE["network-sweep-overdue-transfers"] = {
    "task": "network.sweep_overdue",
    "schedule": env.float("HALL_TRANSFER_SWEEP_SECONDS", default=60.0),
}
# 跨域通办: the client that hands a case to another city's platform. "network.crossregion.LogClient"
# (the demo: one JSON line per handoff in HALL_CROSS_REGION_LOG_PATH) or
# "network.crossregion.HttpClient" (HMAC-signed JSON POST to HALL_CROSS_REGION_URL; docs/cross_region.md).
HALL_CROSS_REGION_CLIENT = env("HALL_CROSS_REGION_CLIENT", default="network.crossregion.LogClient")
HALL_CROSS_REGION_LOG_PATH = env("HALL_CROSS_REGION_LOG_PATH", default=str(VAR_DIR / "cross_region.log"))
HALL_CROSS_REGION_URL = env("HALL_CROSS_REGION_URL", default="")
HALL_CROSS_REGION_KEY = env("HALL_CROSS_REGION_KEY", default="")
HALL_CROSS_REGION_PLATFORM_ID = env("HALL_CROSS_REGION_PLATFORM_ID", default="")  # our id at the partner
HALL_CROSS_REGION_TIMEOUT = env.float("HALL_CROSS_REGION_TIMEOUT", default=10.0)
# Tries of one handoff inside one send (timeouts, refused connections, 429 and 5xx), backoff doubled.
HALL_CROSS_REGION_MAX_ATTEMPTS = env.int("HALL_CROSS_REGION_MAX_ATTEMPTS", default=3)
HALL_CROSS_REGION_BACKOFF_SECONDS = env.float("HALL_CROSS_REGION_BACKOFF_SECONDS", default=1.0)
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update(
    {
        "TransferKindEnum": "network.constants.TransferKind",
        "TransferStatusEnum": "network.constants.TransferStatus",
        "HallLevelEnum": "hall.constants.HallLevel",
    }
)
