"""A department acknowledging while the deemed acceptance runs: exactly one acceptance.

Two threads, each with its own PostgreSQL connection, start together on the same due case.
The row lock serialises them: one wins; the other sees `in_review` and either returns
False (the timer) or raises CaseConflict (the department, 409).
"""

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

from approvals import services as s
from approvals.constants import CaseState
from approvals.models import Case, CaseEvent
from tests.factories import Cast, applicant_data, make_department, make_item, receive_all_materials

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def _race(case, chief):
    barrier = threading.Barrier(2)
    outcomes = {}

    def acknowledge():
        try:
            barrier.wait()
            s.case_acknowledge(case=case, by=chief)
            outcomes["acknowledge"] = "won"
        except s.CaseConflict:
            outcomes["acknowledge"] = "conflict"
        finally:
            connections.close_all()

    def deem():
        try:
            barrier.wait()
            outcomes["deem"] = (
                "won" if s.case_deem_accepted(case_id=case.pk, now=timezone.now() + timedelta(hours=1)) else "noop"
            )
        finally:
            connections.close_all()

    threads = [threading.Thread(target=acknowledge), threading.Thread(target=deem)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return outcomes


def test_acknowledge_racing_deemed_acceptance_leaves_exactly_one_acceptance_event(settings):
    settings.HALL_AUTO_ACCEPT_SECONDS = 600
    dept = make_department(code="scjg")
    cast = Cast(dept)
    item = make_item(department=dept)
    winners = set()
    for _ in range(8):
        case = s.case_create(item=item, channel="window", applicant=applicant_data(), by=cast.desk)
        receive_all_materials(case, by=cast.desk)
        case = s.case_dispatch(case=case, by=cast.desk)
        outcomes = _race(case, cast.chief)
        assert sorted(outcomes.values()) in (["conflict", "won"], ["noop", "won"]), outcomes
        winners.update(k for k, v in outcomes.items() if v == "won")
        case = Case.objects.get(pk=case.pk)
        assert case.state == CaseState.IN_REVIEW
        acceptances = CaseEvent.objects.filter(case=case, action__in=["acknowledge", "deem-accepted"])
        assert acceptances.count() == 1
        if acceptances.get().action == "deem-accepted":
            assert case.accepted_at == case.auto_accept_at
    assert winners  # at least one side won each round (both sides usually win some)


def test_concurrent_intake_never_repeats_a_case_number():
    dept = make_department(code="scjg")
    cast = Cast(dept)
    item = make_item(department=dept)
    desk = cast.desk
    barrier = threading.Barrier(6)
    numbers, errors = [], []

    def intake():
        try:
            barrier.wait()
            for _ in range(3):
                case = s.case_create(item=item, channel="window", applicant=applicant_data(), by=desk)
                numbers.append(case.number)
        except Exception as exc:  # collected: a failure must show up in the assertion
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=intake) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert sorted(int(n.rsplit("-", 1)[1]) for n in numbers) == list(range(1, 19))


def test_countdown_tasks_of_a_crowd_running_together_accept_each_case_once(settings):
    """Two workers' countdown tasks, each taking a batch of the cases due together (skipping
    the rows the other holds): every case accepted once, every chain intact."""
    from approvals.audit_chain import verify_case_events

    settings.HALL_AUTO_ACCEPT_SECONDS = 1
    dept = make_department(code="scjg")
    cast, item = Cast(dept), make_item(department=dept)
    crowd = []
    for _ in range(12):
        case = s.case_create(item=item, channel="window", applicant=applicant_data(), by=cast.desk)
        receive_all_materials(case, by=cast.desk)
        crowd.append(s.case_dispatch(case=case, by=cast.desk))
    now = timezone.now() + timedelta(minutes=1)
    barrier = threading.Barrier(4)
    totals = []

    def countdown(case_id):
        try:
            barrier.wait()
            totals.append(s.case_deem_accepted_with_peers(case_id=case_id, now=now, limit=4))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=countdown, args=(c.pk,)) for c in crowd[:4]]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sum(totals) <= 12 and CaseEvent.objects.filter(action="deem-accepted").count() == sum(totals)
    s.case_deem_accept_due(case_ids=[c.pk for c in crowd], now=now)  # the sweep: whatever is left
    assert Case.objects.filter(pk__in=[c.pk for c in crowd], state=CaseState.IN_REVIEW).count() == 12
    assert CaseEvent.objects.filter(action="deem-accepted").count() == 12
    problems = []
    verify_case_events(problems.append)
    assert problems == []
