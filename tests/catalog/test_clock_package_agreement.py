"""The clock agrees with the official calendar (chinese-calendar) on every day 2019–2026,
whether the days come from the seeded table or, with the table empty, from the package."""

from datetime import date, timedelta

import chinese_calendar
import pytest
from django.core.management import call_command

from catalog import calendar_services, clock
from catalog.models import CalendarDay

pytestmark = pytest.mark.django_db


def _every_day(first, last):
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def _disagreements():
    return [
        day
        for day in _every_day(date(2019, 1, 1), date(2026, 12, 31))
        if clock.is_workday(day) != chinese_calendar.is_workday(day)
    ]


def test_the_migration_seeds_every_package_year():
    years = {day.year for day in CalendarDay.objects.filter(source="official").dates("date", "year")}
    assert years >= set(range(2004, 2027))


def test_the_table_loaded_from_the_package_agrees_every_day_2019_to_2026():
    for year in range(2019, 2027):
        calendar_services.calendar_load_from_package(year=year)
    assert clock.year_origin(2026) == "database"
    assert _disagreements() == []


def test_with_an_empty_table_the_clock_falls_back_to_the_package():
    CalendarDay.objects.all().delete()
    clock.invalidate_cache()
    assert clock.year_origin(2019) == "package"
    assert clock.year_origin(2026) == "package"
    assert not clock.is_provisional(date(2026, 6, 1))
    assert _disagreements() == []


def test_working_days_between_counts_like_the_package():
    workdays = chinese_calendar.get_workdays(date(2025, 1, 1), date(2025, 12, 31))
    assert clock.working_days_between(date(2024, 12, 31), date(2025, 12, 31)) == len(workdays)


@pytest.mark.django_db(transaction=True)
def test_after_a_flush_the_clock_still_counts_correctly():
    call_command("flush", interactive=False, verbosity=0)
    clock.invalidate_cache()
    assert not CalendarDay.objects.exists()
    assert clock.add_working_days(date(2026, 2, 13), 5) == date(2026, 2, 27)
    assert clock.is_provisional(date(2027, 1, 4)) and not clock.is_provisional(date(2026, 12, 31))
