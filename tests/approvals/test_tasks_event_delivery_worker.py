"""Case events reach every subscriber exactly once with a real Celery worker and beat,
including when the worker is SIGKILLed between an event's commit and its delivery."""

import time
from collections import Counter

import pytest

from approvals import services as s
from approvals.models import Case, CaseEvent, EventOutbox, SubscriberCursor
from supervision.models import DailyVolume
from supervision.subscribers import volume_kind
from tests.factories import Cast, applicant_data, make_department, make_item, receive_all_materials

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _cases(n):
    dept = make_department(code="scjg")
    item = make_item(department=dept, promised_limit_days=5)
    cast = Cast(dept)
    cases = []
    for _ in range(n):
        case = s.case_create(item=item, channel="window", applicant=applicant_data(), by=cast.desk)
        receive_all_materials(case, by=cast.desk)
        case = s.case_dispatch(case=case, by=cast.desk)
        cases.append(s.case_acknowledge(case=case, by=cast.reviewer))
    return cases


def _wait(predicate, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def _expected_volumes():
    expected = Counter()
    for event in CaseEvent.objects.select_related("case"):
        message = type("M", (), {"action": event.action, "to_state": event.to_state})
        kind = volume_kind(message)
        if kind:
            expected[(event.case.department_id, kind)] += 1
    return expected


def test_killed_worker_delivers_every_event_exactly_once_after_restart(celery_worker_factory, tmp_path):
    probe_log, slow = tmp_path / "probe.log", tmp_path / "slow"
    slow.touch()
    env = {
        "HALL_EXTRA_EVENT_SUBSCRIBERS": "tests.approvals.event_probe",
        "HALL_TEST_PROBE_LOG": probe_log,
        "HALL_TEST_PROBE_SLOW_FILE": slow,
        "HALL_EVENTS_SWEEP_SECONDS": 1,
        "HALL_EVENTS_SWEEP_GRACE_SECONDS": 1,
    }
    worker = celery_worker_factory(beat=True, **env)
    cases = _cases(3)
    # The worker is inside the probe's handler: events committed, delivery not finished.
    assert _wait(lambda: probe_log.exists() and probe_log.read_text().strip(), 30), worker.log()
    worker.stop(kill=True)
    assert EventOutbox.objects.exists(), "killed too late: everything was delivered"

    slow.unlink()
    worker.start()
    assert _wait(lambda: not EventOutbox.objects.exists(), 60), worker.log()
    time.sleep(2)  # more sweeps and any redelivered task must change nothing

    for case in Case.objects.filter(pk__in=[c.pk for c in cases]):
        for name in ("test.slow-probe", "supervision.daily-volumes"):
            assert SubscriberCursor.objects.get(subscriber=name, case=case).last_seq == case.last_event_seq
    counted = Counter({(v.department_id, v.kind): v.count for v in DailyVolume.objects.all()})
    assert counted == _expected_volumes()  # nothing counted twice, nothing lost
    attempts = Counter(probe_log.read_text().split())
    delivered = {f"{e.case_id}:{e.seq}" for e in CaseEvent.objects.all()}
    assert set(attempts) == delivered  # the probe saw every event ...
    assert max(attempts.values()) == 2  # ... the killed one twice (its first try rolled back)
