"""The department's side of the 10-minute rule: acknowledge, return, deemed acceptance."""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals import guards, policies
from approvals.constants import Action, CaseState
from approvals.models import Case, CaseEvent
from approvals.selectors import with_last_hash
from approvals.services._base import (
    WindowClosed,
    blank,
    case_transaction,
    compute_case_deadline,
    lock_case,
    require_materials_complete,
    run_transition,
    write_event,
)
from audit.constants import GENESIS
from hall import clock as hall_clock
from hall.constants import SYSTEM_ROLE

logger = logging.getLogger("approvals")


def _accepted_payload(case):
    return {
        "accepted_at": case.accepted_at.isoformat(),
        "deadline_at": case.deadline_at.isoformat() if case.deadline_at else None,
        "provisional": case.provisional,
    }


def _start_the_clock_now(case, *, transition, action, by, note, now=None):
    """Accept the locked case now: the transition, the deadline from now, and its one event."""
    source, now = case.state, now or hall_clock.now()
    run_transition(case, transition, at=now)
    case._set_deadline(compute_case_deadline(case, now))
    write_event(case, action=action, from_state=source, by=by, note=note, at=now, payload=_accepted_payload(case))


def _refuse_after_the_window(case, *, by, action):
    """The acknowledgement window is the department's whole say.

    Once `auto_accept_at` has passed the case *was* accepted then, whether or not a worker has
    run yet, so a late acknowledgement must not start the clock later and a late return must
    not undo the acceptance. Apply the deemed acceptance now (its own transaction, a no-op if
    not due) and refuse the late action with a message that says what happened.
    """
    policies.require(by, action, case)
    if _plainly_open(case):
        return  # nothing to deem: the check under the lock (below) still decides
    case_deem_accepted(case_id=case.pk)
    current = Case.objects.only("state", "accepted_at", "auto_accept_at").get(pk=case.pk)
    lapsed = current.state == CaseState.DISPATCHED and current.auto_accept_at <= hall_clock.now()
    deemed = current.accepted_at is not None and current.accepted_at == current.auto_accept_at
    if deemed or lapsed:
        moment = timezone.localtime(current.auto_accept_at).strftime("%Y-%m-%d %H:%M")
        raise WindowClosed(
            _("已超过部门确认时限，系统已于%(time)s视为同意受理，法定时限自该时起计算。") % {"time": moment},
            object=case,
        )


def _plainly_open(case):
    """A case just read for this action (selectors.case_for_action), dispatched, its window open.

    Then deeming it accepted would be a no-op and re-reading it would tell nothing new: skip
    both (two statements per acknowledgement). Any other case takes the careful path.
    """
    return (
        (getattr(case, "_lock_in_place", False) or getattr(case, "_row_locked", False))
        and case.state == CaseState.DISPATCHED
        and case.auto_accept_at is not None
        and case.auto_accept_at > hall_clock.now()
    )


def _inside_the_window(case, *, by, action, apply):
    """Run `apply(locked_case, now)` under the row lock, only while the acknowledgement window is open.

    The deadline is checked again *under the lock* at the moment the action happens: a request
    that waited for the lock (or was slow between the first check and the lock) past
    `auto_accept_at` loses to the deemed acceptance, exactly as one that came late.
    """
    checked_open = _plainly_open(case)
    _refuse_after_the_window(case, by=by, action=action)
    with case_transaction():
        locked = lock_case(case)
        if checked_open and locked.state != CaseState.DISPATCHED:
            # Taken between the look-up and the lock (perhaps deemed accepted): say what happened.
            _refuse_after_the_window(locked, by=by, action=action)
        policies.require(by, action, locked)
        now = hall_clock.now()
        lapsed = (
            locked.state == CaseState.DISPATCHED and locked.auto_accept_at is not None and locked.auto_accept_at <= now
        )
        if not lapsed:
            apply(locked, now)
            return locked
    _refuse_after_the_window(case, by=by, action=action)  # deems it accepted and raises
    raise WindowClosed(_("已超过部门确认时限。"), object=case)


def case_acknowledge(*, case, by, note=""):
    """部门受理确认: the clock starts now (only inside the acknowledgement window)."""

    def acknowledge(locked, now):
        _start_the_clock_now(locked, transition="acknowledge", action=Action.ACKNOWLEDGE, by=by, note=note, now=now)

    return _inside_the_window(case, by=by, action=Action.ACKNOWLEDGE, apply=acknowledge)


def case_deem_accepted(*, case_id, now=None):
    """视为同意: the system accepts a dispatched case nobody acknowledged in time.

    Idempotent and race-safe: re-checks the state and the due time under the row lock, so
    a duplicate, late or raced run returns False and writes nothing. The clock starts at
    `auto_accept_at`, not when the worker ran.
    """
    with case_transaction():
        try:
            case = lock_case(case_id)
        except Case.DoesNotExist:
            return False
        now = now or hall_clock.now()
        if case.state != CaseState.DISPATCHED or case.auto_accept_at is None or case.auto_accept_at > now:
            return False
        source = case.state
        run_transition(case, "deem_accepted")
        case._set_deadline(compute_case_deadline(case, case.accepted_at))
        write_event(
            case,
            action=Action.DEEM_ACCEPTED,
            from_state=source,
            by=None,
            note=_("视为同意"),
            at=hall_clock.now(),  # when it was written; accepted_at stays auto_accept_at
            payload=_accepted_payload(case),
        )
    return True


def case_deem_accepted_with_peers(*, case_id, now=None, limit=None):
    """The countdown task: deem this case accepted, with every other case due by now.

    Cases dispatched together fall due together (a morning's batch, 200 in one second): one
    row-level transaction per case would queue them behind each other on the workers, so the
    first task to run accepts up to `limit` due cases in one transaction
    (case_deem_accept_batch, rows other workers hold are skipped); the tasks of the cases it
    took then find nothing to do. Its own case, if a lock holder kept it out of the batch, goes
    through case_deem_accepted (waits for the lock, re-checks). Returns how many it accepted.
    """
    now = now or hall_clock.now()
    try:
        accepted = case_deem_accept_batch(now=now, limit=limit or settings.HALL_DEEM_BATCH_SIZE)
    except Exception:  # one bad case must not hold back its own: the sweep retries the others
        logger.exception("deemed acceptance batch failed; case %s alone", case_id)
        accepted = []
    if case_id not in accepted:
        accepted += [case_id] if case_deem_accepted(case_id=case_id, now=now) or _when_due(case_id) else []
    return len(accepted)


# The worker's timer counts in monotonic time from when it received the task: against the wall
# clock it may fire a little early (the clock slewed over the 10 minutes). Wait that out.
EARLY_TOLERANCE_SECONDS = 5.0


def _when_due(case_id):
    """A countdown that ran a moment before its case's `auto_accept_at`: accept it then."""
    import time

    due = Case.objects.filter(pk=case_id, state=CaseState.DISPATCHED).values_list("auto_accept_at", flat=True).first()
    early = (due - hall_clock.now()).total_seconds() if due else None
    if early is None or early > EARLY_TOLERANCE_SECONDS:
        return False  # taken already (or a countdown for a window that was extended: the sweep)
    time.sleep(max(early, 0))
    return case_deem_accepted(case_id=case_id)


def case_deem_accept_batch(*, now=None, case_ids=None, limit=None):
    """视为同意 for many cases in ONE transaction: the due dispatched cases (of `case_ids`, if
    given), at most `limit`, oldest due first; rows locked elsewhere are skipped, not waited for.

    The same writes as case_deem_accepted, per case: the transition (accepted_at stays
    `auto_accept_at`), the deadline from then, one hash-chained event written now (its outbox
    row comes with it); but as one UPDATE and one INSERT for the whole batch, and one delivery
    task on commit. Returns the ids it accepted.
    """
    now = now or hall_clock.now()
    qs = Case.objects.select_for_update(of=("self",), skip_locked=True).filter(
        state=CaseState.DISPATCHED, auto_accept_at__lte=now
    )
    if case_ids is not None:
        qs = qs.filter(pk__in=list(case_ids))
    qs = with_last_hash(qs).select_related("item_version").order_by("auto_accept_at", "pk")
    with transaction.atomic():
        cases = list(qs[:limit] if limit else qs)
        if not cases:
            return []
        note = _("视为同意")
        events = []
        for case in cases:
            run_transition(case, "deem_accepted")
            case._set_deadline(compute_case_deadline(case, case.accepted_at))
            case.last_event_seq += 1
            case.updated_at = written = hall_clock.now()  # each event: when it was written
            events.append(_deemed_event(case, at=written, note=note))
        Case.objects.bulk_update(cases, _DEEMED_FIELDS)
        CaseEvent.objects.bulk_create(events)  # their outbox rows: the database's trigger
        accepted = [case.pk for case in cases]
        transaction.on_commit(lambda: _enqueue_batch_delivery(accepted))
    return accepted


# What the deem_accepted transition and the new deadline change on the case row.
_DEEMED_FIELDS = [
    "state",
    "accepted_at",
    "current_step",
    "deadline_at",
    "warn_at",
    "provisional",
    "last_event_seq",
    "updated_at",
]


def _deemed_event(case, *, at, note):
    """The case's deem-accepted event, linked to its chain (the lock query read the last hash)."""
    event = CaseEvent(
        case=case,
        seq=case.last_event_seq,
        action=Action.DEEM_ACCEPTED,
        from_state=CaseState.DISPATCHED,
        to_state=case.state,
        actor=None,
        actor_role=SYSTEM_ROLE,
        at=at,
        note=note,
        payload=_accepted_payload(case),
        public=True,
    )
    if event.seq > 1 and case.locked_last_hash is None:
        event.link_to_chain()  # no event at last_event_seq (should not happen): read it
    else:
        event.prev_hash = (case.locked_last_hash if event.seq > 1 else None) or GENESIS
        event.hash = event.compute_hash()
    return event


def _enqueue_batch_delivery(case_ids):
    """On commit: one delivery task for the batch's events (the outbox sweep is the backstop)."""
    from approvals import tasks

    try:
        tasks.deliver_case_events_batch.apply_async(args=[case_ids])
    except Exception:  # the broker is down: the sweep delivers the events later
        logger.exception("could not enqueue delivery of %d cases", len(case_ids))


def case_sweep_due_acceptances(*, now=None, limit=None, enqueue_batch=None):
    """The beat backstop: deem-accept every due dispatched case; returns how many it accepted.

    It accepts the first `limit` due cases itself. Given `enqueue_batch` (the beat task passes
    one), it hands the rest of a backlog — after a broker outage, thousands may be due at once —
    to other workers in batches of `limit`, so every worker drains it in parallel instead of
    500 cases per beat. A batch enqueued twice (two sweeps while a backlog drains) is harmless:
    each case is claimed under its row lock and re-checked.
    """
    from approvals.selectors import due_acceptance_ids

    now = now or hall_clock.now()
    limit = limit or settings.HALL_SWEEP_BATCH_SIZE
    backlog = settings.HALL_SWEEP_BACKLOG_LIMIT if enqueue_batch else limit
    case_ids = due_acceptance_ids(now=now, limit=max(limit, backlog))
    for start in range(limit, len(case_ids), limit):
        enqueue_batch(case_ids[start : start + limit])
    return case_deem_accept_due(case_ids=case_ids[:limit], now=now)


def case_deem_accept_due(*, case_ids, now=None):
    """Deem-accept each of these cases that is still due; returns how many it accepted.

    One transaction for the lot (case_deem_accept_batch): rows are claimed with
    select_for_update(skip_locked=True), so two sweeps (or a sweep and a countdown task, or a
    department acknowledging) never fight over one case, and each is re-checked under its lock.
    """
    now = now or hall_clock.now()
    try:
        return len(case_deem_accept_batch(now=now, case_ids=case_ids))
    except Exception:  # one bad case rolled the batch back: the others one by one, as before
        logger.exception("deemed acceptance batch of %d failed; one by one", len(case_ids))
    accepted = 0
    for case_id in case_ids:
        accepted += bool(case_deem_accept_batch(now=now, case_ids=[case_id]))
    return accepted


def case_return(*, case, reason, by):
    """The department sends a dispatched case back to the front desk, with the reason."""
    if blank(reason):
        raise ValidationError({"reason": [_("退回必须说明理由。")]})

    def send_back(locked, now):
        source = locked.state
        run_transition(locked, "return_to_front_desk")
        write_event(locked, action=Action.RETURN, from_state=source, by=by, note=reason.strip(), at=now)

    return _inside_the_window(case, by=by, action=Action.RETURN, apply=send_back)


def case_accept_on_the_spot(*, case, by, note=""):
    """即办件 at the department's specialised window: accepted now, due the same day."""
    with case_transaction():
        case = lock_case(case)
        policies.require(by, Action.ACCEPT_ON_THE_SPOT, case)
        if not case.is_instant:
            raise ValidationError({"item": [_("只有即办件可以当场受理，承诺件请推送部门。")]})
        if case.state == CaseState.RECEIVED:
            require_materials_complete(case)
        guards.check(Action.ACCEPT_ON_THE_SPOT, case=case, by=by)
        _start_the_clock_now(case, transition="accept_on_the_spot", action=Action.ACCEPT_ON_THE_SPOT, by=by, note=note)
    return case
