"""The 10-minute rule with a real Celery worker and beat (never eager mode).

The window is shortened to 3 seconds. A dispatched case nobody acknowledges is in review
with accepted_at == auto_accept_at within a few seconds; killing the worker before the
countdown and starting it again still accepts it exactly once (the beat sweep does it).
"""

import time

import pytest

from approvals import services as s
from approvals.constants import CaseState
from approvals.models import Case, CaseEvent
from tests.factories import Cast, applicant_data, make_department, make_item, receive_all_materials

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
ACCEPTANCES = ["deem-accepted", "acknowledge"]


def _dispatch():
    dept = make_department(code="scjg")
    cast = Cast(dept)
    case = s.case_create(item=make_item(department=dept), channel="window", applicant=applicant_data(), by=cast.desk)
    receive_all_materials(case, by=cast.desk)
    return s.case_dispatch(case=case, by=cast.desk)  # commits: the countdown task is sent


def _wait_for_state(case, state, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        case.refresh_from_db()
        if case.state == state:
            return time.monotonic()
        time.sleep(0.2)
    return None


def test_unacknowledged_case_is_deemed_accepted_by_the_countdown_task(celery_worker_factory, settings):
    settings.HALL_AUTO_ACCEPT_SECONDS = 3
    # A sweep every 10 minutes: only the countdown task can accept in time.
    worker = celery_worker_factory(beat=True, HALL_AUTO_ACCEPT_SECONDS=3, HALL_ACCEPTANCE_SWEEP_SECONDS=600)
    started = time.monotonic()
    case = _dispatch()
    accepted = _wait_for_state(case, CaseState.IN_REVIEW, timeout=30)
    assert accepted is not None, worker.log()
    assert accepted - started >= 2.5  # not before the window closed (eager would be immediate)
    assert accepted - started < 20
    assert case.accepted_at == case.auto_accept_at
    event = CaseEvent.objects.get(case=case, action__in=ACCEPTANCES)
    assert event.action == "deem-accepted" and event.actor is None and event.note == "视为同意"


def test_killed_worker_still_accepts_exactly_once_after_restart(celery_worker_factory, settings):
    settings.HALL_AUTO_ACCEPT_SECONDS = 3
    worker = celery_worker_factory(beat=True, HALL_AUTO_ACCEPT_SECONDS=3, HALL_ACCEPTANCE_SWEEP_SECONDS=1)
    case = _dispatch()
    # Let the worker take the countdown message, then kill it before the countdown ends.
    deadline = time.monotonic() + 10
    while "approvals.deem_accepted" not in worker.log() and time.monotonic() < deadline:
        time.sleep(0.05)
    worker.stop(kill=True)
    case.refresh_from_db()
    assert case.state == CaseState.DISPATCHED, "killed too late: the countdown had already run"

    time.sleep(4)  # past due, nobody running
    case.refresh_from_db()
    assert case.state == CaseState.DISPATCHED

    worker.start()
    assert _wait_for_state(case, CaseState.IN_REVIEW, timeout=30) is not None, worker.log()
    time.sleep(2.5)  # a couple more sweeps (and any redelivered countdown) must change nothing
    case = Case.objects.get(pk=case.pk)
    assert case.accepted_at == case.auto_accept_at
    assert CaseEvent.objects.filter(case=case, action__in=ACCEPTANCES).count() == 1
