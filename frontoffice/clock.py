"""Short front-office clocks on the hall's working-day calendar (catalog.clock)."""

from datetime import timedelta

from django.utils import timezone

from catalog.clock import is_workday

# Yellow once this share of the time has gone.
WARN_SHARE = 2 / 3


def due_after(start, minutes):
    """`minutes` after `start`, moved on day by day past non-working days (holidays, weekends)."""
    due = start + timedelta(minutes=minutes)
    for _ in range(60):  # never more than a long holiday away
        if is_workday(timezone.localtime(due).date()):
            break
        due += timedelta(days=1)
    return due


def warn_time(start, due):
    return start + (due - start) * WARN_SHARE
