"""What the benchmarks share: percentiles, SQL counting, a gunicorn server, a Celery worker,
HTTP clients that sign in without a password, a load loop, and the printed table.

Every benchmark module has a `main(ctx)` returning a list of `Figure`s; `benchmarks.run`
prepares the database and calls them in turn (`python -m benchmarks.run --help`).
"""

import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent
BENCH_USERS = ("desk", "reviewer", "chief", "delivery", "supervisor")


@dataclass
class Figure:
    """One printed row: a figure beside its reference from the same run."""

    name: str
    value: float
    unit: str
    reference_name: str
    reference: float | None
    sql: str = ""  # SQL statements (per lifecycle, per request, per run)
    higher_is_better: bool = False
    note: str = ""

    @property
    def ratio(self):
        if not self.reference or self.value is None:
            return None
        return self.value / self.reference


@dataclass
class Context:
    """What `benchmarks.run` hands to each benchmark."""

    database_url: str
    redis_url: str  # broker and cache of the servers the benchmarks start (a db of its own)
    quick: bool = False  # the smoke test: a few seconds per benchmark, no servers where avoidable
    seconds: float = 20.0  # how long each load phase runs


def percentile(samples, p):
    if not samples:
        return float("nan")
    ordered = sorted(samples)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def p50(samples):
    return statistics.median(samples) if samples else float("nan")


def timed_ms(func, repeat):
    """Milliseconds of `repeat` calls (after one warm-up call)."""
    func()
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        out.append((time.perf_counter() - started) * 1000)
    return out


@contextmanager
def count_queries():
    """Counts the SQL statements run in this process inside the block: `with count_queries() as n: …; n()`."""
    with count_statements() as counts:
        yield lambda: counts()[0]


@contextmanager
def count_statements():
    """Like count_queries, but `counts()` gives (all statements, of which transaction control:
    BEGIN, COMMIT, savepoints). Django counts BEGIN and COMMIT as statements since 4.2."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def control(sql):
        return sql.split(" ", 1)[0] in ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")

    with CaptureQueriesContext(connection) as captured:
        yield lambda: (
            len(captured.captured_queries),
            sum(control(q["sql"]) for q in captured.captured_queries),
        )


# --- servers ----------------------------------------------------------------------------------


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(ctx, **extra):
    """hall.settings as in production (DEBUG=0, PostgreSQL, Redis), minus TLS redirects (plain
    HTTP on 127.0.0.1) and the 2FA obligation (the benchmark signs staff in without a device)."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="hall.settings",
        DATABASE_URL=ctx.database_url,
        CELERY_BROKER_URL=ctx.redis_url,
        REDIS_URL=ctx.redis_url,
        DEBUG="0",
        SECRET_KEY=env.get("SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        SECURE_HSTS_SECONDS="0",
        HALL_2FA_ENFORCED="0",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


@contextmanager
def gunicorn(ctx, workers=4):
    """gunicorn hall.wsgi with `workers` sync workers on a free port; yields the base URL."""
    port = free_port()
    log = open(ROOT / "var" / "bench-gunicorn.log", "a")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "hall.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
        + ["--log-level", "warning", "--timeout", "120"],
        cwd=ROOT,
        env=server_env(ctx),
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_http(base + "/healthz", process)
        yield base
    finally:
        stop(process)
        log.close()


@contextmanager
def celery_worker(ctx, concurrency=2, include="benchmarks.probe"):
    """A real Celery worker (prefork, as in production) on the benchmark's Redis db."""
    log = open(ROOT / "var" / "bench-worker.log", "a")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [PYTHON, "-m", "celery", "-A", "hall", "worker", "--loglevel=WARNING", f"--concurrency={concurrency}"]
        + ["--include", include, "--without-gossip", "--without-mingle", "-n", f"bench{os.getpid()}@%h"],
        cwd=ROOT,
        env=server_env(ctx),
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    try:
        wait_worker(ctx, process)
        yield process
    finally:
        stop(process)
        log.close()


def wait_http(url, process, timeout=90):
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited ({process.returncode}); see var/bench-gunicorn.log")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer in {timeout} s")


def wait_worker(ctx, process, timeout=90):
    from benchmarks import probe

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"worker exited ({process.returncode}); see var/bench-worker.log")
        if probe.ping(ctx.redis_url, timeout=1.0):
            return
    raise RuntimeError(f"the worker did not answer in {timeout} s")


def stop(process):
    """SIGTERM the process we started: gunicorn's master and Celery's main process stop their
    own children once the work in hand is done (SIGTERM to the whole group killed the worker's
    pool processes in mid-task: "WorkerLostError" in the log). Its group is killed after 20 s."""
    if process.poll() is None:
        try:
            os.kill(process.pid, signal.SIGTERM)
            process.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            pass
    with suppress(ProcessLookupError):  # anything of its group still there (or all, after 20 s)
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


# --- signed-in clients ------------------------------------------------------------------------


def api_token(username):
    """A fresh API token (the endpoint wants a password and, for some roles, a one-time code)."""
    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token

    user = get_user_model().objects.get(username=username)
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user).key


def session_cookie(username):
    """A signed-in session as the browser would hold it (force_login writes it to the session store)."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}


def http_session(*, token=None, cookies=None):
    import requests

    session = requests.Session()
    if token:
        session.headers["Authorization"] = f"Token {token}"
    for name, value in (cookies or {}).items():
        session.cookies.set(name, value)
    session.headers["Accept-Language"] = "zh-hans"
    return session


def load(workers, seconds, job):
    """Run `job(worker_index, record)` in `workers` threads for `seconds`; `record(kind, ms)`
    keeps one latency sample. Returns {kind: [ms, …]} and the wall time."""
    samples, lock = {}, threading.Lock()
    stop_at = time.monotonic() + seconds
    errors = []

    def record(kind, ms):
        with lock:
            samples.setdefault(kind, []).append(ms)

    def run(index):
        try:
            while time.monotonic() < stop_at:
                job(index, record)
        except Exception as exc:  # reported once below; the other threads go on
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(workers)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return samples, time.monotonic() - started


def get_ms(session, url, record, kind, expect=200):
    started = time.perf_counter()
    response = session.get(url, timeout=60)
    ms = (time.perf_counter() - started) * 1000
    if response.status_code != expect:
        raise RuntimeError(f"GET {url}: {response.status_code} {response.text[:200]}")
    record(kind, ms)
    return response


# --- the table --------------------------------------------------------------------------------


def fmt(value, unit):
    if value is None:
        return "—"
    if isinstance(value, float) and value != value:
        return "n/a"
    if unit == "/s":
        return f"{value:,.2f}/s"
    return f"{value:,.1f} {unit}"


def print_table(figures, out=print):
    rows = [("measure", "figure", "reference (same run)", "ref. figure", "ratio", "SQL")]
    for f in figures:
        ratio = f.ratio
        rows.append(
            (
                f.name,
                fmt(f.value, f.unit),
                f.reference_name,
                fmt(f.reference, f.unit) if f.reference is not None else "—",
                f"{ratio:.3f}" if ratio is not None else "—",
                f.sql,
            )
        )
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    for n, row in enumerate(rows):
        out("  ".join(_pad(cell, widths[i]) for i, cell in enumerate(row)))
        if n == 0:
            out("  ".join("-" * w for w in widths))
    for f in figures:
        if f.note:
            out(f"* {f.name}: {f.note}")


def _width(text):
    # CJK characters take two columns in a terminal.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(text))


def _pad(text, width):
    return str(text) + " " * (width - _width(text))
