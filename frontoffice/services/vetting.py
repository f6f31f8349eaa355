"""窗口无权否决: a window's 不予受理 (or a one-time notice beyond the second round) waits for the
department chief's — or a hall supervisor's — confirmation before it reaches the applicant.

approvals knows nothing of this app: `hold_refuse` / `hold_notice` are registered as holds of the
case actions (approvals.actions.hold). When the hall's rule is on (HALL_WINDOW_NO_VETO) they record
a Confirmation instead of running the service; the chief's confirmation runs approvals' own
service then, in the name of the clerk who asked, so the notice and the timeline are the usual
ones — and the applicant hears only the confirmed outcome.

The request waits on a short clock (HALL_CONFIRMATION_MINUTES on working days): due and warning
times are stored; past due it is escalated exactly once (a countdown task on commit, and the
beat sweep claiming due rows with skip_locked; the service re-checks under the lock).
"""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from approvals import policies
from approvals import services as case_services
from approvals.actions import Held
from approvals.constants import Action
from approvals.services._base import CaseConflict, lock_case
from audit import services as audit
from frontoffice import clock
from frontoffice.constants import ConfirmationAction, ConfirmationStatus
from frontoffice.models import Confirmation
from hall import clock as hall_clock
from hall.constants import Role
from hall.selectors import staff_profile_of

logger = logging.getLogger("frontoffice")

# A one-time notice needs confirmation from this round on (the third: "beyond the second").
NOTICE_ROUND_NEEDING_CONFIRMATION = 3

_TRANSITION = {ConfirmationAction.REFUSE: "refuse", ConfirmationAction.NOTICE: "request_supplement"}
_EVENT = {ConfirmationAction.REFUSE: Action.REFUSE, ConfirmationAction.NOTICE: Action.REQUEST_SUPPLEMENT}


def _at_window(user):
    profile = staff_profile_of(user)
    return profile is not None and profile.role == Role.FRONT_DESK


def hold_refuse(*, case, by, data):
    """The hold of `refuse`: None (let it run) unless the rule is on and a window refuses."""
    if not settings.HALL_WINDOW_NO_VETO or not _at_window(by):
        return None
    reason = (data.get("reason") or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("不予受理必须说明理由。")]})
    return _request(case=case, by=by, action=ConfirmationAction.REFUSE, data={"reason": reason}, summary=reason)


def hold_notice(*, case, by, data):
    """The hold of `request-supplement`: from the third one-time notice on, the chief confirms."""
    if not settings.HALL_WINDOW_NO_VETO or not _at_window(by):
        return None
    if case.notice_rounds + 1 < NOTICE_ROUND_NEEDING_CONFIRMATION:
        return None
    materials = [int(m) for m in data.get("materials") or []]
    if not materials:
        raise ValidationError({"materials": [_("请列明需补正的全部材料。")]})
    names = dict(case.materials.filter(requirement_id__in=materials).values_list("requirement_id", "name"))
    note = (data.get("note") or "").strip()
    summary = _("第%(n)d次一次性告知，需补正：%(names)s") % {
        "n": case.notice_rounds + 1,
        "names": "、".join(names.get(m, str(m)) for m in materials),
    }
    if note:
        summary += "；" + note
    return _request(
        case=case,
        by=by,
        action=ConfirmationAction.NOTICE,
        data={"materials": materials, "note": note},
        summary=summary,
    )


def _request(*, case, by, action, data, summary):
    now = hall_clock.now()
    due = clock.due_after(now, settings.HALL_CONFIRMATION_MINUTES)
    with transaction.atomic():
        locked = lock_case(case)
        policies.require(by, _EVENT[action], locked)
        if not can_proceed(getattr(locked, _TRANSITION[action])):
            raise CaseConflict(_("办件当前状态不能执行该操作。"), object=locked, method=_TRANSITION[action])
        if Confirmation.objects.filter(case=locked, status=ConfirmationStatus.PENDING).exists():
            raise ValidationError({"reason": [_("该办件已有待首席代表确认的申请，请等待确认结果。")]})
        confirmation = Confirmation.objects.create(
            case=locked,
            action=action,
            data=data,
            summary=summary,
            requested_by=by,
            requested_at=now,
            due_at=due,
            warn_at=clock.warn_time(now, due),
        )
        audit.record(
            kind="confirmation-requested",
            user=by,
            target_type="case",
            target=locked.number,
            details={"confirmation": confirmation.pk, "action": action},
        )
        _enqueue_escalation(confirmation)
    message = _("窗口无权否决：已提请%(department)s首席代表确认（时限 %(due)s），确认前不告知申请人。") % {
        "department": locked.department.name,
        "due": timezone.localtime(due).strftime("%m-%d %H:%M"),
    }
    return Held(message=message, url=reverse("approvals:case", kwargs={"number": locked.number}))


def _enqueue_escalation(confirmation):
    pk, due = confirmation.pk, confirmation.due_at

    def send():
        from frontoffice import tasks

        countdown = max(0, (due - hall_clock.now()).total_seconds())
        try:
            tasks.escalate_confirmation.apply_async(args=[pk], countdown=countdown)
        except Exception:  # the broker is down: the beat sweep escalates it on time
            logger.exception("could not enqueue the escalation of confirmation %s", pk)

    transaction.on_commit(send)


def may_confirm(user, case):
    """The case department's chief representative, or a hall supervisor."""
    profile = staff_profile_of(user)
    if profile is None:
        return False
    if profile.role == Role.SUPERVISOR:
        return True
    return profile.role == Role.CHIEF and profile.department_id == case.department_id


def _lock_pending(confirmation, by):
    row = Confirmation.objects.select_for_update().select_related("case", "requested_by").get(pk=confirmation.pk)
    if not may_confirm(by, row.case):
        raise PermissionDenied(_("只有该部门首席代表或大厅督查人员可以确认。"))
    if row.status != ConfirmationStatus.PENDING:
        raise CaseConflict(
            _("该申请已处理（%(status)s）。") % {"status": row.get_status_display()}, object=row, method=""
        )
    return row


def confirmation_confirm(*, confirmation, by, note=""):
    """The chief agrees: approvals' own service runs now, in the name of the clerk who asked."""
    with transaction.atomic():
        row = _lock_pending(confirmation, by)
        if row.action == ConfirmationAction.REFUSE:
            case_services.case_refuse(case=row.case, reason=row.data["reason"], by=row.requested_by)
        else:
            case_services.case_request_supplement(
                case=row.case, materials=row.data["materials"], note=row.data.get("note", ""), by=row.requested_by
            )
        row.status = ConfirmationStatus.CONFIRMED
        row.decided_by = by
        row.decided_at = hall_clock.now()
        row.decision_note = (note or "").strip()
        row.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        audit.record(
            kind="confirmation-confirmed",
            user=by,
            target_type="case",
            target=row.case.number,
            details={"confirmation": row.pk, "action": row.action},
        )
    return row


def confirmation_reject(*, confirmation, by, note):
    """The chief does not agree: the case stays with the window, which goes on with it."""
    if not (note or "").strip():
        raise ValidationError({"note": [_("不同意时请写明意见，窗口据此继续办理。")]})
    with transaction.atomic():
        row = _lock_pending(confirmation, by)
        row.status = ConfirmationStatus.REJECTED
        row.decided_by = by
        row.decided_at = hall_clock.now()
        row.decision_note = note.strip()
        row.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        audit.record(
            kind="confirmation-rejected",
            user=by,
            target_type="case",
            target=row.case.number,
            details={"confirmation": row.pk, "action": row.action},
        )
    return row


def confirmation_escalate(*, confirmation_id, now=None):
    """Past due and still pending: escalate once (to the hall supervisors' list). True if it did."""
    now = now or hall_clock.now()
    with transaction.atomic():
        row = (
            Confirmation.objects.select_for_update()
            .select_related("case")
            .filter(pk=confirmation_id, status=ConfirmationStatus.PENDING, escalated_at__isnull=True, due_at__lte=now)
            .first()
        )
        if row is None:
            return False  # confirmed in time, already escalated, or not yet due
        row.escalated_at = now
        row.save(update_fields=["escalated_at"])
        audit.record(
            kind="confirmation-overdue",
            target_type="case",
            target=row.case.number,
            details={"confirmation": row.pk, "action": row.action},
        )
    return True


def sweep_due(*, now=None, limit=500):
    """The beat backstop: escalate every due confirmation a lost countdown left behind."""
    now = now or hall_clock.now()
    ids = list(
        Confirmation.objects.filter(status=ConfirmationStatus.PENDING, escalated_at__isnull=True, due_at__lte=now)
        .order_by("due_at")
        .values_list("pk", flat=True)[:limit]
    )
    done = 0
    for pk in ids:
        with transaction.atomic():
            claimed = (
                Confirmation.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, status=ConfirmationStatus.PENDING, escalated_at__isnull=True)
                .values_list("pk", flat=True)
                .first()
            )
            if claimed is None:
                continue
            done += confirmation_escalate(confirmation_id=claimed, now=now)
    return done
