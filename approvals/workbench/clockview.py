"""The clock as a clerk reads it: remaining working days and the step that holds the case."""

from django.utils import timezone

from catalog import clock


def remaining_working_days(case, now=None):
    """Working days left until the deadline day (0 on the day itself), negative when overdue."""
    if case.deadline_at is None:
        return None
    today = timezone.localdate(now or timezone.now())
    due = timezone.localdate(case.deadline_at)
    if due >= today:
        return clock.working_days_between(today, due)
    return -max(clock.working_days_between(due, today), 1)


def step_name(case):
    step = case.step(case.current_step) if case.current_step is not None else None
    return step["name"] if step else ""


def decorate(cases, now=None):
    """Attach `remaining` and `step_name` to each case of a list (no queries: snapshot is loaded)."""
    now = now or timezone.now()
    for case in cases:
        case.remaining = remaining_working_days(case, now)
        case.step_label = step_name(case)
    return cases
