"""投诉: online, at the complaint desk or by phone; same-day target; no raw phone kept."""

from datetime import date, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from catalog.clock import SHANGHAI
from evaluations import services
from evaluations.constants import ComplaintSource, TicketKind, TicketState, Verdict
from evaluations.models import Complaint
from hall.constants import Role
from tests.factories import make_applicant_user, make_case, make_department, make_staff

pytestmark = pytest.mark.django_db


def test_an_online_complaint_is_due_the_same_working_day_and_routed_to_the_case_department():
    user = make_applicant_user()
    case = make_case(state="in_review", channel="online", applicant=user)
    at = datetime(2026, 11, 25, 10, 0, tzinfo=SHANGHAI)  # a Wednesday
    complaint = services.complaint_file(
        source=ComplaintSource.PORTAL,
        subject="审批太慢",
        content="已经超过承诺时限还没有结果",
        case=case,
        by=user,
        now=at,
    )
    ticket = complaint.ticket
    assert ticket.kind == TicketKind.COMPLAINT and ticket.department == case.department
    assert timezone.localtime(ticket.deadline_at, SHANGHAI).date() == date(2026, 11, 25)
    assert at <= ticket.warn_at < ticket.deadline_at
    assert complaint.complainant_name == user.applicant_profile.name


def test_a_complaint_on_a_day_off_is_due_the_next_working_day():
    user = make_applicant_user()
    saturday = datetime(2026, 11, 28, 10, 0, tzinfo=SHANGHAI)
    complaint = services.complaint_file(
        source=ComplaintSource.PORTAL, subject="周末无人", content="周末来大厅无人值守咨询", by=user, now=saturday
    )
    assert timezone.localtime(complaint.ticket.deadline_at, SHANGHAI).date() == date(2026, 11, 30)


def test_a_phone_complaint_keeps_only_a_masked_phone_and_a_keyed_hash():
    desk = make_staff(role=Role.COMPLAINT_DESK)
    complaint = services.complaint_file(
        source=ComplaintSource.PHONE,
        subject="窗口态度",
        content="来电反映3号窗口工作人员态度生硬",
        department=make_department(),
        name="刘先生",
        phone="139 1234 5678",
        by=desk,
    )
    row = Complaint.objects.filter(pk=complaint.pk).values().get()
    assert "13912345678" not in str(row)
    assert complaint.phone_masked == "139****5678" and len(complaint.phone_hash) == 64
    with pytest.raises(ValidationError) as exc:
        services.complaint_file(source=ComplaintSource.PHONE, subject="x号窗口", content="反映问题内容", by=desk)
    assert "phone" in exc.value.message_dict


def test_who_may_file():
    with pytest.raises(PermissionDenied):
        services.complaint_file(
            source=ComplaintSource.DESK, subject="态度", content="工作人员态度差", by=make_staff(role=Role.REVIEWER)
        )
    with pytest.raises(PermissionDenied):
        services.complaint_file(
            source=ComplaintSource.PORTAL, subject="态度", content="工作人员态度差", by=make_staff(role=Role.FRONT_DESK)
        )


def test_the_complaint_desk_handles_and_closes_a_complaint_the_same_day():
    user = make_applicant_user()
    complaint = services.complaint_file(
        source=ComplaintSource.PORTAL, subject="窗口无人", content="午休时间窗口无人值守", by=user
    )
    desk = make_staff(role=Role.COMPLAINT_DESK)
    ticket = complaint.ticket
    services.ticket_callback(ticket=ticket, note="已电话联系投诉人", by=desk)
    services.ticket_respond(ticket=ticket, verdict=Verdict.FIXED, response="已安排午间轮岗", by=desk)
    ticket = services.ticket_review(ticket=ticket, decision="approve", by=desk)
    assert ticket.state == TicketState.CLOSED and ticket.on_time
