"""Properties of the clock over random dates and limits (hypothesis), across official and
provisional years."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from catalog import clock

pytestmark = pytest.mark.django_db
BJ = ZoneInfo("Asia/Shanghai")

starts = st.dates(min_value=date(2003, 1, 1), max_value=date(2030, 12, 31))
limits = st.integers(min_value=0, max_value=400)
moments = st.builds(
    lambda day, seconds: datetime.combine(day, time(), tzinfo=BJ) + timedelta(seconds=seconds),
    starts,
    st.integers(min_value=0, max_value=86399),
)
quick = settings(max_examples=150, deadline=None)


@quick
@given(start=starts, days=limits, more=st.integers(min_value=0, max_value=60))
def test_more_days_never_give_an_earlier_deadline(start, days, more):
    assert clock.add_working_days(start, days) <= clock.add_working_days(start, days + more)


@quick
@given(start=starts, days=st.integers(min_value=1, max_value=400))
def test_the_deadline_day_is_always_a_working_day_after_the_start(start, days):
    deadline = clock.add_working_days(start, days)
    assert deadline > start
    assert clock.is_workday(deadline)


@quick
@given(start=starts, days=limits)
def test_counting_back_gives_the_limit(start, days):
    assert clock.working_days_between(start, clock.add_working_days(start, days)) == days


@quick
@given(accepted_at=moments, limit=st.integers(min_value=1, max_value=120), warn=st.none() | st.integers(0, 30))
def test_deadline_and_warning_are_ordered(accepted_at, limit, warn):
    deadline = clock.compute_deadline(accepted_at=accepted_at, limit_days=limit, warn_days=warn)
    assert accepted_at <= deadline.warn_at <= deadline.deadline_at
    day = deadline.deadline_at.astimezone(BJ).date()
    assert clock.is_workday(day)
    assert deadline.provisional == any(
        clock.is_provisional(date(year, 1, 1)) for year in range(accepted_at.year, day.year + 1)
    )


@quick
@given(
    accepted_at=moments, limit=st.integers(min_value=1, max_value=60), pause=st.integers(0, 20), gap=st.integers(0, 40)
)
def test_suspension_adds_exactly_the_working_days_spent(accepted_at, limit, pause, gap):
    deadline = clock.compute_deadline(accepted_at=accepted_at, limit_days=limit)
    suspended_at = accepted_at + timedelta(days=pause)
    resumed_at = suspended_at + timedelta(days=gap, hours=1)
    new, added = clock.extend_for_suspension(
        deadline=deadline, suspended_at=suspended_at, resumed_at=resumed_at, limit_days=limit
    )
    assert added == clock.working_days_between(suspended_at.date(), resumed_at.astimezone(BJ).date())
    old_day, new_day = deadline.deadline_at.date(), new.deadline_at.date()
    assert clock.working_days_between(old_day, new_day) == added
    assert new.warn_at >= deadline.warn_at and new.warn_at <= new.deadline_at
