"""差评 and complaint tickets on the hall's working-day clock: call-back, verdict, review, re-rating,
and the yellow/red notices (due time stored on the row; a task at that time, a beat sweep as backstop)."""

import contextlib
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog import clock
from evaluations.constants import NoticeLevel, ReviewDecision, Score, TicketKind, TicketState, Verdict
from evaluations.models import Ticket, TicketNotice
from evaluations.services._base import EvaluationConflict, role_of_staff
from hall.constants import Role
from hall.selectors import staff_profile_of

REVIEW_ROLES = {Role.SUPERVISOR, Role.HALL_ADMIN}


# --------------------------------------------------------------------------- opening


def rectify_deadline(*, opened_at):
    return clock.compute_deadline(
        accepted_at=opened_at,
        limit_days=settings.EVALUATIONS_RECTIFY_DAYS,
        warn_days=settings.EVALUATIONS_RECTIFY_WARN_DAYS,
    )


def same_day_deadline(*, opened_at):
    """Complaints: the close of the working day they arrive (the next working day on a day off)."""
    day = timezone.localtime(opened_at, clock.SHANGHAI).date()
    start = opened_at
    if not clock.is_workday(day):
        day = clock.add_working_days(day, 1)
        start = datetime.combine(day, time(9), tzinfo=clock.SHANGHAI)
    deadline = clock.compute_deadline(accepted_at=start, limit_days=0, instant=True)
    warn_at = max(deadline.deadline_at - timedelta(hours=settings.EVALUATIONS_COMPLAINT_WARN_HOURS), opened_at)
    return clock.Deadline(deadline.deadline_at, warn_at, deadline.provisional)


def _schedule_notices(ticket):
    def send():
        from evaluations import tasks

        for level, at in ((NoticeLevel.YELLOW, ticket.warn_at), (NoticeLevel.RED, ticket.deadline_at)):
            # A broker that is down loses nothing: the beat sweep raises the notice.
            with contextlib.suppress(Exception):
                tasks.raise_ticket_notice.apply_async(args=[ticket.pk, level], eta=at + timedelta(seconds=1))

    transaction.on_commit(send)


def _open(**fields):
    ticket = Ticket.objects.create(**fields)
    _schedule_notices(ticket)
    return ticket


def ticket_open_for_rating(*, rating, now):
    """In the rating's transaction: the 差评 goes to whoever handled the service (谁办理谁负责)."""
    deadline = rectify_deadline(opened_at=now)
    return _open(
        kind=TicketKind.BAD_RATING,
        rating=rating,
        department_id=rating.department_id,
        window_id=rating.window_id,
        staff_id=rating.staff_id,
        real_name=not rating.anonymous,
        opened_at=now,
        deadline_at=deadline.deadline_at,
        warn_at=deadline.warn_at,
        provisional=deadline.provisional,
    )


def ticket_open_for_complaint(*, complaint, now):
    deadline = same_day_deadline(opened_at=now)
    return _open(
        kind=TicketKind.COMPLAINT,
        complaint=complaint,
        department_id=complaint.department_id,
        window_id=complaint.window_id,
        real_name=not complaint.anonymous,
        opened_at=now,
        deadline_at=deadline.deadline_at,
        warn_at=deadline.warn_at,
        provisional=deadline.provisional,
    )


# --------------------------------------------------------------------------- who may


def may_handle(user, ticket):
    """The responsible department's staff, the clerk concerned, the complaint desk for complaints."""
    role = role_of_staff(user)
    if role is None:
        return False
    if role == Role.HALL_ADMIN:
        return True
    if role == Role.COMPLAINT_DESK:
        return ticket.kind == TicketKind.COMPLAINT
    profile = staff_profile_of(user)
    if role in (Role.REVIEWER, Role.CHIEF):
        return ticket.department_id is not None and profile.department_id == ticket.department_id
    if role in (Role.FRONT_DESK, Role.DELIVERY):
        return ticket.staff_id == user.pk or (ticket.window_id is not None and profile.window_id == ticket.window_id)
    return False


def may_review(user, ticket):
    role = role_of_staff(user)
    if role in REVIEW_ROLES:
        return True
    return role == Role.COMPLAINT_DESK and ticket.kind == TicketKind.COMPLAINT


def _locked(ticket):
    return Ticket.objects.select_for_update().get(pk=ticket.pk)


def _text(value, field, message):
    value = (value or "").strip()
    if len(value) < 2:
        raise ValidationError({field: message})
    return value


# --------------------------------------------------------------------------- handling


def ticket_callback(*, ticket, note, by, now=None):
    """回访: the handler called the applicant back; what was said."""
    now = now or timezone.now()
    if not may_handle(by, ticket):
        raise PermissionDenied(_("您不是该工单的责任人。"))
    note = _text(note, "callback_note", _("请填写回访情况。"))
    with transaction.atomic():
        ticket = _locked(ticket)
        if ticket.state == TicketState.CLOSED:
            raise EvaluationConflict(_("工单已办结。"))
        ticket.callback_at, ticket.callback_by, ticket.callback_note = now, by, note
        ticket.save(update_fields=["callback_at", "callback_by", "callback_note"])
    return ticket


def ticket_respond(*, ticket, verdict, response, plan_due=None, by, now=None):
    """The handler's verdict (核实结论) and what was done; goes to the supervisor for review."""
    now = now or timezone.now()
    if not may_handle(by, ticket):
        raise PermissionDenied(_("您不是该工单的责任人。"))
    errors = {}
    if verdict not in Verdict.values:
        errors["verdict"] = _("请选择核实结论。")
    response = (response or "").strip()
    if len(response) < 2:
        errors["response"] = _("请填写整改或说明情况。")
    if verdict == Verdict.PLAN:
        if plan_due is None:
            errors["plan_due"] = _("限期整改须填写整改完成日期。")
        elif plan_due < timezone.localdate(now):
            errors["plan_due"] = _("整改完成日期不能早于今天。")
    else:
        plan_due = None
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        ticket = _locked(ticket)
        if ticket.state != TicketState.OPEN:
            raise EvaluationConflict(_("工单当前不在整改环节。"))
        ticket.verdict, ticket.response, ticket.plan_due = verdict, response, plan_due
        ticket.responded_at, ticket.responded_by, ticket.state = now, by, TicketState.RESPONDED
        ticket.save(update_fields=["verdict", "response", "plan_due", "responded_at", "responded_by", "state"])
    return ticket


def ticket_review(*, ticket, decision, note="", by, now=None):
    """The hall's supervisor reviews: approve closes (only after the call-back for real-name ones),
    return sends it back to the handler."""
    now = now or timezone.now()
    if not may_review(by, ticket):
        raise PermissionDenied(_("只有督查人员可以复核。"))
    if decision not in ReviewDecision.values:
        raise ValidationError({"decision": _("请选择复核结论。")})
    note = (note or "").strip()
    if decision == ReviewDecision.RETURN and len(note) < 2:
        raise ValidationError({"review_note": _("退回须写明理由。")})
    with transaction.atomic():
        ticket = _locked(ticket)
        if ticket.state != TicketState.RESPONDED:
            raise EvaluationConflict(_("工单尚未反馈整改情况，不能复核。"))
        if decision == ReviewDecision.APPROVE and ticket.real_name and ticket.callback_at is None:
            raise EvaluationConflict(_("实名评价须先记录回访，才能办结。"))
        ticket.review_decision, ticket.review_note = decision, note
        ticket.reviewed_at, ticket.reviewed_by = now, by
        if decision == ReviewDecision.APPROVE:
            ticket.state, ticket.closed_at = TicketState.CLOSED, now
        else:
            ticket.state = TicketState.OPEN
        ticket.save()
    return ticket


def ticket_rerate(*, ticket, score, by, now=None):
    """The applicant, told the outcome, rates the handling once."""
    now = now or timezone.now()
    try:
        score = int(score)
    except (TypeError, ValueError):
        score = None
    if score not in Score.values:
        raise ValidationError({"score": _("请选择评价等级。")})
    with transaction.atomic():
        ticket = _locked(ticket)
        if ticket.applicant_user_id != by.pk:
            raise PermissionDenied(_("只能评价自己的工单。"))
        if ticket.state != TicketState.CLOSED:
            raise EvaluationConflict(_("整改尚未办结。"))
        if ticket.rerating is not None:
            raise EvaluationConflict(_("已经评价过整改结果了。"))
        ticket.rerating, ticket.rerated_at = score, now
        ticket.save(update_fields=["rerating", "rerated_at"])
    return ticket


# --------------------------------------------------------------------------- notices


def _recipients(ticket):
    from hall.models import StaffProfile

    q = Q(role__in=[Role.SUPERVISOR])
    if ticket.department_id:
        q |= Q(role__in=[Role.REVIEWER, Role.CHIEF], department_id=ticket.department_id)
    if ticket.kind == TicketKind.COMPLAINT:
        q |= Q(role=Role.COMPLAINT_DESK)
    ids = set(StaffProfile.objects.filter(q).values_list("user_id", flat=True))
    if ticket.staff_id:
        ids.add(ticket.staff_id)
    return sorted(ids)


def _notice_text(ticket, level):
    deadline = timezone.localtime(ticket.deadline_at).strftime("%Y-%m-%d %H:%M")
    what = ticket.get_kind_display()
    if level == NoticeLevel.RED:
        return _("%(what)s工单 #%(id)s 已超过整改期限 %(deadline)s，请立即办理。") % {
            "what": what,
            "id": ticket.pk,
            "deadline": deadline,
        }
    return _("%(what)s工单 #%(id)s 临近整改期限 %(deadline)s，已进入黄灯预警。") % {
        "what": what,
        "id": ticket.pk,
        "deadline": deadline,
    }


def ticket_raise_notice(*, ticket_id, level, now=None):
    """Record the (ticket, level) notice once and tell the people concerned; True if recorded now.

    Re-checks under the lock: a closed ticket, a level not reached yet, or a notice already
    recorded (a late, duplicate or raced run) does nothing."""
    from supervision.constants import NotificationKind
    from supervision.models import Notification

    now = now or timezone.now()
    try:
        with transaction.atomic():
            ticket = Ticket.objects.select_for_update().filter(pk=ticket_id).first()
            if ticket is None or ticket.state == TicketState.CLOSED:
                return False
            reached = now > ticket.deadline_at if level == NoticeLevel.RED else now >= ticket.warn_at
            if not reached:
                return False
            TicketNotice.objects.create(ticket=ticket, level=level, created_at=now)
            message = _notice_text(ticket, level)[:300]
            Notification.objects.bulk_create(
                Notification(
                    user_id=user_id,
                    case_id=ticket.rating.case_id if ticket.rating_id else ticket.complaint.case_id,
                    level=level,
                    kind=NotificationKind.TIME_LIMIT,
                    message=message,
                    created_at=now,
                )
                for user_id in _recipients(ticket)
            )
    except IntegrityError:
        return False  # another run recorded it first
    return True


def tickets_due_notice(*, level, now):
    notified = TicketNotice.objects.filter(ticket=OuterRef("pk"), level=level)
    due = Q(deadline_at__lt=now) if level == NoticeLevel.RED else Q(warn_at__lte=now)
    return (
        Ticket.objects.exclude(state=TicketState.CLOSED)
        .filter(due)
        .filter(~Exists(notified))
        .order_by("deadline_at")
        .values_list("pk", flat=True)
    )


def tickets_sweep(*, now=None, limit=500):
    """Beat backstop: raise every yellow/red notice that is due and was not raised. Returns how many."""
    now = now or timezone.now()
    raised = 0
    for level in (NoticeLevel.YELLOW, NoticeLevel.RED):
        for ticket_id in list(tickets_due_notice(level=level, now=now)[:limit]):
            raised += ticket_raise_notice(ticket_id=ticket_id, level=level, now=now)
    return raised
