"""Appointments (预约): booking a slot on a working day, check-in at the kiosk, no-shows."""

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog import clock
from catalog.models import CalendarDay
from hall.identity import clean_phone, clean_resident_id, mask_id_number
from hallfloor.constants import (
    AppointmentChannel,
    AppointmentStatus,
    NotificationKind,
    Priority,
    TicketChannel,
)
from hallfloor.models import Appointment, BusinessArea
from hallfloor.sealing import keyed_hash, phone_fields
from hallfloor.services.base import FloorConflict, log, today
from hallfloor.services.notices import notification_queue
from hallfloor.services.tickets import ticket_take

TAKEN = (AppointmentStatus.BOOKED, AppointmentStatus.CHECKED_IN)


def closed_reason(day):
    """Why the hall is closed on `day` (holiday name or weekend), or '' on a working day."""
    if clock.is_workday(day):
        return ""
    row = CalendarDay.objects.filter(date=day).first()
    note = (row.note if row else "") or (_("周末") if day.weekday() >= 5 else _("休息日"))
    return _("%(day)s（%(note)s）为休息日，大厅不办公，不能预约，请选择工作日。") % {
        "day": f"{day.year}年{day.month}月{day.day}日",
        "note": note,
    }


def slot_end(area, day, slot):
    return timezone.make_aware(datetime.combine(day, slot) + timedelta(minutes=area.slot_minutes))


def check_bookable(*, area, day, now):
    """Field errors for booking `area` on `day`, or {} (shared by the form and the slot list)."""
    current = today(now)
    if not area.is_active or not area.accepts_appointments:
        return {"area": [_("该业务区不接受预约。")]}
    if day < current:
        return {"day": [_("不能预约已经过去的日期。")]}
    if day > current + timedelta(days=area.days_ahead):
        return {"day": [_("最多可提前 %(n)s 天预约。") % {"n": area.days_ahead}]}
    reason = closed_reason(day)
    if reason:
        return {"day": [reason]}
    return {}


def _new_code():
    while True:
        code = f"{secrets.randbelow(10**8):08d}"
        if not Appointment.objects.filter(code=code).exists():
            return code


def appointment_book(*, area, day, slot, name, id_number, phone="", item=None, user=None, by, channel, now=None):
    """Book one place in a slot; refused with the reason on a holiday, a full slot or the
    person's daily limit. Sends the code by text when a phone is given."""
    now = now or timezone.now()
    errors = check_bookable(area=area, day=day, now=now) if area else {"area": [_("请选择业务区。")]}
    if not errors and slot not in area.slot_starts():
        errors["slot"] = [_("请选择一个预约时段。")]
    if not errors and slot_end(area, day, slot) <= now:
        errors["slot"] = [_("该时段已经结束，请选择其他时段。")]
    if not (name or "").strip():
        errors["name"] = [_("请填写姓名。")]
    try:
        id_number = clean_resident_id(id_number)
    except ValidationError as exc:
        errors["id_number"] = exc.messages
    if phone:
        try:
            phone = clean_phone(phone)
        except ValidationError as exc:
            errors["phone"] = exc.messages
    if channel not in AppointmentChannel.values:
        errors["channel"] = [_("预约渠道无效。")]
    if errors:
        raise ValidationError(errors)
    id_hash = keyed_hash(id_number)
    with transaction.atomic():
        BusinessArea.objects.select_for_update().get(pk=area.pk)  # bookings of one area in turn
        taken = Appointment.objects.filter(area=area, day=day, slot=slot, status__in=TAKEN).count()
        if taken >= area.slot_capacity:
            raise ValidationError({"slot": [_("该时段已约满，请选择其他时段。")]})
        mine = Appointment.objects.filter(id_hash=id_hash, day=day, status__in=TAKEN).count()
        if mine >= settings.HALL_QUEUE_APPOINTMENTS_PER_PERSON_DAY:
            raise ValidationError(
                {"day": [_("同一人每天最多预约 %(n)s 次。") % {"n": settings.HALL_QUEUE_APPOINTMENTS_PER_PERSON_DAY}]}
            )
        appointment = Appointment.objects.create(
            area=area,
            day=day,
            slot=slot,
            code=_new_code(),
            channel=channel,
            name=name.strip(),
            id_masked=mask_id_number(id_number),
            id_hash=id_hash,
            item=item,
            user=user,
            booked_by=by if channel == AppointmentChannel.STAFF else None,
            created_at=now,
            **phone_fields(phone),
        )
        log("appointment-book", appointment=appointment, by=by, at=now, payload={"channel": channel})
        text = _("【%(hall)s】预约成功：%(day)s %(slot)s %(area)s，预约码 %(code)s。请按时到大厅取号机签到。") % {
            "hall": settings.HALL_NAME,
            "day": day.isoformat(),
            "slot": slot.strftime("%H:%M"),
            "area": area.name,
            "code": appointment.code,
        }
        notification_queue(
            kind=NotificationKind.APPOINTMENT_BOOKED,
            source=appointment,
            text=text,
            summary=_("预约成功：%(day)s %(slot)s %(area)s")
            % {"day": day.isoformat(), "slot": slot.strftime("%H:%M"), "area": area.name},
            appointment=appointment,
        )
    return appointment


def appointment_check_in(*, code, by=None, now=None):
    """签到: today's booked appointment becomes a priority ticket in its area."""
    now = now or timezone.now()
    code = (code or "").strip()
    if not code:
        raise ValidationError({"code": [_("请输入预约码。")]})
    with transaction.atomic():
        appointment = Appointment.objects.select_for_update().select_related("area").filter(code=code).first()
        if appointment is None:
            raise ValidationError({"code": [_("预约码不存在，请核对。")]})
        if appointment.status != AppointmentStatus.BOOKED:
            raise FloorConflict(
                _("该预约当前为“%(s)s”，不能签到。") % {"s": AppointmentStatus(appointment.status).label}
            )
        if appointment.day != today(now):
            raise ValidationError(
                {"code": [_("该预约日期为 %(day)s，请在预约当天签到。") % {"day": appointment.day.isoformat()}]}
            )
        ticket = ticket_take(
            area=appointment.area,
            channel=TicketChannel.APPOINTMENT,
            item=appointment.item,
            priority=Priority.APPOINTMENT,
            by=by,
            now=now,
        )
        # the appointment's phone (already sealed) follows the ticket for the turn notice
        ticket.phone_masked, ticket.phone_hash, ticket.phone_sealed = (
            appointment.phone_masked,
            appointment.phone_hash,
            appointment.phone_sealed,
        )
        ticket.save(update_fields=["phone_masked", "phone_hash", "phone_sealed"])
        appointment.status, appointment.checked_in_at, appointment.ticket = AppointmentStatus.CHECKED_IN, now, ticket
        appointment.save(update_fields=["status", "checked_in_at", "ticket"])
        log("appointment-check-in", appointment=appointment, ticket=ticket, by=by, at=now)
    return appointment


def appointment_cancel(*, appointment, by, now=None):
    now = now or timezone.now()
    with transaction.atomic():
        appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
        if appointment.status != AppointmentStatus.BOOKED:
            raise FloorConflict(_("只能取消尚未签到的预约。"))
        appointment.status = AppointmentStatus.CANCELLED
        appointment.save(update_fields=["status"])
        log("appointment-cancel", appointment=appointment, by=by, at=now)
    return appointment


def appointments_mark_missed(*, now=None, grace_minutes=30):
    """爽约: booked appointments whose slot ended more than `grace_minutes` ago. Also sends the
    reminder for slots starting within the next hour. Returns how many were marked missed."""
    now = now or timezone.now()
    missed = 0
    for appointment in Appointment.objects.filter(status=AppointmentStatus.BOOKED, day__lte=today(now)).select_related(
        "area"
    ):
        if slot_end(appointment.area, appointment.day, appointment.slot) + timedelta(minutes=grace_minutes) <= now:
            with transaction.atomic():
                locked = Appointment.objects.select_for_update().get(pk=appointment.pk)
                if locked.status == AppointmentStatus.BOOKED:
                    locked.status, locked.missed_at = AppointmentStatus.NO_SHOW, now
                    locked.save(update_fields=["status", "missed_at"])
                    log("appointment-no-show", appointment=locked, at=now)
                    missed += 1
    soon = Appointment.objects.filter(status=AppointmentStatus.BOOKED, day=today(now), reminded_at__isnull=True)
    for appointment in soon.select_related("area"):
        start = timezone.make_aware(datetime.combine(appointment.day, appointment.slot))
        if now <= start <= now + timedelta(hours=1):
            with transaction.atomic():
                text = _("【%(hall)s】提醒：您预约了今天 %(slot)s 的%(area)s业务，预约码 %(code)s。") % {
                    "hall": settings.HALL_NAME,
                    "slot": appointment.slot.strftime("%H:%M"),
                    "area": appointment.area.name,
                    "code": appointment.code,
                }
                notification_queue(
                    kind=NotificationKind.APPOINTMENT_REMINDER,
                    source=appointment,
                    text=text,
                    summary=_("预约提醒 %(slot)s") % {"slot": appointment.slot.strftime("%H:%M")},
                    appointment=appointment,
                )
                Appointment.objects.filter(pk=appointment.pk).update(reminded_at=now)
    return missed
