"""Reads of supervision: a person's notifications, and cases due a warning."""

from django.db.models import Exists, OuterRef, Q

from approvals.constants import Action, CaseState
from approvals.models import Case, CaseEvent
from hall.constants import DEPARTMENT_ROLES, Role
from hall.models import StaffProfile
from supervision.constants import WarningLevel
from supervision.models import Notification, SweepMark, WarningRecord


def notifications_for(*, user):
    if user is None or not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(user=user).select_related("case").order_by("-created_at", "-id")


def unread_notification_count(*, user):
    if user is None or not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def cases_due_warning(*, level, now, since=None, touched_ids=()):
    """Running cases at `level` now that have no WarningRecord for it yet (one SQL query each).

    Red: past the stored deadline. Yellow: past warn_at but not yet due — a case that went
    straight from green to red between two scans gets only the red notice.

    Given `since` (the sweep's watermark), only cases whose deadline (red) or warn_at (yellow)
    fell in (since, now] — an index range scan — plus `touched_ids`, the cases whose clock
    changed since then (accepted, resumed, recomputed). Without it: every running case.
    """
    already = WarningRecord.objects.filter(case=OuterRef("pk"), level=level)
    qs = Case.objects.filter(state=CaseState.IN_REVIEW, deadline_at__isnull=False)
    if level == WarningLevel.RED:
        qs = qs.filter(deadline_at__lt=now)
        crossed = Q(deadline_at__gt=since)
    else:
        qs = qs.filter(warn_at__lte=now, deadline_at__gte=now)
        crossed = Q(warn_at__gt=since)
    if since is not None:
        qs = qs.filter(crossed | Q(pk__in=list(touched_ids)) if touched_ids else crossed)
    return qs.filter(~Exists(already)).select_related("item", "department").order_by("deadline_at")


# Events after which a case's clock may be due at once: it (re)entered review, or its deadline moved.
CLOCK_ACTIONS = (
    Action.ACKNOWLEDGE,
    Action.DEEM_ACCEPTED,
    Action.ACCEPT_ON_THE_SPOT,
    Action.RESUME,
    Action.RECOMPUTE_DEADLINE,
)


def cases_with_clock_changed(*, since, now):
    """Ids of cases with a clock event in (since, now]: a range scan of the (action, at) index."""
    return set(
        CaseEvent.objects.filter(action__in=CLOCK_ACTIONS, at__gt=since, at__lte=now)
        .order_by()
        .values_list("case_id", flat=True)
    )


def sweep_mark(name):
    return SweepMark.objects.filter(name=name).values_list("at", flat=True).first()


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
