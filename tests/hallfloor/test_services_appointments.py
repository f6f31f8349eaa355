"""Appointments: working days only (holidays refused with the reason), capacity, limits,
check-in into a priority ticket that is called first, no-shows."""

from datetime import date, datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from catalog import clock
from hallfloor import services
from hallfloor.constants import AppointmentChannel, AppointmentStatus, NotificationKind, Priority
from hallfloor.models import Appointment, Notification
from tests.factories import make_applicant_user, resident_id
from tests.hallfloor.floor_factories import make_area, window_clerk

pytestmark = pytest.mark.django_db


def at(day, hh, mm=0):
    return timezone.make_aware(datetime.combine(day, time(hh, mm)))


def next_workday(after):
    return clock.add_working_days(after, 1)


def book(area, day, slot="10:00", id_number=None, now=None, **extra):
    return services.appointment_book(
        area=area,
        day=day,
        slot=datetime.strptime(slot, "%H:%M").time(),
        name="王预约",
        id_number=id_number or resident_id(),
        by=extra.pop("by", None) or make_applicant_user(),
        channel=AppointmentChannel.PORTAL,
        now=now,
        **extra,
    )


def test_a_holiday_is_refused_with_the_reason():
    area = make_area(days_ahead=30)
    with pytest.raises(ValidationError) as exc:
        book(area, date(2026, 10, 1), now=at(date(2026, 9, 25), 9))
    message = exc.value.message_dict["day"][0]
    assert "2026年10月1日" in message and "国庆" in message and "不办公" in message


def test_a_weekend_is_refused():
    area = make_area(days_ahead=30)
    with pytest.raises(ValidationError) as exc:
        book(area, date(2026, 12, 5), now=at(date(2026, 12, 1), 9))  # a Saturday
    assert "周末" in exc.value.message_dict["day"][0] or "休息日" in exc.value.message_dict["day"][0]


def test_days_ahead_capacity_and_per_person_limit(settings):
    settings.HALL_QUEUE_APPOINTMENTS_PER_PERSON_DAY = 1
    area = make_area(days_ahead=3, slot_capacity=2)
    monday = date(2026, 12, 7)
    now = at(date(2026, 12, 4), 9)  # Friday
    with pytest.raises(ValidationError) as exc:
        book(area, date(2026, 12, 9), now=now)  # 5 days ahead
    assert "最多可提前 3 天" in exc.value.message_dict["day"][0]
    person = resident_id()
    book(area, monday, id_number=person, now=now)
    with pytest.raises(ValidationError) as exc:
        book(area, monday, slot="11:00", id_number=person, now=now)
    assert "每天最多预约 1 次" in exc.value.message_dict["day"][0]
    book(area, monday, now=now)
    with pytest.raises(ValidationError) as exc:
        book(area, monday, now=now)
    assert "已约满" in exc.value.message_dict["slot"][0]


def test_booking_keeps_no_raw_id_or_phone_and_confirms_by_text():
    area = make_area(days_ahead=30)
    person = resident_id()
    appointment = book(area, date(2026, 12, 7), id_number=person, phone="13812345678", now=at(date(2026, 12, 4), 9))
    row = Appointment.objects.filter(pk=appointment.pk).values().get()
    assert person not in str(row) and "13812345678" not in str(row)
    note = Notification.objects.get(appointment=appointment, kind=NotificationKind.APPOINTMENT_BOOKED)
    assert appointment.code in note.text and appointment.code not in note.summary


def test_check_in_gives_a_priority_ticket_called_before_earlier_normal_ones():
    area = make_area(days_ahead=30)
    window, clerk = window_clerk(5, areas=[area])
    day = next_workday(timezone.localdate())
    appointment = book(area, day, slot="10:00", now=at(day, 8))
    earlier = services.ticket_take(area=area, now=at(day, 9, 0))
    with pytest.raises(ValidationError):  # not the day yet
        services.appointment_check_in(code=appointment.code, now=at(day, 9) - timedelta(days=1))
    appointment = services.appointment_check_in(code=appointment.code, now=at(day, 9, 40))
    assert appointment.status == AppointmentStatus.CHECKED_IN
    assert appointment.ticket.priority == Priority.APPOINTMENT
    with pytest.raises(services.FloorConflict):
        services.appointment_check_in(code=appointment.code, now=at(day, 9, 41))
    called = services.ticket_call_next(window=window, by=clerk, now=at(day, 9, 45))
    assert called.pk == appointment.ticket.pk
    assert services.ticket_call_next(window=window, by=clerk, now=at(day, 9, 50)).pk == earlier.pk


def test_missed_appointments_are_recorded():
    area = make_area(days_ahead=30)
    day = next_workday(timezone.localdate())
    kept = book(area, day, slot="09:00", now=at(day, 8))
    missed = book(area, day, slot="10:00", now=at(day, 8))
    services.appointment_check_in(code=kept.code, now=at(day, 9, 5))
    assert services.appointments_mark_missed(now=at(day, 10, 45)) == 0  # within the grace period
    assert services.appointments_mark_missed(now=at(day, 11, 31)) == 1
    missed.refresh_from_db()
    kept.refresh_from_db()
    assert missed.status == AppointmentStatus.NO_SHOW and missed.missed_at
    assert kept.status == AppointmentStatus.CHECKED_IN


def test_a_reminder_goes_out_once_within_the_hour_before_the_slot():
    area = make_area(days_ahead=30)
    day = next_workday(timezone.localdate())
    appointment = book(area, day, slot="10:00", phone="13812345678", now=at(day, 7))
    services.appointments_mark_missed(now=at(day, 8, 30))  # too early
    reminders = Notification.objects.filter(appointment=appointment, kind=NotificationKind.APPOINTMENT_REMINDER)
    assert not reminders.exists()
    services.appointments_mark_missed(now=at(day, 9, 15))
    services.appointments_mark_missed(now=at(day, 9, 25))
    assert reminders.count() == 1 and appointment.code in reminders.get().text
