"""What every case service shares: the row lock, the one event, the clock, the errors."""

import logging

from django.conf import settings
from django.db import transaction
from django_fsm import TransitionNotAllowed, can_proceed

from approvals.constants import CaseState
from approvals.models import Case, CaseEvent
from hall import clock as hall_clock
from hall.constants import SYSTEM_ROLE
from hall.selectors import role_of

logger = logging.getLogger("approvals")


class CaseConflict(TransitionNotAllowed):
    """The action is not allowed in the case's current state (or lost a race): HTTP 409."""


def lock_case(case_or_id):
    """Re-read the case under a row lock; every service works on the locked copy."""
    pk = getattr(case_or_id, "pk", case_or_id)
    return (
        Case.objects.select_for_update(of=("self",)).select_related("item_version", "department", "window").get(pk=pk)
    )


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


def write_event(case, *, action, from_state, by, note="", payload=None, public=True, at=None):
    """Save the case and append its one event, in the caller's transaction.

    The event also goes into the outbox, so every subscriber of approvals.events receives it
    once after commit (see approvals/services/publishing.py).
    """
    from approvals.services.publishing import record_in_outbox

    case.last_event_seq += 1
    case.save()
    event = CaseEvent.objects.create(
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
    record_in_outbox(event)
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
    """On commit: the fast path of the 10-minute rule. The beat sweep is the backstop."""
    case_id, countdown = case.pk, settings.HALL_AUTO_ACCEPT_SECONDS

    def send():
        from approvals import tasks

        try:
            tasks.deem_accepted.apply_async(args=[case_id], countdown=countdown)
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
        CaseMaterial.objects.filter(case=case, required=True, status=MaterialStatus.MISSING).values_list(
            "name", flat=True
        )
    )
    if missing:
        raise ValidationError({"materials": [_("必要材料尚未收齐：%(names)s。") % {"names": "、".join(missing)}]})
