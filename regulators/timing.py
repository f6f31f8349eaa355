"""Deadlines of 审管互动 on the hall's working-day clock, and who hears when they run late."""

from django.db.models import Q

from catalog import clock
from hall.constants import DEPARTMENT_ROLES, Role
from hall.models import StaffProfile


def deadline_from(*, start, days, warn_days=1):
    """Due at the close of the `days`-th working day after `start`; yellow `warn_days` working
    days before (never before start)."""
    warn_days = min(warn_days, days) if days else 0
    return clock.compute_deadline(accepted_at=start, limit_days=days, warn_days=warn_days)


def level_q(level, now, *, done_q):
    """The SQL form of red/yellow/green for a Timed model whose clock stops at `done_q`."""
    running = ~done_q
    if level == clock.LEVEL_RED:
        return running & Q(deadline_at__lt=now)
    if level == clock.LEVEL_YELLOW:
        return running & Q(deadline_at__gte=now, warn_at__lte=now)
    return running & Q(warn_at__gt=now)


def department_staff_ids(department_id):
    """Who works for a department here: its reviewers and its chief representative (首席代表)."""
    return list(
        StaffProfile.objects.filter(role__in=DEPARTMENT_ROLES, department_id=department_id)
        .values_list("user_id", flat=True)
        .distinct()
    )


def supervisor_ids():
    return list(StaffProfile.objects.filter(role=Role.SUPERVISOR).values_list("user_id", flat=True).distinct())
