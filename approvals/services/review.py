"""Back office: review steps, suspension of the clock, the decision."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from approvals import guards, policies
from approvals.constants import Action, CaseState, Outcome, SuspensionKind
from approvals.models import Suspension
from approvals.services._base import CaseConflict, blank, case_transaction, lock_case, run_transition, write_event
from hall import clock as hall_clock


def case_advance(*, case, by, opinion="", note=""):
    """Finish the current review step with its 审查意见 and move to the next (受理 → 审查 → … → 决定).

    The opinion is required where the item's step says so; a case never moves past the
    deciding step before it is decided (the model's `advance` condition).
    """
    opinion = (opinion or note or "").strip()
    with case_transaction():
        case = lock_case(case)
        policies.require(by, Action.ADVANCE, case)
        source, previous = case.state, case.current_step
        current = case.step(previous) if previous is not None else None
        if case.state == CaseState.IN_REVIEW and current is not None and current.get("decides"):
            raise CaseConflict(
                _("“%(step)s”是决定环节，须先作出准予或不予许可的决定，不能转入下一环节。") % {"step": current["name"]},
                object=case,
                method="advance",
            )
        if current is not None and current.get("opinion_required") and not opinion:
            raise ValidationError(
                {"opinion": [_("“%(step)s”环节须填写审查意见后才能转入下一环节。") % {"step": current["name"]}]}
            )
        run_transition(case, "advance")
        step = case.step(case.current_step)
        write_event(
            case,
            action=Action.ADVANCE,
            from_state=source,
            by=by,
            note=opinion,
            payload={
                "from_step": previous,
                "from_step_name": current["name"] if current else "",
                "to_step": case.current_step,
                "step_name": step["name"],
            },
        )
    return case


def case_suspend(*, case, kind, reason, by):
    """特别程序: stop the clock (hearing, expert review, inspection, supplement in review…)."""
    errors = {}
    if kind not in SuspensionKind.values:
        errors["kind"] = [_("中止计时类型无效。")]
    if blank(reason):
        errors["reason"] = [_("中止计时必须说明事由。")]
    if errors:
        raise ValidationError(errors)
    with case_transaction():
        case = lock_case(case)
        policies.require(by, Action.SUSPEND, case)
        source, now = case.state, hall_clock.now()
        run_transition(case, "suspend", at=now)
        Suspension.objects.create(case=case, kind=kind, reason=reason.strip(), started_at=now, started_by=by)
        write_event(
            case, action=Action.SUSPEND, from_state=source, by=by, note=reason.strip(), at=now, payload={"kind": kind}
        )
    return case


def case_resume(*, case, by, note=""):
    """Restart the clock: the working days spent suspended are added to the deadline."""
    from catalog import clock

    with case_transaction():
        case = lock_case(case)
        policies.require(by, Action.RESUME, case)
        source, now = case.state, hall_clock.now()
        open_suspension = Suspension.objects.select_for_update().filter(case=case, ended_at__isnull=True).first()
        suspended_at = case.suspended_at or (open_suspension.started_at if open_suspension else now)
        if case.deadline_at is not None:
            deadline, days_added = clock.extend_for_suspension(
                deadline=clock.Deadline(case.deadline_at, case.warn_at, case.provisional),
                suspended_at=suspended_at,
                resumed_at=now,
                limit_days=case.snapshot.get("promised_limit_days") or 0,
                warn_days=case.snapshot.get("warn_days"),
            )
        else:  # pragma: no cover - a running case always has a deadline
            deadline, days_added = clock.Deadline(None, None, False), 0
        run_transition(case, "resume", deadline=deadline, days_added=days_added)
        if open_suspension is not None:
            open_suspension.ended_at, open_suspension.ended_by = now, by
            open_suspension.working_days = days_added
            open_suspension.save(update_fields=["ended_at", "ended_by", "working_days"])
        write_event(
            case,
            action=Action.RESUME,
            from_state=source,
            by=by,
            note=note,
            at=now,
            payload={
                "days_added": days_added,
                "deadline_at": case.deadline_at.isoformat() if case.deadline_at else None,
            },
        )
    return case


def case_decide(*, case, outcome, reason="", by):
    """准予 or 不予许可. A denial states its reasons; the appeal route goes into the event."""
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": [_("决定结果只能是准予许可或不予许可。")]})
    if outcome == Outcome.DENIED and blank(reason):
        raise ValidationError({"reason": [_("不予许可必须说明理由。")]})
    with case_transaction():
        case = lock_case(case)
        policies.require(by, Action.DECIDE, case)
        guards.check(Action.DECIDE, case=case, by=by, outcome=outcome)
        source, now = case.state, hall_clock.now()
        reason = (reason or "").strip()
        if outcome == Outcome.GRANTED:
            run_transition(case, "grant", at=now, reason=reason)
            payload = {"outcome": outcome}
        else:
            run_transition(case, "deny", at=now, reason=reason)
            payload = {"outcome": outcome, "appeal_route": settings.HALL_APPEAL_ROUTE}
        write_event(case, action=Action.DECIDE, from_state=source, by=by, note=reason, at=now, payload=payload)
    return case
