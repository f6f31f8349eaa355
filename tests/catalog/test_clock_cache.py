"""The calendar is cached per process: no query per call once warm, and edits are seen —
at once in this process, within a few seconds from another process."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from catalog import clock
from catalog.models import CalendarDay

pytestmark = pytest.mark.django_db


def test_no_query_per_call_once_warm(django_assert_num_queries):
    start = datetime(2026, 1, 5, 1, 0, tzinfo=UTC)
    clock.compute_deadline(accepted_at=start, limit_days=20)
    with django_assert_num_queries(0):
        for i in range(2000):
            clock.compute_deadline(accepted_at=start + timedelta(hours=3 * i), limit_days=(i % 30) + 1)
            clock.is_workday(date(2026, 1, 1) + timedelta(days=i % 300))


def test_an_orm_edit_in_this_process_is_seen_at_once():
    day = date(2026, 3, 4)  # an ordinary Wednesday
    assert clock.is_workday(day)
    CalendarDay.objects.create(date=day, is_workday=False, note="台风停止办公", source="admin")
    assert not clock.is_workday(day)


def test_an_edit_by_another_process_is_seen_after_the_version_check(monkeypatch):
    day = date(2026, 3, 4)
    assert clock.is_workday(day)
    # Another process wrote the row: no signal reaches this one (bulk_create sends none).
    CalendarDay.objects.bulk_create(
        [CalendarDay(date=day, is_workday=False, source="admin", updated_at=timezone.now())]
    )
    assert clock.is_workday(day)  # still the cached calendar
    monkeypatch.setattr(clock._state, "checked_at", clock._state.checked_at - clock.VERSION_CHECK_SECONDS)
    assert not clock.is_workday(day)


def test_invalidate_cache_drops_the_cached_years():
    clock.is_workday(date(2026, 3, 4))
    assert clock._state.span is not None
    clock.invalidate_cache(2026)
    assert clock._state.span is None and clock._state.years == {}
