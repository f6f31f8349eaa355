"""Fixtures shared by every test package.

`celery_worker` starts a real `celery -A hall worker` process (with embedded beat when
asked) on the same broker and test database as the test, never eager mode: eager mode
ignores countdowns, and countdowns are what the 10-minute rule is made of.
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


class CeleryWorker:
    """A worker process the test can stop and start again (to prove the sweep catches up)."""

    def __init__(self, *, beat, extra_env):
        self.beat = beat
        self.extra_env = extra_env
        self.process = None
        self.log_path = Path(settings.CELERY_BEAT_SCHEDULE_FILENAME).with_name(f"worker-{time.time_ns()}.log")

    def start(self):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "hall.settings_test",
            "HALL_TEST_DATABASE_NAME": str(connection.settings_dict["NAME"]),
            **self.extra_env,
        }
        cmd = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "hall",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            f"test-{os.getpid()}-{time.time_ns()}@%h",
        ]
        if self.beat:
            cmd += [
                "--beat",
                "--schedule",
                str(Path(settings.CELERY_BEAT_SCHEDULE_FILENAME).with_suffix(f".{time.time_ns()}")),
            ]
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = self.log_path.open("ab")
        # Its own process group, so stop() can reach the embedded beat child as well.
        self.process = subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self._wait_ready()
        return self

    def _wait_ready(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Celery worker exited early:\n{self.log()}")
            if "ready." in self.log():
                return
            time.sleep(0.2)
        raise RuntimeError(f"Celery worker not ready after {timeout}s:\n{self.log()}")

    def log(self):
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""

    def stop(self, *, kill=False):
        """Stop the worker and everything it forked (the embedded beat is a child process:
        killing only the parent would leave beat running, orphaned, after the test)."""
        if self.process and self.process.poll() is None:
            self._signal_group(signal.SIGKILL if kill else signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self._signal_group(signal.SIGKILL)
                self.process.wait()
        if self.process:
            self._signal_group(signal.SIGKILL)  # any child still alive
        if getattr(self, "_log", None):
            self._log.close()

    def _signal_group(self, sig):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, sig)


def _purge_broker():
    from hall.celery import app

    app.control.purge()


@pytest.fixture
def celery_worker_factory(transactional_db, settings):
    """Make worker processes; all are stopped at the end of the test."""
    workers = []

    def make(*, beat=False, start=True, **extra_env):
        worker = CeleryWorker(beat=beat, extra_env={k: str(v) for k, v in extra_env.items()})
        workers.append(worker)
        return worker.start() if start else worker

    _purge_broker()
    yield make
    for worker in workers:
        worker.stop()


@pytest.fixture
def celery_worker(celery_worker_factory):
    return celery_worker_factory()


@pytest.fixture(autouse=True)
def _forget_work_calendar_cache():
    """The clock caches the work calendar per process; a test's calendar rows are rolled
    back at its end, so no test may see another's cached calendar."""
    from catalog import clock

    clock.invalidate_cache()
    yield
    clock.invalidate_cache()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle counters and rate limits live in the cache; each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield


def pytest_collection_modifyitems(items):
    # A test with a real Celery worker shares the broker with every other such test, so
    # `make test` runs them one at a time, after the parallel part (scripts/test.sh).
    for item in items:
        if "celery_worker_factory" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.worker)
