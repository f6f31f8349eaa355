"""电子监察's reads: findings by scope, monthly card tallies, the departments' weekly standing."""

from datetime import timedelta

from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone

from catalog import clock
from hall.constants import DEPARTMENT_ROLES, SEE_ALL_ROLES
from hall.selectors import staff_profile_of
from supervision.monitoring_models import COUNTED_STATUSES, DepartmentWeek, Finding, FindingLevel


def _scope(user):
    """None: all departments; an id: that department only. Raises Http404 for everyone else."""
    if user.is_superuser:
        return None
    profile = staff_profile_of(user)
    if profile is not None and profile.role in SEE_ALL_ROLES:
        return None
    if profile is not None and profile.role in DEPARTMENT_ROLES and profile.department_id:
        return profile.department_id
    raise Http404


def findings_for(*, user, status=None, level=None, department_id=None):
    scope = _scope(user)
    qs = Finding.objects.select_related("case", "department", "staff").order_by("-raised_at", "-id")
    if scope is not None:
        qs = qs.filter(department_id=scope)
    elif department_id:
        qs = qs.filter(department_id=department_id)
    if status:
        qs = qs.filter(status=status)
    if level:
        qs = qs.filter(level=level)
    return qs


def finding_get(*, user, pk):
    finding = findings_for(user=user).filter(pk=pk).first()
    if finding is None:
        raise Http404
    return finding


def month_bounds(day):
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return clock.close_of_day(first - timedelta(days=1)), clock.close_of_day(following - timedelta(days=1))


def monthly_card_tallies(*, user, day=None):
    """[{department__name, warnings, yellow, red}] for the month of `day` — one grouped query."""
    scope = _scope(user)
    start, end = month_bounds(day or timezone.localdate())
    qs = Finding.objects.filter(raised_at__gt=start, raised_at__lte=end, status__in=COUNTED_STATUSES)
    if scope is not None:
        qs = qs.filter(department_id=scope)
    return list(
        qs.values("department_id", "department__name")
        .annotate(
            warnings=Count("id", filter=Q(level=FindingLevel.WARNING)),
            yellow=Count("id", filter=Q(level=FindingLevel.YELLOW)),
            red=Count("id", filter=Q(level=FindingLevel.RED)),
        )
        .order_by("-red", "-yellow", "department__name")
    )


def department_weeks(*, user, weeks=8):
    """The last `weeks` weeks of kept standings, newest first, grouped by department."""
    scope = _scope(user)
    qs = DepartmentWeek.objects.select_related("department").order_by("department__name", "-week_start")
    if scope is not None:
        qs = qs.filter(department_id=scope)
    since = timezone.localdate() - timedelta(weeks=weeks)
    history = {}
    for row in qs.filter(week_start__gte=since):
        history.setdefault(row.department.name, []).append(row)
    return history
