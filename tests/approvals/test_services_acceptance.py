"""The department's side: acknowledge, return, deemed acceptance, accept on the spot."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from approvals import services as s
from approvals.constants import CaseState
from approvals.models import CaseEvent
from hall.constants import Role
from tests.factories import Cast, applicant_data, make_case, make_item, make_staff, receive_all_materials

pytestmark = pytest.mark.django_db
BEIJING = ZoneInfo("Asia/Shanghai")
MONDAY_9 = datetime(2026, 11, 23, 9, 0, tzinfo=BEIJING)


def _dispatched(item, cast):
    case = s.case_create(item=item, channel="window", applicant=applicant_data(), by=cast.desk)
    receive_all_materials(case, by=cast.desk)
    return s.case_dispatch(case=case, by=cast.desk)


def test_acknowledge_starts_the_clock_on_the_promised_limit(item, cast):
    with time_machine.travel(MONDAY_9, tick=False):
        case = _dispatched(item, cast)
        case = s.case_acknowledge(case=case, by=cast.reviewer)
    assert case.state == CaseState.IN_REVIEW
    assert case.accepted_at == MONDAY_9
    # 5 working days after Monday 23 Nov 2026 (the acceptance day does not count): Monday 30 Nov.
    assert case.deadline_at.astimezone(BEIJING).date() == datetime(2026, 11, 30).date()
    assert case.warn_at < case.deadline_at and not case.provisional
    assert case.current_step == 1
    event = case.events.get(action="acknowledge")
    assert event.actor == cast.reviewer and event.actor_role == Role.REVIEWER


def test_acknowledge_and_return_belong_to_the_department(item, cast, other_dept):
    case = _dispatched(item, cast)
    outsiders = [
        cast.desk,
        cast.delivery,
        make_staff(role=Role.REVIEWER, department=other_dept),
        make_staff(role=Role.CHIEF, department=other_dept),
    ]
    for user in outsiders:
        with pytest.raises(PermissionDenied):
            s.case_acknowledge(case=case, by=user)
        with pytest.raises(PermissionDenied):
            s.case_return(case=case, reason="材料不符", by=user)
    case.refresh_from_db()
    assert case.state == CaseState.DISPATCHED and case.events.count() == 4


def test_acknowledge_in_the_wrong_state_is_a_conflict(item, cast):
    case = make_case(state="received", item=item, cast=cast)
    with pytest.raises(s.CaseConflict, match="已收件"):
        s.case_acknowledge(case=case, by=cast.chief)
    case = make_case(state="in_review", item=item, cast=cast)
    with pytest.raises(s.CaseConflict):
        s.case_acknowledge(case=case, by=cast.chief)


def test_return_needs_a_reason_and_goes_back_to_the_front_desk(item, cast):
    case = _dispatched(item, cast)
    with pytest.raises(ValidationError, match="理由"):
        s.case_return(case=case, reason="", by=cast.reviewer)
    case = s.case_return(case=case, reason="营业执照复印件不清晰", by=cast.reviewer)
    assert case.state == CaseState.RECEIVED and case.auto_accept_at is None
    assert case.events.get(action="return").note == "营业执照复印件不清晰"
    # Nothing is left for the timers to accept.
    assert s.case_deem_accepted(case_id=case.pk, now=MONDAY_9 + timedelta(days=30)) is False


def test_deemed_acceptance_starts_the_clock_at_auto_accept_at_once(item, cast, settings):
    settings.HALL_AUTO_ACCEPT_SECONDS = 600
    with time_machine.travel(MONDAY_9, tick=False):
        case = _dispatched(item, cast)
    assert case.auto_accept_at == MONDAY_9 + timedelta(minutes=10)
    assert s.case_deem_accepted(case_id=case.pk, now=MONDAY_9 + timedelta(minutes=9)) is False

    late = MONDAY_9 + timedelta(hours=3)  # the worker was slow: the clock still starts at 9:10
    assert s.case_deem_accepted(case_id=case.pk, now=late) is True
    case.refresh_from_db()
    assert case.state == CaseState.IN_REVIEW and case.accepted_at == case.auto_accept_at
    event = case.events.get(action="deem-accepted")
    assert event.actor is None and event.actor_role == "system" and event.note == "视为同意"
    assert event.from_state == "dispatched" and event.to_state == "in_review"

    assert s.case_deem_accepted(case_id=case.pk, now=late) is False  # duplicate run: nothing
    assert CaseEvent.objects.filter(case=case, action__in=["deem-accepted", "acknowledge"]).count() == 1
    assert s.case_deem_accepted(case_id=987654321) is False


def test_a_backlog_is_handed_out_in_batches_and_each_case_accepted_once(item, cast):
    """After a broker outage the sweep does one batch itself and hands the rest to other
    workers; a batch handed out twice (the next beat while it drains) accepts nothing twice."""
    with time_machine.travel(MONDAY_9, tick=False):
        due = [_dispatched(item, cast) for _ in range(7)]
    handed_out = []
    later = MONDAY_9 + timedelta(minutes=11)
    assert s.case_sweep_due_acceptances(now=later, limit=3, enqueue_batch=handed_out.append) == 3
    assert [len(batch) for batch in handed_out] == [3, 1]
    for batch in handed_out + handed_out:  # every batch delivered twice
        s.case_deem_accept_due(case_ids=batch, now=later)
    for case in due:
        case.refresh_from_db()
        assert case.state == CaseState.IN_REVIEW
    assert CaseEvent.objects.filter(case__in=due, action="deem-accepted").count() == 7


def test_department_acknowledging_in_time_wins_over_the_timer(item, cast):
    with time_machine.travel(MONDAY_9, tick=False):
        case = _dispatched(item, cast)
    with time_machine.travel(MONDAY_9 + timedelta(minutes=9, seconds=59), tick=False):
        s.case_acknowledge(case=case, by=cast.chief)
    assert s.case_deem_accepted(case_id=case.pk, now=MONDAY_9 + timedelta(minutes=11)) is False
    case.refresh_from_db()
    assert case.accepted_at == MONDAY_9 + timedelta(minutes=9, seconds=59)


def test_sweep_accepts_only_due_dispatched_cases(item, cast):
    with time_machine.travel(MONDAY_9, tick=False):
        due = [_dispatched(item, cast) for _ in range(3)]
    with time_machine.travel(MONDAY_9 + timedelta(minutes=8), tick=False):
        not_due = _dispatched(item, cast)
    received = make_case(state="received", item=item, cast=cast)
    assert s.case_sweep_due_acceptances(now=MONDAY_9 + timedelta(minutes=11)) == 3
    assert s.case_sweep_due_acceptances(now=MONDAY_9 + timedelta(minutes=11)) == 0
    for case in due:
        case.refresh_from_db()
        assert case.state == CaseState.IN_REVIEW and case.accepted_at == case.auto_accept_at
    not_due.refresh_from_db()
    received.refresh_from_db()
    assert not_due.state == CaseState.DISPATCHED and received.state == CaseState.RECEIVED


def test_instant_item_accepted_on_the_spot_at_its_specialised_window(dept, cast):
    instant = make_item(department=dept, kind="instant", promised_limit_days=0, legal_limit_days=0, steps=("办理",))
    with time_machine.travel(MONDAY_9, tick=False):
        case = s.case_create(item=instant, channel="window", applicant=applicant_data(), by=cast.special)
        receive_all_materials(case, by=cast.special)
        with pytest.raises(PermissionDenied):  # the comprehensive window dispatches instead
            s.case_accept_on_the_spot(case=case, by=cast.desk)
        case = s.case_accept_on_the_spot(case=case, by=cast.special)
    assert case.state == CaseState.IN_REVIEW and case.accepted_at == MONDAY_9
    # Instant items are due the same day.
    assert case.deadline_at.astimezone(BEIJING).date() == MONDAY_9.date()
    # The specialised window takes the instant case all the way.
    case = s.case_decide(case=case, outcome="granted", by=cast.special)
    case = s.case_issue(case=case, by=cast.special)
    case = s.case_deliver(case=case, method="pickup", collector_id_number=case.applicant_id_number, by=cast.special)
    assert case.state == CaseState.DELIVERED


def test_accept_on_the_spot_refuses_promised_items_and_missing_materials(dept, cast):
    promised = make_item(department=dept)
    case = s.case_create(item=promised, channel="window", applicant=applicant_data(), by=cast.special)
    receive_all_materials(case, by=cast.special)
    with pytest.raises(ValidationError, match="即办件"):
        s.case_accept_on_the_spot(case=case, by=cast.special)
    instant = make_item(department=dept, kind="instant", promised_limit_days=0)
    case = s.case_create(item=instant, channel="window", applicant=applicant_data(), by=cast.special)
    with pytest.raises(ValidationError, match="必要材料"):
        s.case_accept_on_the_spot(case=case, by=cast.special)


def test_specialised_window_of_another_department_may_not_accept(dept, other_dept):
    instant = make_item(department=dept, kind="instant", promised_limit_days=0)
    mine = Cast(dept)
    case = s.case_create(item=instant, channel="window", applicant=applicant_data(), by=mine.desk)
    receive_all_materials(case, by=mine.desk)
    stranger = make_staff(role=Role.FRONT_DESK, department=other_dept, window="specialised")
    with pytest.raises(PermissionDenied):
        s.case_accept_on_the_spot(case=case, by=stranger)


@pytest.mark.parametrize("late_action", ["acknowledge", "return"])
def test_after_the_window_a_late_acknowledge_or_return_is_refused_and_the_clock_starts_at_auto_accept_at(
    item, cast, late_action
):
    """Even when no worker has run: the department's 10 minutes are over, the case was accepted then."""
    with time_machine.travel(MONDAY_9, tick=False):
        case = _dispatched(item, cast)
    due = case.auto_accept_at
    with time_machine.travel(MONDAY_9 + timedelta(hours=3), tick=False), pytest.raises(s.CaseConflict) as exc:
        if late_action == "acknowledge":
            s.case_acknowledge(case=case, by=cast.reviewer)
        else:
            s.case_return(case=case, reason="材料不全", by=cast.reviewer)
    assert "视为同意" in str(exc.value)
    case.refresh_from_db()
    assert case.state == CaseState.IN_REVIEW and case.accepted_at == due
    assert list(
        case.events.filter(action__in=["acknowledge", "deem-accepted", "return"]).values_list("action", "actor")
    ) == [("deem-accepted", None)]


def test_acknowledge_inside_the_window_wins_and_no_deemed_acceptance_follows(item, cast):
    with time_machine.travel(MONDAY_9, tick=False):
        case = _dispatched(item, cast)
    with time_machine.travel(MONDAY_9 + timedelta(minutes=9, seconds=59), tick=False):
        case = s.case_acknowledge(case=case, by=cast.reviewer)
    assert s.case_deem_accepted(case_id=case.pk, now=MONDAY_9 + timedelta(minutes=11)) is False
    assert case.events.filter(action__in=["acknowledge", "deem-accepted"]).count() == 1


def test_a_reviewer_of_another_department_is_refused_before_anything_happens(item, cast, other_dept):
    with time_machine.travel(MONDAY_9, tick=False):
        case = _dispatched(item, cast)
    with time_machine.travel(MONDAY_9 + timedelta(hours=1), tick=False), pytest.raises(PermissionDenied):
        s.case_acknowledge(case=case, by=Cast(other_dept).reviewer)
    case.refresh_from_db()
    assert case.state == CaseState.DISPATCHED  # the sweep, not a stranger's click, accepts it


@pytest.mark.parametrize("late_action", ["acknowledge", "return"])
def test_the_deadline_is_checked_under_the_row_lock(item, cast, late_action, monkeypatch):
    """A request checked inside the window that gets the row lock after it closed loses to the timer."""
    from approvals.services import acceptance

    with time_machine.travel(MONDAY_9, tick=False):
        case = _dispatched(item, cast)
    due = case.auto_accept_at
    real_lock = acceptance.lock_case
    with time_machine.travel(due - timedelta(milliseconds=5), tick=False) as traveller:
        calls = []

        def slow_lock(case_or_id):
            # The early check's lock is quick; the one the action itself waits for (behind
            # another transaction on the same case) is granted 17 ms later, past the deadline.
            calls.append(case_or_id)
            if len(calls) == 2:
                traveller.shift(timedelta(milliseconds=17))
            return real_lock(case_or_id)

        monkeypatch.setattr(acceptance, "lock_case", slow_lock)
        with pytest.raises(s.CaseConflict, match="视为同意"):
            if late_action == "acknowledge":
                s.case_acknowledge(case=case, by=cast.reviewer)
            else:
                s.case_return(case=case, reason="材料不全", by=cast.reviewer)
    case.refresh_from_db()
    assert case.state == CaseState.IN_REVIEW and case.accepted_at == due
    assert list(
        case.events.filter(action__in=["acknowledge", "deem-accepted", "return"]).values_list("action", flat=True)
    ) == ["deem-accepted"]


def test_a_sweep_stamps_each_event_when_it_is_written(item, cast, monkeypatch):
    """accepted_at stays auto_accept_at; the event's `at` is the moment the sweep wrote it."""
    from approvals.services import acceptance

    with time_machine.travel(MONDAY_9, tick=False):
        cases = [_dispatched(item, cast) for _ in range(3)]
    sweep_start = MONDAY_9 + timedelta(minutes=30)
    real_deadline = acceptance.compute_case_deadline
    with time_machine.travel(sweep_start, tick=False) as traveller:

        def slow_deadline(case, accepted_at):
            traveller.shift(timedelta(seconds=2))  # each case takes the sweep a while
            return real_deadline(case, accepted_at)

        monkeypatch.setattr(acceptance, "compute_case_deadline", slow_deadline)
        assert s.case_sweep_due_acceptances() == 3
    stamps = []
    for case in cases:
        case.refresh_from_db()
        assert case.accepted_at == case.auto_accept_at
        stamps.append(case.events.get(action="deem-accepted").at)
    assert sorted(stamps) == [sweep_start + timedelta(seconds=2 * n) for n in (1, 2, 3)]


def test_a_countdown_accepts_the_cases_due_with_it_in_one_batch_exactly_as_one_by_one(
    item, cast, django_capture_on_commit_callbacks
):
    """Cases dispatched together fall due together: the first countdown task accepts them all
    (one transaction, one delivery task); each gets what case_deem_accepted would have written."""
    from unittest import mock

    from approvals.audit_chain import verify_case_events
    from approvals.models import EventOutbox

    with time_machine.travel(MONDAY_9, tick=False):
        crowd = [_dispatched(item, cast) for _ in range(4)]
        alone = _dispatched(item, cast)
    with time_machine.travel(MONDAY_9 + timedelta(minutes=5), tick=False):
        later = _dispatched(item, cast)  # not due yet when the crowd is
    run_at = MONDAY_9 + timedelta(minutes=10, seconds=1)
    assert s.case_deem_accepted(case_id=alone.pk, now=run_at) is True  # the reference: one by one

    with (
        time_machine.travel(run_at, tick=False),
        mock.patch("approvals.tasks.deliver_case_events_batch.apply_async") as deliver,
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert s.case_deem_accepted_with_peers(case_id=crowd[2].pk) == 4
        assert s.case_deem_accepted_with_peers(case_id=crowd[0].pk) == 0  # its own task: nothing left
    deliver.assert_called_once()
    assert sorted(deliver.call_args.kwargs["args"][0]) == sorted(c.pk for c in crowd)

    alone.refresh_from_db()
    reference = alone.events.get(action="deem-accepted")
    for case in crowd:
        case.refresh_from_db()
        assert case.state == CaseState.IN_REVIEW and case.accepted_at == case.auto_accept_at
        assert (case.deadline_at, case.warn_at, case.provisional) == (alone.deadline_at, alone.warn_at, False)
        assert case.current_step == alone.current_step and case.updated_at == run_at
        event = CaseEvent.objects.get(case=case, action__in=["deem-accepted", "acknowledge"])
        assert event.seq == case.last_event_seq == alone.last_event_seq
        assert (event.at, event.actor, event.actor_role, event.note) == (run_at, None, "system", "视为同意")
        assert event.payload == {**reference.payload, "accepted_at": case.accepted_at.isoformat()}
        assert EventOutbox.objects.filter(event=event, case=case).exists()
    later.refresh_from_db()
    assert later.state == CaseState.DISPATCHED
    problems = []
    verify_case_events(problems.append)
    assert problems == []  # every batch event links into its case's hash chain


def test_a_batch_takes_at_most_its_limit_oldest_due_first_and_only_due_dispatched_cases(item, cast):
    with time_machine.travel(MONDAY_9, tick=False):
        first = [_dispatched(item, cast) for _ in range(2)]
    with time_machine.travel(MONDAY_9 + timedelta(seconds=30), tick=False):
        second = [_dispatched(item, cast) for _ in range(2)]
    acknowledged = _dispatched(item, cast)
    s.case_acknowledge(case=acknowledged, by=cast.reviewer)
    now = MONDAY_9 + timedelta(minutes=11)
    assert s.case_deem_accept_batch(now=now, limit=2) == [c.pk for c in first]
    assert s.case_deem_accept_batch(now=now, case_ids=[second[1].pk, acknowledged.pk]) == [second[1].pk]
    assert s.case_deem_accept_batch(now=now) == [second[0].pk]
    assert s.case_deem_accept_batch(now=now) == []
    assert CaseEvent.objects.filter(action="deem-accepted").count() == 4


def test_a_case_that_breaks_the_batch_does_not_hold_back_the_countdown_of_another(item, cast, monkeypatch):
    from approvals.services import acceptance

    with time_machine.travel(MONDAY_9, tick=False):
        broken, fine = _dispatched(item, cast), _dispatched(item, cast)
    real_deadline = acceptance.compute_case_deadline

    def deadline(case, accepted_at):
        if case.pk == broken.pk:
            raise RuntimeError("a calendar gap")
        return real_deadline(case, accepted_at)

    monkeypatch.setattr(acceptance, "compute_case_deadline", deadline)
    now = MONDAY_9 + timedelta(minutes=11)
    assert s.case_deem_accepted_with_peers(case_id=fine.pk, now=now) == 1  # the batch rolled back; alone
    broken.refresh_from_db()
    fine.refresh_from_db()
    assert (broken.state, fine.state) == (CaseState.DISPATCHED, CaseState.IN_REVIEW)
    assert not CaseEvent.objects.filter(case=broken, action="deem-accepted").exists()


def test_a_countdown_that_fires_a_moment_early_waits_for_the_due_time(item, cast, settings):
    settings.HALL_AUTO_ACCEPT_SECONDS = 1
    case = _dispatched(item, cast)
    assert s.case_deem_accepted_with_peers(case_id=case.pk) == 1  # run at once: ~1 s early
    case.refresh_from_db()
    event = case.events.get(action="deem-accepted")
    assert case.state == CaseState.IN_REVIEW and event.at >= case.auto_accept_at == case.accepted_at
    settings.HALL_AUTO_ACCEPT_SECONDS = 600
    with time_machine.travel(MONDAY_9, tick=False):
        later = _dispatched(item, cast)
    with time_machine.travel(MONDAY_9 + timedelta(seconds=10), tick=False):
        assert s.case_deem_accepted_with_peers(case_id=later.pk) == 0  # far too early: left alone
    later.refresh_from_db()
    assert later.state == CaseState.DISPATCHED
