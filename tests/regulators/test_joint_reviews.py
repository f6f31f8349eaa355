"""联合审查 / 联合踏勘: two departments invited, one answers late (red), the case decides with
both opinions on its timeline; an open joint review holds the decision."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from approvals import services as s
from approvals.models import CaseEvent, EventOutbox
from approvals.services.publishing import deliver_all_pending
from catalog import clock
from regulators.models import Invitation, JointReviewRule
from regulators.services import notices
from regulators.services.joint_reviews import invitation_answer, joint_review_close, joint_review_request
from supervision.models import Notification
from tests.factories import Cast, make_case, make_department

pytestmark = pytest.mark.django_db

MONDAY_9 = timezone.make_aware(timezone.datetime(2026, 11, 23, 9, 0), clock.SHANGHAI)


@pytest.fixture
def two(regulator):
    return regulator, make_department(code="zjj", name="住房和城乡建设局")


def _at_decision_step(item, cast):
    case = make_case(state="in_review", item=item, cast=cast)
    while case.has_next_step():
        case = s.case_advance(case=case, by=cast.reviewer)
    return case


def test_two_departments_one_late_and_red_then_decided_with_both_opinions(client, item, cast, two, supervisor):
    scjg, zjj = two
    with time_machine.travel(MONDAY_9, tick=False):
        case = _at_decision_step(item, cast)
        review = joint_review_request(
            case=case,
            kind="inspection",
            subject="经营场所联合踏勘",
            departments=[scjg, zjj],
            limit_days=2,
            materials=[str(case.materials.first().requirement_id)],
            site_at=MONDAY_9 + timedelta(days=1),
            site_address="示范县人民路1号",
            by=cast.reviewer,
        )
        with pytest.raises(ValidationError, match="联合审查"):
            s.case_decide(case=case, outcome="granted", by=cast.chief)
    assert review.clock_mode == "counted"
    assert timezone.localtime(review.deadline_at).date().isoformat() == "2026-11-25"
    assert review.materials[0]["name"] == "申请材料1"
    inv_scjg, inv_zjj = Invitation.objects.filter(review=review).order_by("department__code")
    with time_machine.travel(MONDAY_9 + timedelta(hours=5), tick=False):
        invitation_answer(invitation=inv_scjg, participants="张三、李四", opinion="agree", by=Cast(scjg).reviewer)
    late = review.deadline_at + timedelta(hours=10)
    with time_machine.travel(late, tick=False):
        assert notices.sweep_levels() == 1  # zjj's invitation turns red, once
        assert notices.sweep_levels() == 0
        zjj_staff = Cast(zjj).reviewer
        invitation_answer(
            invitation=inv_zjj,
            participants="王五",
            opinion="conditions",
            reasons="需完善消防通道后方可营业",
            by=zjj_staff,
        )
        joint_review_close(review=review, conclusion="两部门意见已汇总", by=cast.reviewer)
        s.case_decide(case=case, outcome="granted", by=cast.chief)
    red = Notification.objects.filter(kind="regulators", level="red")
    assert red.exists() and "住房和城乡建设局" in red.first().message
    inv_zjj.refresh_from_db()
    assert inv_zjj.answered_late
    opinions = CaseEvent.objects.filter(case=case, action="joint-opinion").order_by("seq")
    assert [(e.payload["department"], e.payload["opinion"], e.payload["late"]) for e in opinions] == [
        ("市场监督管理局", "agree", False),
        ("住房和城乡建设局", "conditions", True),
    ]
    actions = list(CaseEvent.objects.filter(case=case).order_by("seq").values_list("action", flat=True))
    assert actions[-5:] == ["joint-review", "joint-opinion", "joint-opinion", "joint-review-close", "decide"]
    # Every other subscriber takes the new events in its stride; the case page shows the opinions.
    deliver_all_pending()
    assert not EventOutbox.objects.filter(case=case).exists()
    client.force_login(cast.chief)
    page = client.get(reverse("approvals:case", args=[case.number])).content.decode()
    assert (
        "联合审查意见" in page
        and "住房和城乡建设局：有条件同意（逾期答复）。需完善消防通道后方可营业（参加人员：王五）" in page
    )
    assert "联合踏勘：经营场所联合踏勘；邀请市场监督管理局、住房和城乡建设局" in page


def test_the_item_rule_suspends_the_clock_and_closing_resumes_it(item, cast, two):
    JointReviewRule.objects.create(item=item, suspends_clock=True, legal_basis="《行政许可法》第四十五条")
    scjg, _ = two
    with time_machine.travel(MONDAY_9, tick=False):
        case = make_case(state="in_review", item=item, cast=cast)
        deadline = case.deadline_at
        review = joint_review_request(
            case=case, kind="review", subject="联合审查", departments=[scjg], limit_days=3, by=cast.reviewer
        )
    case.refresh_from_db()
    assert case.state == "suspended" and review.clock_mode == "suspended"
    with time_machine.travel(MONDAY_9 + timedelta(days=2), tick=False):
        invitation_answer(
            invitation=review.invitations.get(),
            participants="赵六",
            opinion="disagree",
            reasons="选址不符合规划",
            by=Cast(scjg).chief,
        )
        joint_review_close(review=review, conclusion="按不同意见处理", by=cast.reviewer)
    case.refresh_from_db()
    assert case.state == "in_review"
    assert case.deadline_at > deadline  # the suspended working days were added back


def test_bad_input_and_wrong_people_are_clear_errors(item, cast, two, other_dept):
    scjg, _ = two
    case = make_case(state="in_review", item=item, cast=cast)
    with pytest.raises(ValidationError) as errors:
        joint_review_request(case=case, kind="x", subject=" ", departments=[], limit_days=0, by=cast.reviewer)
    assert set(errors.value.message_dict) == {"kind", "subject", "departments", "limit_days"}
    with pytest.raises(ValidationError, match="本部门"):
        joint_review_request(
            case=case, kind="review", subject="审查", departments=[item.department], limit_days=3, by=cast.reviewer
        )
    with pytest.raises(PermissionDenied):
        joint_review_request(
            case=case, kind="review", subject="审查", departments=[scjg], limit_days=3, by=Cast(scjg).reviewer
        )
    review = joint_review_request(
        case=case, kind="review", subject="审查", departments=[scjg], limit_days=3, by=cast.reviewer
    )
    invitation = review.invitations.get()
    with pytest.raises(PermissionDenied):
        invitation_answer(invitation=invitation, participants="甲", opinion="agree", by=Cast(other_dept).reviewer)
    with pytest.raises(ValidationError, match="理由"):
        invitation_answer(invitation=invitation, participants="甲", opinion="disagree", by=Cast(scjg).reviewer)
    with pytest.raises(ValidationError, match="尚未答复"):
        joint_review_close(review=review, conclusion="结束", by=cast.reviewer)


def test_pages_request_answer_and_scoping(client, item, cast, two, other_dept):
    scjg, zjj = two
    case = make_case(state="in_review", item=item, cast=cast)
    client.force_login(cast.reviewer)
    url = reverse("regulators:joint-review-new", args=[case.number])
    assert client.get(url).status_code == 200
    bad = client.post(url, {"kind": "review", "subject": "", "limit_days": "3"})
    assert bad.status_code == 400
    response = client.post(
        url, {"kind": "review", "subject": "联合审查经营条件", "departments": [scjg.pk, zjj.pk], "limit_days": "3"}
    )
    assert response.status_code == 302
    review = case.joint_reviews.get()
    detail = reverse("regulators:joint-review", args=[review.pk])
    client.force_login(Cast(scjg).reviewer)
    assert "待答复的联合审查" in client.get(reverse("regulators:inbox")).content.decode()
    answered = client.post(detail, {"op-participants": "张三", "op-opinion": "agree", "op-reasons": ""})
    assert answered.status_code == 302
    assert review.invitations.get(department=scjg).opinion == "agree"
    client.force_login(Cast(other_dept).reviewer)
    assert client.get(detail).status_code == 404
    assert client.get(url).status_code == 404  # cannot see the case, cannot start a joint review on it
    client.logout()
    assert client.get(detail).status_code == 302


def test_the_inbox_starts_a_joint_review_by_case_number(client, item, cast, other_dept):
    case = make_case(state="in_review", item=item, cast=cast)
    client.force_login(cast.reviewer)
    start = reverse("regulators:joint-review-start")
    assert client.get(start, {"number": case.number})["Location"].endswith(f"/cases/{case.number}/joint-review/")
    assert client.get(start, {"number": ""}).status_code == 302
    client.force_login(Cast(other_dept).reviewer)
    assert client.get(start, {"number": case.number}).status_code == 404


def test_a_withdrawn_case_ends_its_open_joint_review(item, cast, two, supervisor):
    scjg, _ = two
    case = make_case(state="in_review", item=item, cast=cast)
    review = joint_review_request(
        case=case, kind="review", subject="审查", departments=[scjg], limit_days=1, by=cast.reviewer
    )
    s.case_withdraw(case=case, by=cast.desk, reason="申请人撤回")
    deliver_all_pending()
    review.refresh_from_db()
    assert review.status == "closed" and "撤回" in review.conclusion
    with time_machine.travel(review.deadline_at + timedelta(days=2), tick=False):
        assert notices.sweep_levels() == 0
