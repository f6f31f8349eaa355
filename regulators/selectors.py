"""Reads of 审管互动; scoping by user lives here.

Regulator staff are the regulating department's own staff (reviewers and the chief
representative): a department sees the handoffs pushed to it, the joint reviews it started
or was invited to, and the threads it sent or received. Supervisors and hall admins see all.
"""

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.utils.translation import gettext as _

from catalog.models import Department
from hall.constants import DEPARTMENT_ROLES, SEE_ALL_ROLES
from hall.selectors import staff_profile_of
from regulators.constants import JointReviewStatus, ThreadKind, ThreadStatus
from regulators.models import Handoff, Invitation, JointReview, Thread


def department_of(user):
    """The department a user acts for in 审管互动 (its reviewers and chief), or None."""
    profile = staff_profile_of(user)
    if profile is not None and profile.role in DEPARTMENT_ROLES and profile.department_id:
        return profile.department
    return None


def sees_all(user):
    profile = staff_profile_of(user)
    if profile is not None:
        return profile.role in SEE_ALL_ROLES
    return bool(user is not None and user.is_authenticated and user.is_superuser)


def is_department_staff(user, department_id):
    department = department_of(user)
    return department is not None and department.pk == department_id


def handoffs_for(*, user):
    qs = Handoff.objects.select_related("regulator", "case", "acknowledged_by")
    if sees_all(user):
        return qs
    department = department_of(user)
    if department is None:
        return qs.none()
    return qs.filter(regulator=department)


def handoff_get(*, user, pk):
    handoff = handoffs_for(user=user).filter(pk=pk).first()
    if handoff is None:
        raise Http404(_("推送记录不存在或您无权查看。"))
    return handoff


def handoff_for_endpoint(*, endpoint, pk):
    handoff = Handoff.objects.filter(pk=pk, regulator_id=endpoint.department_id).first()
    if handoff is None:
        raise Http404(_("推送记录不存在或不属于本部门。"))
    return handoff


def joint_reviews_for(*, user):
    qs = JointReview.objects.select_related("case", "department", "requested_by")
    if sees_all(user):
        return qs
    department = department_of(user)
    if department is None:
        return qs.none()
    return qs.filter(Q(department=department) | Q(invitations__department=department)).distinct()


def joint_review_get(*, user, pk):
    review = joint_reviews_for(user=user).filter(pk=pk).first()
    if review is None:
        raise Http404(_("联合审查不存在或您无权查看。"))
    review.invitation_rows = list(review.invitations.select_related("department", "answered_by"))
    return review


def invitations_waiting(*, department):
    return (
        Invitation.objects.filter(
            department=department, answered_at__isnull=True, review__status=JointReviewStatus.OPEN
        )
        .select_related("review", "review__case", "review__department")
        .order_by("deadline_at")
    )


def threads_for(*, user):
    qs = Thread.objects.select_related("from_department", "to_department", "case", "item", "created_by")
    if sees_all(user):
        return qs
    department = department_of(user)
    if department is None:
        return qs.none()
    return qs.filter(Q(from_department=department) | Q(to_department=department))


def thread_get(*, user, pk):
    thread = threads_for(user=user).filter(pk=pk).first()
    if thread is None:
        raise Http404(_("协同事项不存在或您无权查看。"))
    thread.message_rows = list(thread.messages.select_related("author", "department"))
    return thread


def refuse_decision_during_joint_review(*, case, by, **context):
    """approvals' guard on the decision: an open joint review keeps the case from being decided."""
    if JointReview.objects.filter(case_id=case.pk, status=JointReviewStatus.OPEN).exists():
        raise ValidationError(
            {"outcome": [_("该办件的联合审查（踏勘）尚未结束：请待受邀部门答复并结束联合审查后再作出决定。")]}
        )


def board_rows(*, now):
    """Per department: handoffs waiting for acknowledgement (of them overdue), overdue
    joint-review opinions, and overdue threads; departments with nothing are left out."""
    waiting = dict(
        Handoff.objects.filter(acknowledged_at__isnull=True)
        .values_list("regulator")
        .annotate(n=Count("id"))
        .values_list("regulator", "n")
    )
    overdue = dict(
        Handoff.objects.filter(acknowledged_at__isnull=True, deadline_at__lt=now)
        .values_list("regulator")
        .annotate(n=Count("id"))
        .values_list("regulator", "n")
    )
    opinions = dict(
        Invitation.objects.filter(answered_at__isnull=True, review__status=JointReviewStatus.OPEN, deadline_at__lt=now)
        .values_list("department")
        .annotate(n=Count("id"))
        .values_list("department", "n")
    )
    threads = dict(
        Thread.objects.filter(deadline_at__lt=now)
        .exclude(status=ThreadStatus.CLOSED)
        .filter(
            Q(kind=ThreadKind.REQUEST_BACK, answered_at__isnull=True)
            | (~Q(kind=ThreadKind.REQUEST_BACK) & Q(acknowledged_at__isnull=True))
        )
        .values_list("to_department")
        .annotate(n=Count("id"))
        .values_list("to_department", "n")
    )
    ids = set(waiting) | set(opinions) | set(threads)
    rows = []
    for department in Department.objects.filter(pk__in=ids):
        rows.append(
            {
                "department": department,
                "waiting": waiting.get(department.pk, 0),
                "overdue": overdue.get(department.pk, 0),
                "opinions_overdue": opinions.get(department.pk, 0),
                "threads_overdue": threads.get(department.pk, 0),
            }
        )
    rows.sort(key=lambda r: (-r["overdue"] - r["opinions_overdue"] - r["threads_overdue"], -r["waiting"]))
    return rows
