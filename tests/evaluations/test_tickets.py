"""差评 tickets on the hall's clock: 5 working days (configurable), yellow and red exactly once and on
time, call-back before closing a real-name one, the supervisor's review, the applicant's re-rating."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from catalog.clock import SHANGHAI
from evaluations import services
from evaluations.constants import NoticeLevel, RatingChannel, TicketState, Verdict
from evaluations.models import TicketNotice
from hall.constants import Role
from supervision.models import Notification
from tests.evaluations.helpers import delivered_online_case
from tests.factories import Cast, make_applicant_user, make_department, make_item, make_staff

pytestmark = pytest.mark.django_db

MONDAY = datetime(2026, 11, 23, 10, 0, tzinfo=SHANGHAI)


def bad_rating(*, real_name=True, at=MONDAY, **kwargs):
    with time_machine.travel(at, tick=False):
        case, occasion = delivered_online_case(**kwargs)
        rating = services.rating_submit(
            occasion=occasion,
            channel=RatingChannel.PORTAL,
            score=1,
            bad_indicator="efficiency",
            reason="审批拖了很久，多次催促无果",
            anonymous=not real_name,
            by=case.applicant_user,
        )
    return case, rating.ticket


def local_day(moment):
    return timezone.localtime(moment, SHANGHAI).date()


def test_the_deadline_is_five_working_days_and_yellow_two_before():
    _case, ticket = bad_rating()
    assert local_day(ticket.deadline_at) == date(2026, 11, 30)  # Tue..Fri, Mon: 5 working days after Monday
    assert local_day(ticket.warn_at) == date(2026, 11, 26)
    assert ticket.provisional is False


def test_the_working_days_are_configurable(settings):
    settings.EVALUATIONS_RECTIFY_DAYS = 15
    _case, ticket = bad_rating()
    assert local_day(ticket.deadline_at) == date(2026, 12, 14)


def test_yellow_and_red_are_raised_once_each_and_on_time():
    case, ticket = bad_rating()
    cast_reviewer = make_staff(role=Role.REVIEWER, department=case.department)
    make_staff(role=Role.SUPERVISOR)
    assert services.tickets_sweep(now=datetime(2026, 11, 26, 23, 0, tzinfo=SHANGHAI)) == 0
    assert ticket.level_at(datetime(2026, 11, 26, 23, 0, tzinfo=SHANGHAI)) == "green"

    yellow_time = datetime(2026, 11, 27, 0, 1, tzinfo=SHANGHAI)
    assert ticket.level_at(yellow_time) == "yellow"
    assert services.tickets_sweep(now=yellow_time) == 1
    assert services.tickets_sweep(now=yellow_time + timedelta(hours=1)) == 0
    assert services.ticket_raise_notice(ticket_id=ticket.pk, level=NoticeLevel.YELLOW, now=yellow_time) is False
    assert Notification.objects.filter(user=cast_reviewer, level="yellow").count() == 1

    late_monday = datetime(2026, 11, 30, 23, 0, tzinfo=SHANGHAI)
    assert services.tickets_sweep(now=late_monday) == 0
    assert services.ticket_raise_notice(ticket_id=ticket.pk, level=NoticeLevel.RED, now=late_monday) is False

    red_time = datetime(2026, 12, 1, 0, 1, tzinfo=SHANGHAI)
    assert ticket.level_at(red_time) == "red"
    assert services.tickets_sweep(now=red_time) == 1
    assert services.tickets_sweep(now=red_time + timedelta(days=1)) == 0
    assert list(TicketNotice.objects.filter(ticket=ticket).values_list("level", flat=True).order_by("level")) == [
        "red",
        "yellow",
    ]
    assert Notification.objects.filter(user=cast_reviewer, level="red").count() == 1


def test_the_fast_path_task_is_enqueued_with_the_due_times(django_capture_on_commit_callbacks, monkeypatch):
    from evaluations import tasks

    sent = []
    monkeypatch.setattr(tasks.raise_ticket_notice, "apply_async", lambda args, eta: sent.append((args, eta)))
    with django_capture_on_commit_callbacks(execute=True):
        _case, ticket = bad_rating()
    assert sent == [
        ([ticket.pk, "yellow"], ticket.warn_at + timedelta(seconds=1)),
        ([ticket.pk, "red"], ticket.deadline_at + timedelta(seconds=1)),
    ]


def test_a_closed_ticket_raises_nothing():
    case, ticket = bad_rating(real_name=False)
    reviewer = make_staff(role=Role.REVIEWER, department=case.department)
    services.ticket_respond(ticket=ticket, verdict=Verdict.FIXED, response="已约谈窗口人员并整改", by=reviewer)
    services.ticket_review(ticket=ticket, decision="approve", by=make_staff(role=Role.SUPERVISOR))
    assert services.tickets_sweep(now=datetime(2026, 12, 5, tzinfo=SHANGHAI)) == 0


def test_a_real_name_ticket_closes_only_after_the_call_back_and_the_review():
    case, ticket = bad_rating(real_name=True)
    assert ticket.real_name
    reviewer = make_staff(role=Role.REVIEWER, department=case.department)
    supervisor = make_staff(role=Role.SUPERVISOR)
    with pytest.raises(services.EvaluationConflict):  # nothing to review yet
        services.ticket_review(ticket=ticket, decision="approve", by=supervisor)
    with pytest.raises(ValidationError) as exc:
        services.ticket_respond(ticket=ticket, verdict=Verdict.PLAN, response="限期整改", by=reviewer)
    assert "plan_due" in exc.value.message_dict
    ticket = services.ticket_respond(
        ticket=ticket, verdict=Verdict.PLAN, response="增加窗口人手", plan_due=timezone.localdate(), by=reviewer
    )
    assert ticket.state == TicketState.RESPONDED
    with pytest.raises(services.EvaluationConflict, match="回访"):
        services.ticket_review(ticket=ticket, decision="approve", by=supervisor)
    with pytest.raises(PermissionDenied):  # the handler does not review their own work
        services.ticket_review(ticket=ticket, decision="approve", by=reviewer)
    services.ticket_callback(ticket=ticket, note="已电话回访申请人，说明整改措施，申请人表示理解", by=reviewer)
    ticket = services.ticket_review(ticket=ticket, decision="approve", note="同意办结", by=supervisor)
    assert ticket.state == TicketState.CLOSED and ticket.closed_at and ticket.on_time

    with pytest.raises(PermissionDenied):
        services.ticket_rerate(ticket=ticket, score=4, by=make_applicant_user())
    ticket = services.ticket_rerate(ticket=ticket, score=4, by=case.applicant_user)
    assert ticket.rerating == 4
    with pytest.raises(services.EvaluationConflict):
        services.ticket_rerate(ticket=ticket, score=5, by=case.applicant_user)


def test_the_supervisor_returns_a_ticket_with_a_reason():
    case, ticket = bad_rating(real_name=False)
    reviewer = make_staff(role=Role.REVIEWER, department=case.department)
    supervisor = make_staff(role=Role.SUPERVISOR)
    services.ticket_respond(ticket=ticket, verdict=Verdict.EXPLAINED, response="已解释", by=reviewer)
    with pytest.raises(ValidationError):
        services.ticket_review(ticket=ticket, decision="return", by=supervisor)
    ticket = services.ticket_review(ticket=ticket, decision="return", note="整改措施不具体", by=supervisor)
    assert ticket.state == TicketState.OPEN


def test_only_whoever_handled_it_may_respond():
    case, ticket = bad_rating()
    other = make_staff(role=Role.REVIEWER, department=make_department())
    with pytest.raises(PermissionDenied):
        services.ticket_respond(ticket=ticket, verdict=Verdict.FIXED, response="已整改", by=other)
    with pytest.raises(PermissionDenied):
        services.ticket_callback(ticket=ticket, note="回访", by=make_staff(role=Role.COMPLAINT_DESK))
    # The clerk who received the case is responsible too (谁办理谁负责).
    services.ticket_callback(ticket=ticket, note="已回访", by=case.received_by)


def test_a_window_bad_rating_goes_to_the_clerk_and_window():
    item = make_item(department=make_department())
    cast = Cast(item.department)
    occasion = services.occasion_present(by=cast.desk)
    rating = services.rating_submit(
        occasion=occasion, channel=RatingChannel.PAD, score=2, bad_indicator="attitude", reason="态度不好，不耐烦"
    )
    ticket = rating.ticket
    assert ticket.staff == cast.desk and ticket.window == cast.desk.staff_profile.window
