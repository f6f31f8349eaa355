"""告知承诺's services: the letter, the guards, the commitment clock, reminders exactly once, breach."""

from datetime import date, datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from approvals.constants import Action
from approvals.models import CaseEvent
from approvals.services import CaseConflict
from approvals.services.publishing import deliver_all_pending
from commitments import services as cs
from commitments.constants import CommitmentStatus, ListingStatus, RectificationStatus
from commitments.models import Commitment, Reminder
from hall.constants import Role
from messaging.models import Message
from tests.commitments.helpers import accept_and_issue, promised_case, sign_at_window, trust_item
from tests.factories import Cast, make_department, make_staff, resident_id

pytestmark = pytest.mark.django_db

START = datetime(2025, 3, 10, 10, 0, tzinfo=timezone.get_current_timezone())


def _at(day, hour=10):
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def item():
    return trust_item(department=make_department(code="wsjk", name="卫生健康委"))


def test_accepting_on_commitment_needs_the_signed_letter(item):
    with time_machine.travel(START, tick=False):
        case, cast = promised_case(item=item)
        with pytest.raises(ValidationError) as exc:
            from approvals import services as s

            s.case_accept_on_the_spot(case=case, by=cast.special)
        assert "告知承诺书" in str(exc.value)
        letter = sign_at_window(case, cast)
        assert letter.signed and len(letter.text_sha256) == 64
        assert "申请材料1" in letter.text and "2个月" in letter.text
        assert letter.signer_id_masked.count("*") == 8
        case = accept_and_issue(case, cast)
    assert case.state == "ready"
    assert case.result.issued_at.date() == START.date()
    rows = list(Commitment.objects.filter(case=case).order_by("requirement_id"))
    assert [r.status for r in rows] == ["open"] * 3
    # 2 months from 2025-03-10 is 2025-05-10, a Saturday and a 调休 working day in 2025? check the calendar
    assert rows[0].due_date >= date(2025, 5, 10)
    actions = list(CaseEvent.objects.filter(case=case).values_list("action", flat=True))
    assert Action.SIGN_COMMITMENT in actions


def test_letter_signing_checks_identity_and_role(item):
    case, cast = promised_case(item=item)
    with pytest.raises(ValidationError):
        cs.letter_sign(
            case=case, by=cast.special, via="window", signer_name="张三", signer_id_number="110105199003071234"
        )
    with pytest.raises(PermissionDenied):
        cs.letter_sign(
            case=case, by=cast.special, via="online", signer_name="张三", signer_id_number=case.applicant_id_number
        )
    other = make_staff(role=Role.REVIEWER, department=make_department())
    with pytest.raises(PermissionDenied):
        cs.letter_prepare(case=case, by=other)


def test_reminders_are_sent_once_each_at_15_3_and_0_days(item):
    with time_machine.travel(START, tick=False):
        case, cast = promised_case(item=item, promise=1)
        sign_at_window(case, cast)
        case = accept_and_issue(case, cast)
    commitment = Commitment.objects.get(case=case)
    leads = sorted(Reminder.objects.filter(commitment=commitment).values_list("lead_days", flat=True))
    assert leads == [0, 3, 15]
    due = commitment.due_date
    from datetime import timedelta

    fifteen = _at(due - timedelta(days=15))
    with time_machine.travel(fifteen - timedelta(hours=2), tick=False):
        assert cs.commitments_sweep() == 0
    with time_machine.travel(fifteen, tick=False):
        assert cs.commitments_sweep() == 1
        assert cs.commitments_sweep() == 0  # exactly once
        reminder = Reminder.objects.get(commitment=commitment, lead_days=15)
        assert cs.reminder_send(reminder_id=reminder.pk) == 0  # the countdown task arriving late
        deliver_all_pending()
    events = CaseEvent.objects.filter(case=case, action=Action.COMMITMENT_REMIND)
    assert events.count() == 1
    assert "还有15天" in events.get().note
    assert Message.objects.filter(event=events.get(), channel="sms").count() == 1
    with time_machine.travel(_at(due), tick=False):
        assert cs.commitments_sweep() == 2  # the 3-day and the on-the-day reminders
        assert cs.commitments_sweep() == 0
    assert CaseEvent.objects.filter(case=case, action=Action.COMMITMENT_REMIND).count() == 3


def test_supplied_and_verified_closes_it_on_time_and_rejected_stays_open(item):
    with time_machine.travel(START, tick=False):
        case, cast = promised_case(item=item, promise=2)
        sign_at_window(case, cast)
        case = accept_and_issue(case, cast)
        first, second = Commitment.objects.filter(case=case).order_by("requirement_id")
        reviewer = cast.reviewer
        cs.commitment_supply(commitment=first, by=cast.special, paper=True)
        with pytest.raises(ValidationError):
            cs.commitment_verify(commitment=first, by=reviewer, accept=False, reason="")
        done = cs.commitment_verify(commitment=first, by=reviewer, accept=True)
        assert done.status == CommitmentStatus.FULFILLED and done.on_time is True
        assert case.materials.get(requirement_id=first.requirement_id).status == "received"
        cs.commitment_supply(commitment=second, by=cast.special, paper=True)
        rejected = cs.commitment_verify(commitment=second, by=reviewer, accept=False, reason="复印件不清晰")
        assert rejected.status == CommitmentStatus.OPEN and rejected.reject_reason == "复印件不清晰"
    with pytest.raises(PermissionDenied):
        cs.commitment_verify(commitment=second, by=Cast(make_department()).reviewer, accept=True)


def test_breach_leads_to_rectification_listing_revocation_and_repair(item):
    with time_machine.travel(START, tick=False):
        case, cast = promised_case(item=item, promise=1)
        sign_at_window(case, cast)
        case = accept_and_issue(case, cast)
    commitment = Commitment.objects.get(case=case)
    from datetime import timedelta

    with time_machine.travel(commitment.due_at + timedelta(hours=10), tick=False):
        cs.commitments_sweep()
        assert cs.commitments_sweep() == 0
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.RECTIFYING
    rectification = commitment.rectification
    with pytest.raises(CaseConflict):
        cs.listing_create(commitment=commitment, by=cast.reviewer, reason="逾期未补交")
    with time_machine.travel(rectification.due_at + timedelta(hours=1), tick=False):
        assert cs.commitments_sweep() >= 1
        commitment.refresh_from_db()
        assert commitment.status == CommitmentStatus.BREACHED
        rectification.refresh_from_db()
        assert rectification.status == RectificationStatus.LAPSED
        listing = cs.listing_create(commitment=commitment, by=cast.reviewer, reason="承诺材料逾期未补交")
        with pytest.raises(PermissionDenied):
            cs.decision_revoke(case=case, by=cast.reviewer, reason="承诺未履行")
        result = cs.decision_revoke(case=case, by=cast.chief, reason="承诺未履行")
        assert result.revoked_at is not None
        from portal.selectors import verification

        assert verification(code=result.verification_code).is_valid is False
        # the listed applicant cannot promise again
        new_case, _ = promised_case(item=item, promise=0, applicant={**_applicant_of(case)})
        with pytest.raises(ValidationError) as exc:
            from approvals import services as s

            s.case_record_material(
                case=new_case,
                requirement_id=new_case.materials.first().requirement_id,
                status="committed",
                by=cast.special,
            )
        assert "失信名单" in str(exc.value)
        cs.listing_repair(listing=listing, by=cast.reviewer, note="已补交材料并完成整改")
        assert listing.__class__.objects.get(pk=listing.pk).status == ListingStatus.REPAIRED
        s.case_record_material(
            case=new_case, requirement_id=new_case.materials.first().requirement_id, status="committed", by=cast.special
        )
    actions = set(CaseEvent.objects.filter(case=case).values_list("action", flat=True))
    assert {
        Action.ORDER_RECTIFICATION,
        Action.COMMITMENT_OVERDUE,
        Action.CREDIT_LIST,
        Action.REVOKE,
        Action.CREDIT_REPAIR,
    } <= actions


def _applicant_of(case):
    return {
        "type": case.applicant_type,
        "name": case.applicant_name,
        "id_number": case.applicant_id_number,
        "phone": case.applicant_phone,
        "agent_name": "李四",
        "agent_id_number": resident_id(),
    }


def test_deficiency_withholds_the_result_until_supplied():
    from approvals import services as s

    item = trust_item(department=make_department(), deficiency_withholds="result")
    with time_machine.travel(START, tick=False):
        case, cast = promised_case(item=item, promise=0, deficient=1)
        case = s.case_accept_on_the_spot(case=case, by=cast.special)  # no letter needed: nothing promised
        while case.has_next_step():
            case = s.case_advance(case=case, by=cast.special)
        case = s.case_decide(case=case, outcome="granted", by=cast.special)
        with pytest.raises(ValidationError) as exc:
            s.case_issue(case=case, by=cast.special)
        assert "容缺材料尚未补齐" in str(exc.value)
        deliver_all_pending()
        row = Commitment.objects.get(case=case)
        assert row.kind == "deficiency"
        assert row.due_date == date(2025, 3, 17)  # 5 working days after Monday 10 March
        cs.commitment_supply(commitment=row, by=cast.special, paper=True)
        cs.commitment_verify(commitment=row, by=cast.reviewer, accept=True)
        case = s.case_issue(case=case, by=cast.special)
    assert case.state == "ready"


def test_deficiency_can_withhold_the_decision():
    from approvals import services as s

    item = trust_item(department=make_department(), deficiency_withholds="decision")
    case, cast = promised_case(item=item, promise=0, deficient=1)
    case = s.case_accept_on_the_spot(case=case, by=cast.special)
    while case.has_next_step():
        case = s.case_advance(case=case, by=cast.special)
    with pytest.raises(ValidationError) as exc:
        s.case_decide(case=case, outcome="granted", by=cast.special)
    assert "暂不能作出决定" in str(exc.value)


def test_onsite_check_needed_before_issuing_where_the_item_says_so():
    from approvals import services as s

    item = trust_item(department=make_department(), onsite_check=True)
    case, cast = promised_case(item=item, promise=1)
    sign_at_window(case, cast)
    case = s.case_accept_on_the_spot(case=case, by=cast.special)
    while case.has_next_step():
        case = s.case_advance(case=case, by=cast.special)
    case = s.case_decide(case=case, outcome="granted", by=cast.special)
    with pytest.raises(ValidationError) as exc:
        s.case_issue(case=case, by=cast.special)
    assert "现场核查" in str(exc.value)
    cs.onsite_check_record(case=case, by=cast.reviewer, note="卫生设施与承诺一致")
    assert s.case_issue(case=case, by=cast.special).state == "ready"
    assert CaseEvent.objects.filter(case=case, action=Action.ONSITE_CHECK).count() == 1


def test_changing_the_promised_materials_needs_a_new_signature(item):
    from approvals import services as s

    case, cast = promised_case(item=item, promise=1)
    sign_at_window(case, cast)
    second = case.materials.order_by("position")[1]
    s.case_record_material(case=case, requirement_id=second.requirement_id, status="committed", by=cast.special)
    with pytest.raises(ValidationError) as exc:
        s.case_accept_on_the_spot(case=case, by=cast.special)
    assert "重新签署" in str(exc.value)
    sign_at_window(case, cast)
    assert s.case_accept_on_the_spot(case=case, by=cast.special).state == "in_review"
