"""level_for: the one rule for red / yellow / green (the case model and annotation use it)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from catalog import clock

BJ = ZoneInfo("Asia/Shanghai")
DEADLINE = datetime(2026, 3, 16, 23, 59, 59, 999999, tzinfo=BJ)
WARN = datetime(2026, 3, 12, 23, 59, 59, 999999, tzinfo=BJ)


@pytest.mark.parametrize(
    "now, running, expected",
    [
        (datetime(2026, 3, 10, 9, 0, tzinfo=BJ), True, "green"),
        (WARN - timedelta(microseconds=1), True, "green"),
        (WARN, True, "yellow"),
        (datetime(2026, 3, 16, 23, 0, tzinfo=BJ), True, "yellow"),
        (DEADLINE, True, "yellow"),  # due at the close of the day: not yet overdue
        (DEADLINE + timedelta(microseconds=1), True, "red"),
        (DEADLINE + timedelta(days=3), False, "none"),  # stopped clock is never overdue
    ],
)
def test_level_for(now, running, expected):
    assert clock.level_for(now=now, deadline_at=DEADLINE, warn_at=WARN, clock_running=running) == expected


def test_no_deadline_means_no_level():
    assert clock.level_for(now=DEADLINE, deadline_at=None, warn_at=None, clock_running=True) == "none"
