"""compute_deadline: close of the N-th working day after the acceptance date (Beijing time),
the warning time, instant items, and clear errors for bad input."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from catalog import clock

pytestmark = pytest.mark.django_db
BJ = ZoneInfo("Asia/Shanghai")


def close(y, m, d):
    return datetime(y, m, d, 23, 59, 59, 999999, tzinfo=BJ)


def test_deadline_is_the_close_of_the_nth_working_day_and_yellow_two_working_days_before():
    deadline = clock.compute_deadline(accepted_at=datetime(2026, 2, 13, 10, 0, tzinfo=BJ), limit_days=5)
    assert deadline.deadline_at == close(2026, 2, 27)
    assert deadline.warn_at == close(2026, 2, 25)  # yellow on 2/26 and 2/27: two working days left
    assert deadline.provisional is False


def test_warning_lead_is_twenty_percent_of_the_limit_when_larger():
    accepted = datetime(2026, 3, 2, 9, 0, tzinfo=BJ)  # Monday, an ordinary month
    twenty = clock.compute_deadline(accepted_at=accepted, limit_days=20)
    assert twenty.deadline_at == close(2026, 3, 30)
    assert twenty.warn_at == close(2026, 3, 24)  # 4 working days before (20% of 20)
    eleven = clock.compute_deadline(accepted_at=accepted, limit_days=11)
    assert eleven.deadline_at == close(2026, 3, 17)
    assert eleven.warn_at == close(2026, 3, 12)  # ceil(2.2) = 3 working days before


def test_item_may_override_the_warning_days():
    accepted = datetime(2026, 3, 2, 9, 0, tzinfo=BJ)
    assert clock.compute_deadline(accepted_at=accepted, limit_days=20, warn_days=1).warn_at == close(2026, 3, 27)
    same = clock.compute_deadline(accepted_at=accepted, limit_days=20, warn_days=0)
    assert same.warn_at == same.deadline_at


def test_warning_never_before_acceptance():
    accepted = datetime(2026, 3, 3, 15, 30, tzinfo=BJ)
    deadline = clock.compute_deadline(accepted_at=accepted, limit_days=1)
    assert deadline.deadline_at == close(2026, 3, 4)
    assert deadline.warn_at == accepted  # 2 working days before would be 3/2: clamp


def test_instant_items_are_due_at_the_end_of_the_acceptance_day():
    accepted = datetime(2026, 2, 13, 10, 0, tzinfo=BJ)
    deadline = clock.compute_deadline(accepted_at=accepted, limit_days=5, instant=True)
    assert deadline.deadline_at == close(2026, 2, 13)
    assert deadline.warn_at == deadline.deadline_at
    zero = clock.compute_deadline(accepted_at=accepted, limit_days=0)
    assert zero.deadline_at == close(2026, 2, 13)


def test_day_boundaries_are_beijing_time_whatever_the_input_zone():
    # 16:30 UTC on Fri 2/13 is 00:30 on Sat 2/14 in Beijing, a make-up working day.
    late = datetime(2026, 2, 13, 16, 30, tzinfo=UTC)
    assert clock.compute_deadline(accepted_at=late, limit_days=1).deadline_at == close(2026, 2, 24)
    early = datetime(2026, 2, 13, 15, 59, tzinfo=UTC)  # 23:59 on Fri 2/13 in Beijing
    assert clock.compute_deadline(accepted_at=early, limit_days=1).deadline_at == close(2026, 2, 14)
    assert clock.compute_deadline(accepted_at=early, limit_days=1).deadline_at.utcoffset() == timedelta(hours=8)


def test_bad_input_raises_value_error_with_a_chinese_message():
    with pytest.raises(ValueError, match="时区"):
        clock.compute_deadline(accepted_at=datetime(2026, 1, 5, 9, 0), limit_days=5)
    with pytest.raises(ValueError, match="负数"):
        clock.compute_deadline(accepted_at=datetime(2026, 1, 5, 9, 0, tzinfo=BJ), limit_days=-1)
    with pytest.raises(ValueError, match="超出可计算范围"):
        clock.add_working_days(date(1899, 12, 31), 1)
    with pytest.raises(ValueError, match="超出可计算范围"):
        clock.is_workday(date(2201, 1, 1))
    with pytest.raises(ValueError, match="日期"):
        clock.is_workday("2026-01-01")


def test_nothing_raises_across_the_supported_range():
    assert clock.is_workday(date(1900, 1, 2)) in (True, False)
    assert clock.add_working_days(date(1900, 1, 1), 3) > date(1900, 1, 1)
    assert clock.add_working_days(date(2200, 12, 31), 30).year == 2201
    deadline = clock.compute_deadline(accepted_at=datetime(2200, 12, 30, 9, 0, tzinfo=BJ), limit_days=20)
    assert deadline.provisional
    assert clock.working_days_between(date(1900, 1, 1), date(2200, 12, 31)) > 70000


def test_close_of_day():
    assert clock.close_of_day(date(2026, 5, 1)) == close(2026, 5, 1)
