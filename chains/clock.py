"""Working hours (工作时间) on the hall's calendar: limits promised in hours are due in working time.

The calendar's working days (catalog.clock) are unchanged; on each of them the hall works a
morning and an afternoon period (WorkingHours, editable in admin, default 9:00–12:00 and
13:30–17:30). Accepted at 11:30 with 2 hours → due 15:00 (the lunch break does not count);
accepted at 16:30 with 2 hours → one hour today, one tomorrow morning → 10:00 the next working day
(09:30 where the afternoon ends at 18:00, as in the issue's example).
Day-based limits keep catalog.clock.compute_deadline.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from catalog import clock as day_clock
from catalog.clock import SHANGHAI

DEFAULT_PERIODS = ((time(9, 0), time(12, 0)), (time(13, 30), time(17, 30)))
# Yellow: 20% of an hours-limit before its deadline, at least this many minutes.
MIN_WARN_MINUTES = 30
MAX_SEARCH_DAYS = 400


@dataclass(frozen=True)
class HoursDeadline:
    deadline_at: datetime
    warn_at: datetime
    provisional: bool


def periods():
    """Today's working periods of the hall (the first WorkingHours row, else the defaults)."""
    from chains.models import WorkingHours

    row = WorkingHours.objects.order_by("id").first()
    if row is None:
        return DEFAULT_PERIODS
    return ((row.morning_start, row.morning_end), (row.afternoon_start, row.afternoon_end))


def _spans(day, hall_periods):
    for start, end in hall_periods:
        yield datetime.combine(day, start, SHANGHAI), datetime.combine(day, end, SHANGHAI)


def add_working_minutes(start, minutes, *, hall_periods=None):
    """The moment `minutes` working minutes after `start` (an aware datetime)."""
    hall_periods = hall_periods or periods()
    cursor = start.astimezone(SHANGHAI)
    remaining = timedelta(minutes=minutes)
    day = cursor.date()
    for _ in range(MAX_SEARCH_DAYS):
        if day_clock.is_workday(day):
            for begin, end in _spans(day, hall_periods):
                if cursor >= end:
                    continue
                cursor = max(cursor, begin)
                available = end - cursor
                if remaining <= available:
                    return cursor + remaining
                remaining -= available
                cursor = end
        day = day + timedelta(days=1)
        cursor = max(cursor, datetime.combine(day, time(0, 0), SHANGHAI))
    raise ValueError("no working time found")


def working_minutes_between(start, end, *, hall_periods=None):
    """Working minutes in [start, end) (0 if end <= start)."""
    if end <= start:
        return 0
    hall_periods = hall_periods or periods()
    start, end = start.astimezone(SHANGHAI), end.astimezone(SHANGHAI)
    total = timedelta(0)
    day = start.date()
    while day <= end.date():
        if day_clock.is_workday(day):
            for begin, finish in _spans(day, hall_periods):
                lo, hi = max(begin, start), min(finish, end)
                if hi > lo:
                    total += hi - lo
        day += timedelta(days=1)
    return int(total.total_seconds() // 60)


def compute_hours_deadline(*, accepted_at, limit_hours, hall_periods=None):
    hall_periods = hall_periods or periods()
    minutes = limit_hours * 60
    warn_lead = max(MIN_WARN_MINUTES, minutes // 5)
    deadline_at = add_working_minutes(accepted_at, minutes, hall_periods=hall_periods)
    warn_at = add_working_minutes(accepted_at, max(minutes - warn_lead, 0), hall_periods=hall_periods)
    local = accepted_at.astimezone(SHANGHAI).date()
    provisional = day_clock.any_provisional(local, deadline_at.astimezone(SHANGHAI).date())
    return HoursDeadline(deadline_at=deadline_at, warn_at=warn_at, provisional=provisional)


def countdown_text(*, now, deadline_at, in_hours):
    """剩余/超期 time: hours and minutes of working time for hour limits, working days otherwise."""
    from django.utils.translation import gettext as _

    if in_hours:
        if now <= deadline_at:
            left = working_minutes_between(now, deadline_at)
            return _("剩余%(h)d小时%(m)d分") % {"h": left // 60, "m": left % 60}
        over = working_minutes_between(deadline_at, now)
        return _("已超期%(h)d小时%(m)d分") % {"h": over // 60, "m": over % 60}
    today = now.astimezone(SHANGHAI).date()
    due = deadline_at.astimezone(SHANGHAI).date()
    if now <= deadline_at:
        return _("剩余%(d)d个工作日") % {"d": day_clock.working_days_between(today, due)}
    return _("已超期%(d)d个工作日") % {"d": max(day_clock.working_days_between(due, today), 1)}
