"""What every case service shares: the row lock, the one event, the clock, the errors."""

import logging
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from django_fsm import TransitionNotAllowed, can_proceed

from approvals.constants import CaseState
from approvals.models import Case, CaseEvent
from approvals.selectors import with_last_hash
from audit.constants import GENESIS
from hall import clock as hall_clock
from hall.constants import SYSTEM_ROLE
from hall.selectors import role_of

logger = logging.getLogger("approvals")


class CaseConflict(TransitionNotAllowed):
    """The action is not allowed in the case's current state (or lost a race): HTTP 409."""


class WindowClosed(CaseConflict):
    """Too late: the acknowledgement window had closed and the case is deemed accepted (409).

    The deemed acceptance is committed on its own; a caller that wraps the action in its own
    transaction (the API) rolls it back with the action and must apply it again after.
    """


_joined = ContextVar("approvals_request_transaction", default=False)


@contextmanager
def request_transaction():
    """The one transaction of an API action request (the case look-up, the action, its event).

    Inside it, the case services join this transaction instead of opening a savepoint each:
    the request lets every error out of the block, so the whole request rolls back anyway and
    the SAVEPOINT / RELEASE pair per service would be two round trips for nothing.
    """
    token = _joined.set(True)
    try:
        with transaction.atomic():
            yield
    finally:
        _joined.reset(token)


def case_transaction():
    """A case service's transaction: its own (or a savepoint) normally; inside a
    request_transaction it joins that one (an error then rolls the whole request back)."""
    return transaction.atomic(savepoint=not _joined.get())


def lock_case(case_or_id):
    """Re-read the case under a row lock; every service works on the locked copy.

    The lock query also brings the hash of the case's last event, so the event the service
    writes links into the chain without reading it again (write_event).

    A case an action looked up (selectors.case_for_action) is, the first time, returned
    itself: already locked by that look-up (`lock=True`, the API), or refreshed in place under
    the lock (the pages). The caller's object then shows the state after the action.
    """
    if getattr(case_or_id, "_row_locked", False):
        case_or_id._row_locked = False  # a nested lock_case gets its own copy, as before
        return case_or_id
    pk = getattr(case_or_id, "pk", case_or_id)
    qs = with_last_hash(Case.objects.select_for_update(of=("self",)))
    if not getattr(case_or_id, "_lock_in_place", False):
        locked = qs.select_related("item_version", "department", "window").get(pk=pk)
        locked.locked_hash_seq = locked.last_event_seq
        return locked
    return _refresh_in_place(case_or_id, qs.get(pk=pk))


def _refresh_in_place(case, fresh):
    for field in Case._meta.concrete_fields:
        old = case.__dict__.get(field.attname)
        case.__dict__[field.attname] = fresh.__dict__[field.attname]  # state is protected: set it raw
        if field.is_relation and old != fresh.__dict__[field.attname] and field.is_cached(case):
            field.delete_cached_value(case)
    case._read_values = fresh._read_values  # what a later save compares with
    case.locked_last_hash, case.locked_hash_seq = fresh.locked_last_hash, fresh.last_event_seq
    case._update_initial_state()  # the optimistic lock compares with the state just read
    # Only the first lock refreshes in place: a nested lock_case (another app's guard) gets its
    # own copy, as before, and never overwrites the service's unsaved changes on this object.
    case._lock_in_place, case._relocked = False, True
    return case


def run_transition(case, name, **kwargs):
    """Call a model transition, turning "not allowed now" into a CaseConflict with a Chinese message."""
    method = getattr(case, name)
    if not can_proceed(method):
        raise CaseConflict(
            f"办件当前状态为“{CaseState(case.state).label}”，不能执行该操作。",
            object=case,
            method=name,
        )
    method(**kwargs)


def write_event(case, *, action, from_state, by, note="", payload=None, public=True, at=None, case_saved=False):
    """Save the case and append its one event, in the caller's transaction.

    The database puts the event into the outbox in the same INSERT (a trigger), so every
    subscriber of approvals.events receives it once after commit (see
    approvals/services/publishing.py). Only the case's changed columns are written
    (Case.save_changes). `case_saved`: the caller has just saved the case with `last_event_seq`
    already counting this event (a new case's first one), so it is not written a second time.
    """
    from approvals.services.publishing import enqueue_delivery

    if not case_saved:
        case.last_event_seq += 1
        case.save_changes()
    event = CaseEvent(
        case=case,
        seq=case.last_event_seq,
        action=action,
        from_state=from_state or "",
        to_state=case.state,
        actor=by if by is not None and by.is_authenticated else None,
        actor_role=role_of(by) if by is not None else SYSTEM_ROLE,
        at=at or hall_clock.now(),
        note=note or "",
        payload=payload or {},
        public=public,
    )
    known = getattr(case, "locked_last_hash", None)
    if known is not None and getattr(case, "locked_hash_seq", None) == event.seq - 1 and event.seq > 1:
        # The lock query read the previous event's hash: link without another query.
        event.prev_hash = known or GENESIS
        event.hash = event.compute_hash()
    event.save(force_insert=True)
    # A second event in the same transaction links to this one.
    case.locked_last_hash, case.locked_hash_seq = event.hash, event.seq
    enqueue_delivery(event.case_id)
    return event


def compute_case_deadline(case, accepted_at):
    from catalog import clock

    snapshot = case.snapshot
    return clock.compute_deadline(
        accepted_at=accepted_at,
        # A hall's 实施清单 may promise less than the basic item (never more).
        limit_days=case.local_limit_days or snapshot.get("promised_limit_days") or 0,
        instant=case.is_instant,
        warn_days=snapshot.get("warn_days"),
    )


def enqueue_deemed_acceptance(case):
    """On commit: the fast path of the 10-minute rule. The beat sweep is the backstop.

    Due at `auto_accept_at` itself (not a countdown from the commit, which ends later by however
    long the transaction took to commit)."""
    case_id, eta = case.pk, case.auto_accept_at

    def send():
        from approvals import tasks

        try:
            tasks.deem_accepted.apply_async(args=[case_id], eta=eta)
        except Exception:  # the broker is down: the sweep still accepts the case on time
            logger.exception("could not enqueue deemed acceptance for case %s", case_id)

    transaction.on_commit(send)


def blank(value):
    return not (value or "").strip()


def require_materials_complete(case):
    """Every required material received, or deficient/committed where the version allows."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from approvals.constants import MaterialStatus
    from approvals.models import CaseMaterial

    missing = list(
        CaseMaterial.objects.filter(case=case, required=True, status=MaterialStatus.MISSING)
        .order_by("position", "requirement_id")  # not the default, which joins the case table
        .values_list("name", flat=True)
    )
    if missing:
        raise ValidationError({"materials": [_("必要材料尚未收齐：%(names)s。") % {"names": "、".join(missing)}]})
