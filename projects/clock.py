"""The working-day clock of help requests and 一卡通 nodes, on the hall's calendar (catalog.clock)."""

from datetime import timedelta

from catalog import clock


def help_request_deadline(*, created_at, working_days):
    """Assign by the close of the N-th working day after the request day; yellow from the close of
    the working day before (the request day itself when N is 1)."""
    day = created_at.astimezone(clock.SHANGHAI).date()
    due_day = clock.add_working_days(day, working_days)
    warn_day = clock.add_working_days(day, max(working_days - 1, 0))
    provisional = clock.any_provisional(day, due_day)
    return clock.close_of_day(due_day), clock.close_of_day(warn_day), provisional


def working_days_before(day, n):
    """The n-th working day before `day` (day itself not counted): a node due n working days
    before the planned start. n=0 gives the last working day on or before `day`."""
    current = day
    if n == 0:
        while not clock.is_workday(current):
            current -= timedelta(days=1)
        return current
    counted = 0
    while counted < n:
        current -= timedelta(days=1)
        if clock.is_workday(current):
            counted += 1
    return current


def node_target(*, planned_start, days_before_start, warn_days):
    """(target_date, target_at, warn_at, provisional) of a node finishing `days_before_start`
    working days before the planned start; yellow `warn_days` working days before the target."""
    target_day = working_days_before(planned_start, days_before_start)
    warn_day = working_days_before(target_day, warn_days)
    provisional = clock.any_provisional(warn_day, planned_start)
    return target_day, clock.close_of_day(target_day), clock.close_of_day(warn_day), provisional
