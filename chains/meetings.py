"""联审会议 (joint review meeting): schedule, each department's opinion, conclude.

The front desk or a department's chief representative schedules a meeting on cases of one
chain application; every invited department records its opinion (agree / needs materials /
disagree) with the materials it finds missing; concluding sends ONE combined 一次性告知 of every
department's missing materials to the applicant and advances or returns the agenda cases,
each through approvals' services by the staff member of the case's own department who
recorded the opinion.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.constants import CaseState, SuspensionKind
from approvals.services import case_advance, case_resume, case_return, case_suspend
from chains.constants import MeetingOutcome, MeetingState, NoticeKind, OpinionKind
from chains.models import ChainApplication, ChainNotice, Meeting, MeetingInvitation
from hall import clock as hall_clock
from hall.constants import Role, WindowKind
from hall.selectors import staff_profile_of


def may_schedule(user, app):
    profile = staff_profile_of(user)
    if profile is None:
        return bool(user.is_superuser)
    if profile.role == Role.HALL_ADMIN:
        return True
    if profile.role == Role.FRONT_DESK:
        return bool(profile.window and profile.window.is_active and profile.window.kind == WindowKind.COMPREHENSIVE)
    if profile.role == Role.CHIEF:
        return app.runs.filter(item__department_id=profile.department_id).exists()
    return False


def meeting_schedule(*, application, title, starts_at, departments, cases, by, place=""):
    """Schedule a meeting: time, the departments invited, the cases on the agenda."""
    if not may_schedule(by, application):
        raise PermissionDenied(_("只有综合受理窗口或牵头部门首席代表可以召集联审会议。"))
    errors = {}
    if not (title or "").strip():
        errors["title"] = [_("请填写会议名称。")]
    if starts_at is None:
        errors["starts_at"] = [_("请填写会议时间。")]
    departments = list(departments or [])
    if len(departments) < 2:
        errors["departments"] = [_("联审会议至少邀请两个部门。")]
    own_cases = {r.case_id: r.case for r in application.runs.select_related("case") if r.case_id}
    cases = list(cases or [])
    if not cases:
        errors["cases"] = [_("请选择上会的办件。")]
    elif any(c.pk not in own_cases for c in cases):
        errors["cases"] = [_("上会办件须属于本一件事。")]
    elif {c.department_id for c in cases} - {d.pk for d in departments}:
        errors["departments"] = [_("上会办件的审批部门须在邀请之列。")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        app = ChainApplication.objects.select_for_update().get(pk=application.pk)
        now = hall_clock.now()
        meeting = Meeting.objects.create(
            application=app,
            title=title.strip(),
            starts_at=starts_at,
            place=(place or "").strip(),
            scheduled_by=by,
            scheduled_at=now,
        )
        meeting.cases.set(cases)
        MeetingInvitation.objects.bulk_create([MeetingInvitation(meeting=meeting, department=d) for d in departments])
        ChainNotice.objects.create(
            application=app,
            kind=NoticeKind.MEETING,
            at=now,
            text=_("已安排联审会议“%(title)s”，时间%(at)s，参会部门：%(depts)s。")
            % {
                "title": meeting.title,
                "at": timezone.localtime(starts_at).strftime("%Y-%m-%d %H:%M"),
                "depts": "、".join(d.name for d in departments),
            },
        )
    return meeting


def meeting_record_opinion(*, meeting, opinion, by, text="", missing_materials=()):
    """The invited department of `by` records its opinion (once more replaces it before the close)."""
    profile = staff_profile_of(by)
    if profile is None or profile.role not in (Role.REVIEWER, Role.CHIEF):
        raise PermissionDenied(_("只有参会部门的审查人员或首席代表可以填写意见。"))
    if opinion not in OpinionKind.values:
        raise ValidationError({"opinion": [_("请选择同意、需补正材料或不同意。")]})
    missing = [m.strip() for m in missing_materials or [] if m and m.strip()]
    if opinion == OpinionKind.SUPPLEMENT and not missing:
        raise ValidationError({"missing_materials": [_("需补正材料时请列明缺少的材料。")]})
    if opinion == OpinionKind.DISAGREE and not (text or "").strip():
        raise ValidationError({"text": [_("不同意时须说明理由。")]})
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.state != MeetingState.SCHEDULED:
            raise ValidationError({"meeting": [_("会议已结束，不能再填写意见。")]})
        invitation = meeting.invitations.select_for_update().filter(department_id=profile.department_id).first()
        if invitation is None:
            raise PermissionDenied(_("本部门未受邀参加该联审会议。"))
        invitation.opinion, invitation.text, invitation.missing_materials = opinion, (text or "").strip(), missing
        invitation.recorded_by, invitation.recorded_at = by, hall_clock.now()
        invitation.save()
    return invitation


def combined_notice_text(meeting):
    """One 一次性告知 listing every department's missing materials."""
    lines = []
    for inv in meeting.invitations.select_related("department").order_by("id"):
        if inv.missing_materials:
            lines.append(f"{inv.department.name}：{'、'.join(inv.missing_materials)}")
    return "\n".join(lines)


def meeting_conclude(*, meeting, outcome, by, conclusion=""):
    """Close the meeting: one combined notice to the applicant; the agenda cases advance or return."""
    if outcome not in MeetingOutcome.values:
        raise ValidationError({"outcome": [_("请选择会议结论。")]})
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().select_related("application").get(pk=meeting.pk)
        if not may_schedule(by, meeting.application):
            raise PermissionDenied(_("只有会议召集方可以结束联审会议。"))
        if meeting.state != MeetingState.SCHEDULED:
            raise ValidationError({"meeting": [_("会议已经结束。")]})
        invitations = list(meeting.invitations.select_related("department"))
        pending = [i.department.name for i in invitations if not i.opinion]
        if pending:
            raise ValidationError({"meeting": [_("以下部门尚未填写意见：%(names)s。") % {"names": "、".join(pending)}]})
        notice = combined_notice_text(meeting)
        if outcome == MeetingOutcome.ADVANCE and (notice or any(i.opinion != OpinionKind.AGREE for i in invitations)):
            raise ValidationError({"outcome": [_("有部门需补正材料或不同意，会议结论只能为退回补正。")]})
        now = hall_clock.now()
        by_department = {i.department_id: i.recorded_by for i in invitations}
        reason = _("联审会议“%(title)s”：%(text)s") % {
            "title": meeting.title,
            "text": notice or conclusion or _("退回补正"),
        }
        for case in meeting.cases.all().order_by("id"):
            actor = by_department.get(case.department_id)
            if outcome == MeetingOutcome.ADVANCE:
                if case.state == CaseState.SUSPENDED:
                    case = case_resume(case=case, by=actor, note=_("联审会议通过"))
                if case.state == CaseState.IN_REVIEW and case.has_next_step():
                    case_advance(case=case, by=actor, note=_("联审会议通过"))
            elif case.state == CaseState.IN_REVIEW:
                case_suspend(case=case, kind=SuspensionKind.SUPPLEMENT, reason=reason, by=actor)
            elif case.state == CaseState.DISPATCHED:
                case_return(case=case, reason=reason, by=actor)
        meeting.state, meeting.outcome, meeting.concluded_at = MeetingState.CONCLUDED, outcome, now
        meeting.conclusion, meeting.notice_text = (conclusion or "").strip(), notice
        meeting.save()
        text = _("联审会议“%(title)s”已结束，结论：%(outcome)s。") % {
            "title": meeting.title,
            "outcome": MeetingOutcome(outcome).label,
        }
        if notice:
            text += _("一次性告知，请补正以下材料：\n%(notice)s") % {"notice": notice}
        ChainNotice.objects.create(application=meeting.application, kind=NoticeKind.MEETING, at=now, text=text)
    return meeting


def meetings_visible_to(user):
    from chains.selectors import applications_visible_to

    return Meeting.objects.filter(application__in=applications_visible_to(user))
