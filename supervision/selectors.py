"""Reads of supervision: a person's notifications, and cases due a warning."""

from django.db.models import Exists, OuterRef, Q

from approvals.constants import CaseState
from approvals.models import Case
from hall.constants import DEPARTMENT_ROLES, Role
from hall.models import StaffProfile
from supervision.constants import WarningLevel
from supervision.models import Notification, WarningRecord


def notifications_for(*, user):
    if user is None or not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(user=user).select_related("case").order_by("-created_at", "-id")


def unread_notification_count(*, user):
    if user is None or not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def cases_due_warning(*, level, now):
    """Running cases at `level` now that have no WarningRecord for it yet (one SQL query each).

    Red: past the stored deadline. Yellow: past warn_at but not yet due — a case that went
    straight from green to red between two scans gets only the red notice.
    """
    already = WarningRecord.objects.filter(case=OuterRef("pk"), level=level)
    qs = Case.objects.filter(state=CaseState.IN_REVIEW, deadline_at__isnull=False)
    if level == WarningLevel.RED:
        qs = qs.filter(deadline_at__lt=now)
    else:
        qs = qs.filter(warn_at__lte=now, deadline_at__gte=now)
    return qs.filter(~Exists(already)).select_related("item", "department").order_by("deadline_at")


def warning_recipient_ids(*, department_id):
    """The department's reviewers and chief representative, and every supervisor."""
    return list(
        StaffProfile.objects.filter(Q(role__in=DEPARTMENT_ROLES, department_id=department_id) | Q(role=Role.SUPERVISOR))
        .values_list("user_id", flat=True)
        .distinct()
    )


def urge_recipient_ids(*, department_id):
    """The department's reviewers and chief representative: the people who must act on an urge."""
    return list(
        StaffProfile.objects.filter(role__in=DEPARTMENT_ROLES, department_id=department_id)
        .values_list("user_id", flat=True)
        .distinct()
    )
