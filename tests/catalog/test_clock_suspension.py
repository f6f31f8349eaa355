"""extend_for_suspension: the working days in (suspension day, resumption day] are added
to the deadline and the warning time."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from catalog import clock

pytestmark = pytest.mark.django_db
BJ = ZoneInfo("Asia/Shanghai")


def close(y, m, d):
    return datetime(y, m, d, 23, 59, 59, 999999, tzinfo=BJ)


@pytest.fixture
def ten_days():
    # Mon 2026-03-02 + 10 working days = Mon 3/16; 2 working days before = Thu 3/12.
    deadline = clock.compute_deadline(accepted_at=datetime(2026, 3, 2, 9, 0, tzinfo=BJ), limit_days=10)
    assert deadline.deadline_at == close(2026, 3, 16) and deadline.warn_at == close(2026, 3, 12)
    return deadline


def extend(deadline, start, end, **kwargs):
    return clock.extend_for_suspension(
        deadline=deadline, suspended_at=start, resumed_at=end, limit_days=kwargs.pop("limit_days", 10), **kwargs
    )


def test_lifted_the_same_day_adds_nothing(ten_days):
    new, added = extend(ten_days, datetime(2026, 3, 5, 10, 0, tzinfo=BJ), datetime(2026, 3, 5, 16, 0, tzinfo=BJ))
    assert added == 0 and new == ten_days


def test_lifted_the_next_working_day_adds_one(ten_days):
    new, added = extend(ten_days, datetime(2026, 3, 5, 10, 0, tzinfo=BJ), datetime(2026, 3, 6, 9, 0, tzinfo=BJ))
    assert added == 1
    assert new.deadline_at == close(2026, 3, 17)
    assert new.warn_at == close(2026, 3, 13)


def test_weekend_inside_a_suspension_is_not_added(ten_days):
    new, added = extend(ten_days, datetime(2026, 3, 6, 10, 0, tzinfo=BJ), datetime(2026, 3, 9, 9, 0, tzinfo=BJ))
    assert added == 1
    assert new.deadline_at == close(2026, 3, 17)


def test_suspension_across_the_spring_festival_counts_only_working_days():
    deadline = clock.compute_deadline(accepted_at=datetime(2026, 2, 9, 9, 0, tzinfo=BJ), limit_days=10)
    # 2/10..2/14 (5, Sat 2/14 worked), 2/24..2/28 (10, Sat 2/28 worked)
    assert deadline.deadline_at == close(2026, 2, 28)
    new, added = extend(deadline, datetime(2026, 2, 13, 11, 0, tzinfo=BJ), datetime(2026, 2, 25, 9, 0, tzinfo=BJ))
    assert added == 3  # 2/14, 2/24, 2/25
    assert new.deadline_at == close(2026, 3, 4)
    assert new.warn_at == close(2026, 3, 2)


def test_suspension_into_a_year_without_data_becomes_provisional():
    deadline = clock.compute_deadline(accepted_at=datetime(2026, 12, 1, 9, 0, tzinfo=BJ), limit_days=20)
    assert deadline.deadline_at == close(2026, 12, 29) and not deadline.provisional
    new, added = extend(
        deadline, datetime(2026, 12, 2, 9, 0, tzinfo=BJ), datetime(2026, 12, 9, 9, 0, tzinfo=BJ), limit_days=20
    )
    assert added == 5
    assert new.provisional
    assert new.deadline_at == close(2027, 1, 6)  # 12/30, 12/31, (1/1 off), 1/4, 1/5, 1/6


def test_instant_deadline_stays_instant():
    deadline = clock.compute_deadline(accepted_at=datetime(2026, 3, 2, 9, 0, tzinfo=BJ), limit_days=0, instant=True)
    new, added = extend(deadline, datetime(2026, 3, 2, 10, 0, tzinfo=BJ), datetime(2026, 3, 3, 9, 0, tzinfo=BJ))
    assert added == 1
    assert new.deadline_at == close(2026, 3, 3) == new.warn_at


def test_clamped_warning_never_moves_back():
    accepted = datetime(2026, 3, 3, 15, 30, tzinfo=BJ)
    deadline = clock.compute_deadline(accepted_at=accepted, limit_days=1)
    assert deadline.warn_at == accepted
    new, added = extend(
        deadline, datetime(2026, 3, 3, 16, 0, tzinfo=BJ), datetime(2026, 3, 6, 9, 0, tzinfo=BJ), limit_days=1
    )
    assert added == 3
    assert new.deadline_at == close(2026, 3, 9)
    assert new.warn_at == close(2026, 3, 5)


def test_provisional_is_recomputed_on_resume_after_the_year_is_loaded():
    from catalog import calendar_services

    deadline = clock.compute_deadline(accepted_at=datetime(2026, 12, 20, 10, 0, tzinfo=BJ), limit_days=20)
    assert deadline.provisional
    calendar_services.calendar_import_file(content="2027-01-01,0,元旦\n".encode())
    new, added = extend(
        deadline, datetime(2026, 12, 22, 9, 0, tzinfo=BJ), datetime(2026, 12, 23, 9, 0, tzinfo=BJ), limit_days=20
    )
    assert added == 1 and not new.provisional
