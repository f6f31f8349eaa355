"""A year without official data never stops a clerk: it is counted Monday–Friday minus the
fixed-date holidays, marked provisional, and becomes official when the year is loaded."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from catalog import calendar_services, clock
from catalog.models import CalendarDay
from catalog.signals import calendar_year_loaded

pytestmark = pytest.mark.django_db
BJ = ZoneInfo("Asia/Shanghai")

CAL_2027 = """date,is_workday,note
2027-01-01,0,元旦
2027-01-04,0,元旦
2027-02-05,0,春节
2027-02-06,1,春节调休上班
"""


def close(y, m, d):
    return datetime(y, m, d, 23, 59, 59, 999999, tzinfo=BJ)


def test_a_case_accepted_on_2026_12_20_gets_a_provisional_deadline_and_no_error():
    deadline = clock.compute_deadline(accepted_at=datetime(2026, 12, 20, 10, 0, tzinfo=BJ), limit_days=20)
    # 12/21–12/25 (5), 12/28–12/31 (9), 1/1 off, 1/4–1/8 (14), 1/11–1/15 (19), 1/18 (20)
    assert deadline.deadline_at == close(2027, 1, 18)
    assert deadline.warn_at == close(2027, 1, 12)
    assert deadline.provisional is True


def test_provisional_year_counts_weekdays_minus_fixed_date_holidays():
    assert clock.is_provisional(date(2027, 3, 1))
    assert clock.year_origin(2027) == "provisional"
    assert not clock.is_workday(date(2027, 1, 1))  # 元旦 (Friday)
    assert clock.is_workday(date(2027, 2, 8))  # lunar holidays cannot be known yet
    # 2028 (2025 rules): 5/1, 5/2 and 10/1–10/3 off; 5/3 and 10/4 ordinary weekdays.
    assert not clock.is_workday(date(2028, 5, 1)) and not clock.is_workday(date(2028, 5, 2))
    assert clock.is_workday(date(2028, 5, 3))
    assert not clock.is_workday(date(2028, 10, 2)) and not clock.is_workday(date(2028, 10, 3))
    assert clock.is_workday(date(2028, 10, 4))


def test_a_deadline_inside_an_official_year_is_not_provisional():
    deadline = clock.compute_deadline(accepted_at=datetime(2026, 12, 1, 10, 0, tzinfo=BJ), limit_days=5)
    assert not deadline.provisional


def test_loading_2027_makes_it_official_and_tells_the_listeners():
    before = clock.compute_deadline(accepted_at=datetime(2026, 12, 20, 10, 0, tzinfo=BJ), limit_days=20)
    heard = []

    def listener(sender, year, **kwargs):
        # Receivers run inside the load's transaction and already see the new calendar.
        heard.append((year, clock.is_provisional(date(year, 1, 1)), clock.is_workday(date(2027, 1, 4))))

    calendar_year_loaded.connect(listener)
    try:
        calendar_services.calendar_import_file(content=CAL_2027.encode(), filename="2027.csv")
    finally:
        calendar_year_loaded.disconnect(listener)

    assert heard == [(2027, False, False)]
    assert clock.year_origin(2027) == "database"
    after = clock.compute_deadline(accepted_at=datetime(2026, 12, 20, 10, 0, tzinfo=BJ), limit_days=20)
    assert not after.provisional
    assert after.deadline_at == close(2027, 1, 19)  # 1/4 is now a holiday
    assert after.deadline_at > before.deadline_at


def test_admin_days_alone_do_not_make_a_year_official():
    calendar_services.calendar_day_set(day=date(2027, 2, 8), is_workday=False, note="春节（预设）")
    assert clock.is_provisional(date(2027, 2, 8))
    assert not clock.is_workday(date(2027, 2, 8))  # but the admin's day counts
    assert CalendarDay.objects.get(date=date(2027, 2, 8)).source == "admin"
