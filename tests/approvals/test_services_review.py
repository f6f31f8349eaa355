"""Back office: steps, suspension of the clock, decisions; then issue and delivery."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from approvals import services as s
from approvals.constants import CaseState, ResultKind
from approvals.models import Result, Suspension
from tests.factories import make_case

pytestmark = pytest.mark.django_db
BEIJING = ZoneInfo("Asia/Shanghai")


def _at(day, hour=9):
    return time_machine.travel(datetime(2026, 11, day, hour, 0, tzinfo=BEIJING), tick=False)


def test_advance_walks_the_item_steps_and_stops_at_the_last(item, cast):
    case = make_case(state="in_review", item=item, cast=cast)
    assert case.current_step == 1
    case = s.case_advance(case=case, by=cast.reviewer)
    assert case.current_step == 2
    assert case.events.filter(action="advance").last().payload["step_name"] == "审查"
    case = s.case_advance(case=case, by=cast.reviewer)
    assert case.current_step == 3
    with pytest.raises(s.CaseConflict):
        s.case_advance(case=case, by=cast.reviewer)


def test_decision_only_at_the_decision_step_and_by_the_chief(item, cast):
    case = make_case(state="in_review", item=item, cast=cast)
    with pytest.raises(s.CaseConflict):  # still at step 1 of 3
        s.case_decide(case=case, outcome="granted", by=cast.chief)
    case = s.case_advance(case=case, by=cast.reviewer)
    case = s.case_advance(case=case, by=cast.reviewer)
    with pytest.raises(PermissionDenied):
        s.case_decide(case=case, outcome="granted", by=cast.reviewer)
    with pytest.raises(PermissionDenied):
        s.case_decide(case=case, outcome="granted", by=cast.desk)
    with pytest.raises(ValidationError, match="理由"):
        s.case_decide(case=case, outcome="denied", reason=" ", by=cast.chief)
    with pytest.raises(ValidationError):
        s.case_decide(case=case, outcome="maybe", by=cast.chief)
    case = s.case_decide(case=case, outcome="denied", reason="不符合条件", by=cast.chief)
    assert case.state == CaseState.DENIED and case.decided_at is not None
    assert "行政诉讼" in case.events.get(action="decide").payload["appeal_route"]


def test_suspension_adds_the_working_days_back_on_resume(item, cast):
    with _at(23):  # Monday
        case = make_case(state="in_review", item=item, cast=cast)
    assert case.deadline_at.astimezone(BEIJING).date() == date(2026, 11, 30)
    with pytest.raises(ValidationError) as err:
        s.case_suspend(case=case, kind="party", reason="", by=cast.reviewer)
    assert set(err.value.message_dict) == {"kind", "reason"}
    with _at(23, 15):
        case = s.case_suspend(case=case, kind="hearing", reason="组织听证", by=cast.reviewer)
    assert case.state == CaseState.SUSPENDED and case.level == "none"
    with pytest.raises(s.CaseConflict):
        s.case_advance(case=case, by=cast.reviewer)
    with _at(25):  # Wednesday: two working days (24th, 25th) spent suspended
        case = s.case_resume(case=case, by=cast.reviewer)
    assert case.state == CaseState.IN_REVIEW and case.suspended_days == 2
    assert case.deadline_at.astimezone(BEIJING).date() == date(2026, 12, 2)
    suspension = Suspension.objects.get(case=case)
    assert suspension.working_days == 2 and suspension.ended_at is not None and suspension.kind == "hearing"
    assert case.events.get(action="resume").payload["days_added"] == 2


def test_issue_a_certificate_with_an_unguessable_verification_code(item, cast):
    case = make_case(state="granted", item=item, cast=cast)
    with pytest.raises(PermissionDenied):
        s.case_issue(case=case, by=cast.delivery)
    case = s.case_issue(case=case, by=cast.reviewer, certificate_number="JY13701050000001")
    assert case.state == CaseState.READY
    result = Result.objects.get(case=case)
    assert result.kind == ResultKind.CERTIFICATE and result.number == "JY13701050000001"
    assert len(result.verification_code) == 12
    other = make_case(state="ready", item=item, cast=cast)
    assert other.result.verification_code != result.verification_code


def test_issue_a_denial_decision_with_the_appeal_route(item, cast):
    case = make_case(state="denied", item=item, cast=cast)
    case = s.case_issue(case=case, by=cast.chief)
    assert case.result.kind == ResultKind.DENIAL and "行政复议" in case.result.appeal_route


def test_pickup_checks_the_collectors_id(item, cast):
    case = make_case(state="ready", item=item, cast=cast)
    stranger = "11010519800101001" + "0"
    from stdnum.cn import ric

    stranger = stranger[:-1] + ric.calc_check_digit(stranger)
    with pytest.raises(ValidationError, match="授权委托书"):
        s.case_deliver(case=case, method="pickup", collector_id_number=stranger, by=cast.delivery)
    with pytest.raises(ValidationError, match="校验位"):
        s.case_deliver(case=case, method="pickup", collector_id_number=stranger[:-1] + "0", by=cast.delivery)
    with pytest.raises(PermissionDenied):
        s.case_deliver(case=case, method="pickup", collector_id_number=case.applicant_id_number, by=cast.reviewer)
    case = s.case_deliver(
        case=case,
        method="pickup",
        collector_name="李四",
        collector_id_number=stranger,
        authorisation_letter=True,
        by=cast.delivery,
    )
    assert case.state == CaseState.DELIVERED and case.delivery_method == "pickup"
    payload = case.events.get(action="deliver").payload
    assert "*" in payload["collector_id_number"]  # masked in the log


def test_post_needs_a_tracking_number(item, cast):
    case = make_case(state="ready", item=item, cast=cast)
    with pytest.raises(ValidationError, match="快递单号"):
        s.case_deliver(case=case, method="post", by=cast.delivery)
    case = s.case_deliver(case=case, method="post", tracking_number="SF1234567890", by=cast.delivery)
    assert case.delivery_details["tracking_number"] == "SF1234567890"
    with pytest.raises(s.CaseConflict):
        s.case_deliver(case=case, method="electronic", by=cast.delivery)


@pytest.mark.parametrize(
    ("state", "service", "kwargs"),
    [
        ("received", "case_advance", {}),
        ("dispatched", "case_suspend", {"kind": "other", "reason": "x"}),
        ("in_review", "case_resume", {}),
        ("in_review", "case_issue", {}),
        ("granted", "case_decide", {"outcome": "granted"}),
        ("delivered", "case_withdraw", {}),
        ("not_accepted", "case_withdraw", {}),
    ],
)
def test_actions_in_the_wrong_state_are_conflicts(item, cast, state, service, kwargs):
    case = make_case(state=state, item=item, cast=cast)
    by = cast.desk if service == "case_withdraw" else cast.chief
    before = case.events.count()
    with pytest.raises(s.CaseConflict):
        getattr(s, service)(case=case, by=by, **kwargs)
    assert case.events.count() == before
