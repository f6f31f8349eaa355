"""Recompute deadlines once the official calendar of a year is known."""

from django.db import transaction
from django.utils.translation import gettext as _

from approvals.constants import Action, CaseState
from approvals.models import Case
from approvals.services._base import compute_case_deadline, lock_case, write_event


def case_recompute_provisional_deadlines(*, year=None):
    """Recompute running cases whose stored deadline was provisional; returns how many changed.

    Called when a year's calendar is loaded. The limit counted is the promised limit plus the
    working days already spent suspended; the flag clears if the new deadline is official.
    """
    ids = list(
        Case.objects.filter(provisional=True, state__in=[CaseState.IN_REVIEW, CaseState.SUSPENDED])
        .exclude(accepted_at__isnull=True)
        .values_list("pk", flat=True)
    )
    changed = 0
    for case_id in ids:
        with transaction.atomic():
            case = lock_case(case_id)
            if not case.provisional or case.accepted_at is None:
                continue
            before = (case.deadline_at, case.warn_at)
            deadline = _recomputed(case)
            case._set_deadline(deadline)
            write_event(
                case,
                action=Action.RECOMPUTE_DEADLINE,
                from_state=case.state,
                by=None,
                note=_("已载入%(year)s年工作日历，重新计算办结期限。") % {"year": year or ""},
                public=False,
                payload={
                    "year": year,
                    "before": before[0].isoformat() if before[0] else None,
                    "deadline_at": case.deadline_at.isoformat() if case.deadline_at else None,
                    "provisional": case.provisional,
                },
            )
            changed += 1
    return changed


def _recomputed(case):
    from catalog import clock

    base = compute_case_deadline(case, case.accepted_at)
    if not case.suspended_days:
        return base
    # The suspended days push the deadline out; the yellow lead stays the one of the
    # promised limit, as on resume (clock.extend_for_suspension).
    limit = case.snapshot.get("promised_limit_days") or 0
    return clock.compute_deadline(
        accepted_at=case.accepted_at,
        limit_days=limit + case.suspended_days,
        instant=case.is_instant,
        warn_days=clock.warn_lead_days(limit, case.snapshot.get("warn_days")),
    )
