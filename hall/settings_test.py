"""Settings for the test suite: production settings minus what slows tests down.

The database, broker and Redis still come from the environment, so CI runs the same
suite on the embedded defaults and on PostgreSQL + Redis. Each test run gets its own test
database, broker folder and beat file (named by the pytest process id) so parallel runs
never share state; a Celery worker started by a test inherits them through the
environment (HALL_TEST_RUN_ID, HALL_TEST_DATABASE_NAME).
"""

import os
from pathlib import Path

_VAR = Path(__file__).resolve().parent.parent / "var"
_RUN_ID = os.environ.setdefault("HALL_TEST_RUN_ID", str(os.getpid()))
os.environ.setdefault("CELERY_BROKER_DIR", str(_VAR / "test-runs" / _RUN_ID / "broker"))
os.environ.setdefault("CELERY_BEAT_SCHEDULE_FILENAME", str(_VAR / "test-runs" / _RUN_ID / "celerybeat-schedule"))

from .settings import *  # noqa: E402,F403
from .settings import DATABASES, STORAGES  # noqa: E402

_db = DATABASES["default"]
if _db["ENGINE"].endswith("sqlite3"):
    _db["TEST"] = {"NAME": str(_VAR / "test-runs" / _RUN_ID / "test.sqlite3")}
else:
    _db["TEST"] = {"NAME": f"test_{_db['NAME']}_{_RUN_ID}"}
    # The append-only log tables refuse TRUNCATE; only the tests' flush between
    # transactional tests may empty them (audit and approvals migrations check this flag).
    _db.setdefault("OPTIONS", {})["options"] = "-c hall.allow_truncate=on"
# A worker process started by a test points its default database at the test database.
if os.environ.get("HALL_TEST_DATABASE_NAME"):
    _db["NAME"] = os.environ["HALL_TEST_DATABASE_NAME"]

# Under pytest-xdist each worker has its own cache database: the tests clear the cache
# between tests (FLUSHDB), which must not wipe another worker's throttle counters.
_XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if _XDIST_WORKER[2:].isdigit() and int(_XDIST_WORKER[2:]) and CACHES["default"]["BACKEND"].endswith("RedisCache"):  # noqa: F405
    from urllib.parse import urlsplit, urlunsplit

    _url = urlsplit(CACHES["default"]["LOCATION"])  # noqa: F405
    _number = int(_url.path.strip("/") or 0)
    # gw0 keeps the configured database; the others count down below it and the broker's.
    _path = f"/{(_number - 2 - int(_XDIST_WORKER[2:])) % 16}"
    CACHES["default"]["LOCATION"] = urlunsplit(_url._replace(path=_path))  # noqa: F405

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
MEDIA_ROOT = str(_VAR / "test-runs" / _RUN_ID / "media")
# Existing tests sign staff in with force_login (no second factor); the tests of two-factor
# sign-in (tests/accounts) switch the obligation on. Enrolled users still need a code.
HALL_2FA_ENFORCED = False
# A second alias for the read-replica routing tests: a mirror of the test database. The
# router sends nothing there unless a test switches HALL_READ_REPLICA on.
DATABASES["replica"] = {**_db, "TEST": {"MIRROR": "default"}}
HALL_READ_REPLICA = False
