"""Reads of supervision: a person's notifications, and cases due a warning."""

from django.db.models import CharField, Exists, OuterRef, Q, Value

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


def _at_level(level, now):
    """Running cases at `level` now that have no WarningRecord for it yet (no ordering, no joins).

    Red: past the stored deadline. Yellow: past warn_at but not yet due — a case that went
    straight from green to red between two scans gets only the red notice.
    """
    already = WarningRecord.objects.filter(case=OuterRef("pk"), level=level)
    qs = Case.objects.filter(state=CaseState.IN_REVIEW, deadline_at__isnull=False)
    if level == WarningLevel.RED:
        qs = qs.filter(deadline_at__lt=now)
    else:
        qs = qs.filter(warn_at__lte=now, deadline_at__gte=now)
    return qs.filter(~Exists(already))


def cases_due_warning(*, level, now, ids=None):
    """Running cases at `level` now without its warning yet, with what the notice needs (one query).

    Every such case (the sweep's first run, or one after a long gap), or those of `ids` only.
    """
    qs = _at_level(level, now)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.select_related("item", "department").order_by("deadline_at")


# Events after which a case's clock may be due at once: it (re)entered review, or its deadline moved.
CLOCK_ACTIONS = (
    Action.ACKNOWLEDGE,
    Action.DEEM_ACCEPTED,
    Action.ACCEPT_ON_THE_SPOT,
    Action.RESUME,
    Action.RECOMPUTE_DEADLINE,
)


def warnings_due_since(*, since, now):
    """(case id, level) pairs that may have fallen due a warning in (since, now]: ONE query.

    Per level, the cases whose deadline (red) or warn_at (yellow) fell in the range (an index
    range scan), and the cases with a clock event in it (accepted, resumed, recomputed: a range
    scan of the (action, at) event index, joined in the database), without a record yet. A
    sweep with nothing new reads no case row at all.
    """
    touched = CaseEvent.objects.filter(action__in=CLOCK_ACTIONS, at__gt=since, at__lte=now).values("case_id")
    branches = []
    for level in (WarningLevel.RED, WarningLevel.YELLOW):
        crossed = Q(deadline_at__gt=since) if level == WarningLevel.RED else Q(warn_at__gt=since)
        due = _at_level(level, now).order_by().annotate(level=Value(level, output_field=CharField()))
        branches.append(due.filter(crossed).values_list("pk", "level"))
        branches.append(due.filter(pk__in=touched).values_list("pk", "level"))
    first, *rest = branches
    return first.union(*rest)


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
