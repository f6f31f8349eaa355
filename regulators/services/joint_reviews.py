"""联合审查 / 联合踏勘: the reviewing department asks other departments for their opinions.

The case waits: its clock keeps counting, or — where the item's JointReviewRule says the law
allows it — it is suspended (特别程序) through approvals' own suspend/resume services. Every
step is an event on the case's timeline, written in the same transaction. An open joint
review holds the decision back (approvals.policies hold, registered in apps.py).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.constants import Action, CaseState, SuspensionKind
from approvals.services import case_resume, case_suspend
from approvals.services._base import CaseConflict, blank, lock_case, write_event
from hall import clock as hall_clock
from regulators.constants import ClockMode, JointReviewKind, JointReviewStatus, Opinion
from regulators.models import Invitation, JointReview, JointReviewRule
from regulators.selectors import is_department_staff
from regulators.services import notices
from regulators.timing import deadline_from

MAX_LIMIT_DAYS = 30


def joint_review_request(
    *, case, kind, subject, departments, limit_days, by, materials=(), site_at=None, site_address=""
):
    """Invite `departments` (not the case's own) to give opinions within `limit_days` working days."""
    errors = {}
    if kind not in JointReviewKind.values:
        errors["kind"] = [_("联合审查类型无效。")]
    if blank(subject):
        errors["subject"] = [_("请填写联合审查事由。")]
    departments = list(departments or [])
    if not departments:
        errors["departments"] = [_("请至少邀请一个部门。")]
    elif any(d.pk == case.department_id for d in departments):
        errors["departments"] = [_("不能邀请本部门参加联合审查。")]
    if not isinstance(limit_days, int) or not 1 <= limit_days <= MAX_LIMIT_DAYS:
        errors["limit_days"] = [_("答复时限应为1至%(max)s个工作日。") % {"max": MAX_LIMIT_DAYS}]
    if kind == JointReviewKind.INSPECTION and (site_at is None or blank(site_address)):
        errors["site_at"] = [_("联合踏勘须填写踏勘时间和地点。")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        case = lock_case(case)
        if not is_department_staff(by, case.department_id):
            raise PermissionDenied(_("只有承办部门的审查人员可以发起联合审查。"))
        if case.state != CaseState.IN_REVIEW:
            raise CaseConflict(
                _("办件当前状态为“%(state)s”，只有审查中的办件可以发起联合审查。")
                % {"state": CaseState(case.state).label},
                object=case,
            )
        if JointReview.objects.filter(case=case, status=JointReviewStatus.OPEN).exists():
            raise CaseConflict(_("该办件已有进行中的联合审查。"), object=case)
        chosen = {str(m) for m in materials or ()}
        material_rows = [
            {"requirement_id": m.requirement_id, "name": m.name, "has_file": bool(m.file)}
            for m in case.materials.order_by("position", "requirement_id")
            if str(m.requirement_id) in chosen
        ]
        rule = JointReviewRule.objects.filter(item_id=case.item_id).first()
        mode = ClockMode.SUSPENDED if rule is not None and rule.suspends_clock else ClockMode.COUNTED
        now = hall_clock.now()
        deadline = deadline_from(start=now, days=limit_days)
        review = JointReview.objects.create(
            case=case,
            department_id=case.department_id,
            kind=kind,
            subject=subject.strip(),
            materials=material_rows,
            limit_days=limit_days,
            clock_mode=mode,
            site_at=site_at,
            site_address=(site_address or "").strip(),
            requested_by=by,
            created_at=now,
            deadline_at=deadline.deadline_at,
            warn_at=deadline.warn_at,
            provisional=deadline.provisional,
        )
        for department in departments:
            invitation = Invitation.objects.create(
                review=review,
                department=department,
                deadline_at=deadline.deadline_at,
                warn_at=deadline.warn_at,
                provisional=deadline.provisional,
            )
            notices.enqueue_level_checks(label="invitation", obj=invitation)
        note = _("%(kind)s：%(subject)s；邀请%(departments)s，%(deadline)s前答复") % {
            "kind": JointReviewKind(kind).label,
            "subject": review.subject,
            "departments": "、".join(d.name for d in departments),
            "deadline": timezone.localtime(deadline.deadline_at).strftime("%Y-%m-%d"),
        }
        write_event(
            case,
            action=Action.JOINT_REVIEW,
            from_state=case.state,
            by=by,
            note=note,
            at=now,
            payload={
                "joint_review_id": review.pk,
                "kind": kind,
                "departments": [d.name for d in departments],
                "limit_days": limit_days,
                "deadline_at": deadline.deadline_at.isoformat(),
                "clock_mode": mode,
                "materials": [m["name"] for m in material_rows],
            },
        )
        if mode == ClockMode.SUSPENDED:
            suspension_kind = SuspensionKind.INSPECTION if kind == JointReviewKind.INSPECTION else SuspensionKind.OTHER
            label = JointReviewKind(kind).label
            case_suspend(case=case, kind=suspension_kind, reason=f"{label}：{review.subject}", by=by)
    return review


def invitation_answer(*, invitation, participants, opinion, reasons="", file=None, by):
    """The invited department names its participants and answers (agree / with conditions / disagree)."""
    errors = {}
    if blank(participants):
        errors["participants"] = [_("请填写参加人员。")]
    if opinion not in Opinion.values:
        errors["opinion"] = [_("意见只能是同意、有条件同意或不同意。")]
    elif opinion != Opinion.AGREE and blank(reasons):
        errors["reasons"] = [_("有条件同意须写明条件，不同意须写明理由。")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().select_related("department").get(pk=invitation.pk)
        if not is_department_staff(by, invitation.department_id):
            raise PermissionDenied(_("只有受邀部门的工作人员可以答复。"))
        review = JointReview.objects.select_for_update().get(pk=invitation.review_id)
        if review.status != JointReviewStatus.OPEN:
            raise ValidationError({"opinion": [_("联合审查已结束，不能再答复。")]})
        if invitation.answered_at is not None:
            raise ValidationError({"opinion": [_("本部门已答复过，不能重复答复。")]})
        case = lock_case(review.case_id)
        now = hall_clock.now()
        invitation.participants = participants.strip()
        invitation.opinion = opinion
        invitation.reasons = (reasons or "").strip()
        invitation.answered_at, invitation.answered_by = now, by
        if file:
            invitation.file = file
        invitation.save()
        write_event(
            case,
            action=Action.JOINT_OPINION,
            from_state=case.state,
            by=by,
            note=_opinion_note(invitation, late=now > invitation.deadline_at),
            at=now,
            public=False,
            payload={
                "joint_review_id": review.pk,
                "department": invitation.department.name,
                "participants": invitation.participants,
                "opinion": opinion,
                "opinion_label": str(Opinion(opinion).label),
                "late": now > invitation.deadline_at,
                "has_file": bool(invitation.file),
            },
        )
    return invitation


def _opinion_note(invitation, *, late):
    """What the timeline shows: "住房和城乡建设局：有条件同意（逾期答复）。条件…（参加人员：王五）"."""
    text = f"{invitation.department.name}：{Opinion(invitation.opinion).label}"
    if late:
        text += _("（逾期答复）")
    text += "。"
    if invitation.reasons:
        text += invitation.reasons
    return text + _("（参加人员：%(who)s）") % {"who": invitation.participants}


def joint_review_close(*, review, conclusion, by):
    """The requesting department ends the joint review once every department has answered or
    the answer deadline has passed; a suspended case resumes its clock."""
    if blank(conclusion):
        raise ValidationError({"conclusion": [_("请填写汇总意见。")]})
    with transaction.atomic():
        review = JointReview.objects.select_for_update().get(pk=review.pk)
        if not is_department_staff(by, review.department_id):
            raise PermissionDenied(_("只有发起部门的工作人员可以结束联合审查。"))
        if review.status != JointReviewStatus.OPEN:
            raise ValidationError({"conclusion": [_("联合审查已经结束。")]})
        now = hall_clock.now()
        invitations = list(review.invitations.select_related("department"))
        waiting = [i for i in invitations if i.answered_at is None]
        if waiting and now <= review.deadline_at:
            names = "、".join(i.department.name for i in waiting)
            raise ValidationError(
                {
                    "conclusion": [
                        _("%(names)s尚未答复，答复期限（%(deadline)s）未到，暂不能结束。")
                        % {"names": names, "deadline": timezone.localtime(review.deadline_at).strftime("%Y-%m-%d")}
                    ]
                }
            )
        case = lock_case(review.case_id)
        review.status, review.closed_at, review.closed_by = JointReviewStatus.CLOSED, now, by
        review.conclusion = conclusion.strip()
        review.save(update_fields=["status", "closed_at", "closed_by", "conclusion"])
        write_event(
            case,
            action=Action.JOINT_REVIEW_CLOSE,
            from_state=case.state,
            by=by,
            note=review.conclusion,
            at=now,
            public=False,
            payload={
                "joint_review_id": review.pk,
                "opinions": [
                    {"department": i.department.name, "opinion": i.opinion or "none", "late": i.answered_late}
                    for i in invitations
                ],
                "unanswered": [i.department.name for i in waiting],
            },
        )
        if review.clock_mode == ClockMode.SUSPENDED and case.state == CaseState.SUSPENDED:
            case_resume(case=case, by=by, note=_("联合审查结束，恢复计时"))
    return review


def joint_reviews_end_for_withdrawn(*, case_id, at):
    """The applicant withdrew: open joint reviews of the case end without a conclusion (in the
    caller's transaction, a case-event subscriber's); nothing more is announced for them."""
    return JointReview.objects.filter(case_id=case_id, status=JointReviewStatus.OPEN).update(
        status=JointReviewStatus.CLOSED, closed_at=at, conclusion=_("申请人已撤回申请，联合审查终止。")
    )
