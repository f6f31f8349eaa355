"""Redis restarts while a worker holds countdown tasks (issue 21, item 2).

The worker used to exit with `CRITICAL Unrecoverable error: AttributeError("'NoneType' object has
no attribute 'hostname'")` while restoring its unacknowledged messages, and nobody accepted
anything until a person restarted it. The test starts its own redis-server on a free port
(never the shared one), a real worker with embedded beat on it, dispatches several cases with
a short acknowledgement window, restarts that redis-server while the worker holds their
countdown tasks, and checks every case is deemed accepted exactly once, at `auto_accept_at`,
by a worker that is still running.
"""

import re
import shutil
import socket
import subprocess
import time

import pytest

from approvals import services as s
from approvals.constants import CaseState
from approvals.models import Case, CaseEvent
from tests.factories import Cast, applicant_data, make_department, make_item, receive_all_materials

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server"),
]
WINDOW = 8  # seconds: long enough to restart Redis while every countdown is still pending
CASES = 3


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class OwnRedis:
    """A redis-server of the test's own, persisted like production (appendonly), restartable."""

    def __init__(self, folder):
        self.folder = folder
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.folder),
                "--appendonly",
                "yes",
                "--save",
                "",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return self
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def restart(self, down_for=1.0):
        self.stop()
        time.sleep(down_for)
        self.start()


@pytest.fixture
def own_redis(tmp_path):
    server = OwnRedis(tmp_path).start()
    yield server
    server.stop()


@pytest.fixture
def publish_to_own_redis(own_redis, monkeypatch):
    """Point this test process's Celery app (what dispatch enqueues with) at the test's Redis."""
    from hall.celery import app

    # Saved before the environment changes: Celery reads the variable before its configuration,
    # so reading the URL afterwards would "restore" this test's own (soon stopped) Redis.
    saved = app.conf.broker_url, app.conf.broker_transport_options
    monkeypatch.setenv("CELERY_BROKER_URL", own_redis.url)

    def forget_connections():
        # kombu keeps one pool per broker URL for the process; forgetting the app's reference
        # is enough to make it pick the pool of the URL configured now (closing it would leave
        # a closed pool in kombu's registry for the next test).
        app._pool = None
        app.amqp._producer_pool = None

    forget_connections()
    app.conf.broker_url, app.conf.broker_transport_options = own_redis.url, {}
    yield own_redis
    forget_connections()
    app.conf.broker_url, app.conf.broker_transport_options = saved


def _held(worker):
    return len(re.findall(r"approvals\.deem_accepted\[[-0-9a-f]+\] received", worker.log()))


def _dispatch(item, cast):
    case = s.case_create(item=item, channel="window", applicant=applicant_data(), by=cast.desk)
    receive_all_materials(case, by=cast.desk)
    return s.case_dispatch(case=case, by=cast.desk)  # commits: the countdown task is sent


def test_a_redis_restart_under_held_countdowns_still_accepts_every_case_once(
    publish_to_own_redis, celery_worker_factory, settings
):
    redis = publish_to_own_redis
    settings.HALL_AUTO_ACCEPT_SECONDS = WINDOW
    worker = celery_worker_factory(
        beat=True,
        CELERY_BROKER_URL=redis.url,
        HALL_AUTO_ACCEPT_SECONDS=WINDOW,
        HALL_ACCEPTANCE_SWEEP_SECONDS=2,
    )
    dept = make_department(code="scjg")
    cast, item = Cast(dept), make_item(department=dept)
    cases = [_dispatch(item, cast) for _ in range(CASES)]

    # The worker holds every countdown (received, not yet due) ...
    deadline = time.monotonic() + 20
    while _held(worker) < CASES and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _held(worker) >= CASES, worker.log()
    assert not Case.objects.filter(pk__in=[c.pk for c in cases], state=CaseState.IN_REVIEW).exists()
    # ... when Redis goes away and comes back.
    redis.restart()

    deadline = time.monotonic() + WINDOW + 40
    while time.monotonic() < deadline:
        if Case.objects.filter(pk__in=[c.pk for c in cases], state=CaseState.IN_REVIEW).count() == CASES:
            break
        time.sleep(0.25)
    time.sleep(3)  # a sweep or a redelivered countdown more must change nothing

    assert worker.process.poll() is None, "the worker died:\n" + worker.log()
    assert "Unrecoverable error" not in worker.log(), worker.log()
    for case in cases:
        case.refresh_from_db()
        assert case.state == CaseState.IN_REVIEW, worker.log()
        assert case.accepted_at == case.auto_accept_at
        events = CaseEvent.objects.filter(case=case, action__in=["deem-accepted", "acknowledge"])
        assert [e.action for e in events] == ["deem-accepted"]
        assert events[0].at >= case.auto_accept_at
