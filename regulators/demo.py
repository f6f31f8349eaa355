"""Demo 审管互动 (idempotent): every decided demo case pushed to its regulators — the old ones
signed for in time, the latest still waiting (a granted 食品经营许可 among them at 市场监管) —
a joint review on a 燃气经营许可 case, a consultation thread, and 市场监管's own system.

Called by `manage.py seed_demo` (after approvals' demo) and `manage.py seed_regulators_demo`.
The handoffs are made here with the same service the case-event subscriber calls; it is
idempotent per (event, regulator), so when the workers deliver the demo's events later they
add nothing twice.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction

from approvals.constants import Action, CaseState
from approvals.models import Case, CaseEvent
from catalog.models import Department, Item
from hall import clock as hall_clock
from hall.constants import DEPARTMENT_ROLES
from hall.models import StaffProfile
from regulators.constants import AckChannel, HandoffKind, JointReviewStatus
from regulators.models import Handoff, JointReview, RegulatorEndpoint, Thread
from regulators.services.handoffs import handoffs_push
from regulators.services.joint_reviews import invitation_answer, joint_review_request
from regulators.services.threads import thread_open

FOOD_LICENCE = "SCJG-SPJY-XK"
WAITING = 6  # the latest handoffs left for the regulators to sign


def seed(*, stdout, password=None):
    made = _handoffs()
    waiting = _sign_old_ones()
    _endpoint()
    review = _joint_review()
    thread = _thread()
    stdout.write(
        f"  审管互动：推送 {made} 条（待签收 {waiting} 条）"
        + ("，联合踏勘 1 件" if review else "")
        + ("，业务会商 1 件" if thread else "")
    )


def _handoffs():
    made = 0
    decided = CaseEvent.objects.filter(action=Action.DECIDE).order_by("at").values_list("pk", "case_id", "at", "note")
    for event_id, case_id, at, note in decided.iterator(chunk_size=500):
        with transaction.atomic():
            made += len(
                handoffs_push(
                    case_id=case_id,
                    source_event_id=event_id,
                    kind=HandoffKind.DECISION,
                    at=at,
                    reason=note,
                    schedule=False,
                )
            )
    return made


def _signer(department_id):
    return (
        StaffProfile.objects.filter(department_id=department_id, role__in=DEPARTMENT_ROLES)
        .order_by("role", "user_id")
        .values_list("user_id", flat=True)
        .first()
    )


def _sign_old_ones():
    """The regulators signed for everything but the latest few (and the latest 食品经营许可)."""
    keep = set(
        Handoff.objects.filter(acknowledged_at__isnull=True)
        .order_by("-created_at")
        .values_list("pk", flat=True)[:WAITING]
    )
    food = (
        Handoff.objects.filter(summary__item_code=FOOD_LICENCE, outcome="granted", regulator__code="scjg")
        .order_by("-created_at")
        .first()
    )
    if food is not None and food.acknowledged_at is None:
        keep.add(food.pk)
    signers = {}
    for handoff in Handoff.objects.filter(acknowledged_at__isnull=True).exclude(pk__in=keep).iterator(chunk_size=500):
        if handoff.regulator_id not in signers:
            signers[handoff.regulator_id] = _signer(handoff.regulator_id)
        signed = min(handoff.created_at + timedelta(hours=3), handoff.deadline_at)
        Handoff.objects.filter(pk=handoff.pk).update(
            acknowledged_at=signed,
            acknowledged_by_id=signers[handoff.regulator_id],
            acknowledged_via=AckChannel.INBOX,
            ack_note="已纳入日常监管",
        )
    return Handoff.objects.filter(acknowledged_at__isnull=True).count()


def _endpoint():
    scjg = Department.objects.filter(code="scjg").first()
    if scjg is not None:
        RegulatorEndpoint.objects.get_or_create(
            department=scjg,
            defaults={"url": "http://127.0.0.1:8900/hall/handoffs", "secret": "demo-scjg-webhook-secret"},
        )


def _joint_review():
    if JointReview.objects.exists():
        return None
    item = Item.objects.filter(code="ZJJ-RQJY-XK").first()
    scjg, yjgl = Department.objects.filter(code="scjg").first(), Department.objects.filter(code="yjgl").first()
    User = get_user_model()
    chief = User.objects.filter(username="chief_zjj").first()
    answerer = User.objects.filter(username="reviewer").first()  # 市场监管's reviewer
    if item is None or scjg is None or chief is None:
        return None
    case = Case.objects.filter(item=item, state=CaseState.IN_REVIEW).order_by("-accepted_at").first()
    if case is None:
        return None
    departments = [d for d in (scjg, yjgl) if d is not None]
    now = hall_clock.now()
    review = joint_review_request(
        case=case,
        kind="inspection",
        subject="燃气经营场所及储存设施联合踏勘",
        departments=departments,
        limit_days=3,
        materials=[str(m.requirement_id) for m in case.materials.order_by("position")[:2]],
        site_at=now + timedelta(days=1),
        site_address=case.applicant_address or "示范县经济开发区",
        by=chief,
    )
    if answerer is not None:
        invitation_answer(
            invitation=review.invitations.get(department=scjg),
            participants="赵磊、孙丽",
            opinion="conditions",
            reasons="经营场所内设餐饮区的，须另行办理食品经营许可后方可经营。",
            by=answerer,
        )
    return review if review.status == JointReviewStatus.OPEN else None


def _thread():
    if Thread.objects.exists():
        return None
    User = get_user_model()
    reviewer = User.objects.filter(username="reviewer").first()
    zjj = Department.objects.filter(code="zjj").first()
    if reviewer is None or zjj is None:
        return None
    return thread_open(
        kind="consultation",
        to_department=zjj,
        subject="燃气经营企业食品安全与燃气安全联合监管会商",
        body="拟就同时持有燃气经营许可和食品经营许可的企业建立联合检查机制，请于本周内反馈意见。",
        by=reviewer,
    )
