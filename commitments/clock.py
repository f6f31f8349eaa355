"""The commitments' own clock: supply periods in working days, calendar days or months, on
the hall's calendar (catalog.clock). A period that ends on a rest day runs to the next working day."""

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from catalog import clock
from commitments.constants import PeriodUnit

REMINDER_HOUR = 9  # reminders go out at 09:00 Beijing time


@dataclass(frozen=True)
class Due:
    due_date: date
    due_at: datetime
    warn_at: datetime
    provisional: bool


def add_months(day, months):
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_for(*, start, amount, unit):
    """When a period of `amount` `unit`s counted from `start` (an aware datetime) ends."""
    start_day = timezone.localdate(start)
    if unit == PeriodUnit.WORKING_DAYS:
        day = clock.add_working_days(start_day, amount)
    else:
        day = start_day + timedelta(days=amount) if unit == PeriodUnit.CALENDAR_DAYS else add_months(start_day, amount)
        while not clock.is_workday(day):
            day += timedelta(days=1)
    due_at = clock.close_of_day(day)
    lead = max(timedelta(days=3), (due_at - start) / 5)
    warn_at = max(start, due_at - lead)
    return Due(day, due_at, warn_at, clock.any_provisional(start_day, day))


def reminder_time(due_date, lead_days):
    day = due_date - timedelta(days=lead_days)
    return timezone.make_aware(datetime.combine(day, time(REMINDER_HOUR)), clock.SHANGHAI)
