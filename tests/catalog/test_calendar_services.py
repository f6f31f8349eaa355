"""Loading years and editing days: one transaction, history written, clock refreshed,
listeners told; admin days survive a reload unless replaced."""

from datetime import date

import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import ValidationError

from catalog import calendar_services, clock
from catalog.models import CalendarDay, CalendarYear
from catalog.signals import calendar_year_loaded

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    years = []

    def listener(sender, year, **kwargs):
        years.append(year)

    calendar_year_loaded.connect(listener)
    yield years
    calendar_year_loaded.disconnect(listener)


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_superuser("calendar-admin", password="x")


def test_load_from_package_rewrites_the_year_and_records_it(heard, admin_user):
    CalendarDay.objects.filter(date__year=2025).delete()
    record = calendar_services.calendar_load_from_package(year=2025, by=admin_user)
    assert record.origin == "package" and record.loaded_by == admin_user
    assert CalendarDay.objects.filter(date__year=2025, source="official").count() == record.day_count > 30
    assert CalendarDay.objects.get(date=date(2025, 1, 26)).note == "春节调休上班"
    assert heard == [2025]
    assert LogEntry.objects.filter(user=admin_user, change_message__contains="2025年").exists()


def test_package_has_no_2027():
    with pytest.raises(ValidationError, match="没有2027年"):
        calendar_services.calendar_load_from_package(year=2027)


def test_file_import_is_all_or_nothing(heard):
    with pytest.raises(ValidationError):
        calendar_services.calendar_import_file(content=b"2027-01-01,0,x\n2027-13-01,0,y\n")
    assert not CalendarDay.objects.filter(date__year=2027).exists()
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert heard == []
    assert clock.is_provisional(date(2027, 1, 1))


def test_admin_days_survive_a_reload_unless_replaced(heard):
    calendar_services.calendar_day_set(day=date(2026, 3, 4), is_workday=False, note="台风停止办公")
    calendar_services.calendar_day_set(day=date(2026, 2, 16), is_workday=True, note="值班")
    calendar_services.calendar_load_from_package(year=2026)
    assert CalendarDay.objects.get(date=date(2026, 3, 4)).source == "admin"
    assert clock.is_workday(date(2026, 2, 16))
    calendar_services.calendar_load_from_package(year=2026, replace_admin=True)
    assert not CalendarDay.objects.filter(date=date(2026, 3, 4)).exists()
    assert CalendarDay.objects.get(date=date(2026, 2, 16)).source == "official"
    assert not clock.is_workday(date(2026, 2, 16))
    assert heard == [2026, 2026, 2026, 2026]


def test_setting_and_resetting_a_day(heard, admin_user):
    day = date(2026, 2, 16)  # 春节 holiday, official row
    row = calendar_services.calendar_day_set(day=day, is_workday=True, note="窗口值班", by=admin_user)
    assert row.source == "admin" and clock.is_workday(day)
    calendar_services.calendar_day_reset(day=day, by=admin_user)
    restored = CalendarDay.objects.get(date=day)
    assert restored.source == "official" and restored.note == "春节" and not clock.is_workday(day)
    assert heard == [2026, 2026]
    assert LogEntry.objects.filter(user=admin_user).count() == 2


def test_years_outside_the_loadable_range_are_refused():
    with pytest.raises(ValidationError, match="年度必须在"):
        calendar_services.calendar_day_set(day=date(1999, 1, 4), is_workday=False)
    with pytest.raises(ValidationError, match="年度必须在"):
        calendar_services.calendar_import_file(content=b"2101-01-01,0,x\n", year=2101)
