"""The 流转 clock: due by the close of the Nth working day of the hall calendar (catalog.clock)."""

from dataclasses import dataclass
from datetime import datetime, time

from django.conf import settings
from django.utils import timezone

from catalog import clock


@dataclass(frozen=True)
class Due:
    due_at: datetime
    warn_at: datetime
    provisional: bool


def transfer_due(start, days=None):
    """Due at the close of the `days`-th working day after `start`; yellow from that day's start."""
    days = settings.HALL_TRANSFER_WORKING_DAYS if days is None else days
    start_day = timezone.localdate(start)
    day = clock.add_working_days(start_day, days)
    due_at = clock.close_of_day(day)
    warn_at = max(start, timezone.make_aware(datetime.combine(day, time.min), clock.SHANGHAI))
    return Due(due_at=due_at, warn_at=warn_at, provisional=clock.any_provisional(start_day, day))
