"""Appointments (预约): booked on the portal in a phone layout, or by staff for an applicant."""

from datetime import datetime, timedelta

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.workbench.helpers import staff_required
from hall.selectors import applicant_profile_of, staff_profile_of
from hallfloor import selectors, services
from hallfloor.constants import AppointmentChannel, AppointmentStatus
from hallfloor.forms import AppointmentForm
from hallfloor.models import Appointment, BusinessArea
from hallfloor.services.appointments import TAKEN, check_bookable

PORTAL_LOGIN = "portal:login"


def slot_table(*, area, day, now=None):
    """[(time, places left)] for the area on the day; [] when the day cannot be booked."""
    now = now or timezone.now()
    if check_bookable(area=area, day=day, now=now):
        return []
    taken = {}
    for slot in Appointment.objects.filter(area=area, day=day, status__in=TAKEN).values_list("slot", flat=True):
        taken[slot] = taken.get(slot, 0) + 1
    rows = []
    for start in area.slot_starts():
        end = timezone.make_aware(datetime.combine(day, start) + timedelta(minutes=area.slot_minutes))
        if end > now:
            rows.append((start, max(area.slot_capacity - taken.get(start, 0), 0)))
    return rows


def _book(request, *, channel, template, defaults=None, user=None):
    areas = BusinessArea.objects.filter(is_active=True, accepts_appointments=True)
    data = request.POST or None
    area = areas.filter(pk=(request.POST.get("area") or request.GET.get("area") or 0)).first() or areas.first()
    try:
        day = datetime.strptime(request.POST.get("day") or request.GET.get("day") or "", "%Y-%m-%d").date()
    except ValueError:
        day = timezone.localdate() + timedelta(days=1)
    slots = slot_table(area=area, day=day) if area else []
    closed = check_bookable(area=area, day=day, now=timezone.now()).get("day") if area else None
    form = AppointmentForm(data, slots=[s for s, left in slots], initial={"area": area, "day": day, **(defaults or {})})
    if data is not None and form.is_valid():
        try:
            appointment = services.appointment_book(
                area=form.cleaned_data["area"],
                day=form.cleaned_data["day"],
                slot=datetime.strptime(form.cleaned_data["slot"], "%H:%M").time(),
                name=form.cleaned_data["name"],
                id_number=form.cleaned_data["id_number"],
                phone=form.cleaned_data["phone"],
                user=user,
                by=request.user,
                channel=channel,
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("预约成功，预约码 %(code)s。") % {"code": appointment.code})
            return appointment, None
    area_wait = next((r for r in selectors.area_board() if area and r["area"].pk == area.pk), None)
    context = {
        "form": form,
        "area": area,
        "day": day,
        "slots": slots,
        "closed": closed,
        "areas": areas,
        "area_wait": area_wait,
    }
    return None, render(request, template, context, status=400 if form.errors else 200)


@login_required(login_url=PORTAL_LOGIN)
def portal_book(request):
    if staff_profile_of(request.user) is not None:
        return redirect("hallfloor:staff-book")
    profile = applicant_profile_of(request.user)
    defaults = {"name": profile.name, "id_number": profile.id_number, "phone": profile.phone} if profile else {}
    appointment, response = _book(
        request,
        channel=AppointmentChannel.PORTAL,
        template="hallfloor/appointments_portal.html",
        defaults=defaults,
        user=request.user,
    )
    if appointment is not None:
        return redirect("hallfloor:my-appointment", code=appointment.code)
    return response


@login_required(login_url=PORTAL_LOGIN)
def my_appointment(request, code):
    """The applicant's own appointment: code and QR to check in. Anyone else's: 404."""
    appointment = Appointment.objects.select_related("area").filter(code=code, user=request.user).first()
    if appointment is None:
        raise Http404
    return render(
        request,
        "hallfloor/appointment_detail.html",
        {
            "appointment": appointment,
            "qr_svg": segno.make(appointment.code, error="m").svg_inline(scale=5, border=2),
            "mine": Appointment.objects.filter(user=request.user).select_related("area").order_by("-day", "-slot")[:10],
        },
    )


@login_required(login_url=PORTAL_LOGIN)
def my_appointment_cancel(request, code):
    appointment = Appointment.objects.filter(code=code, user=request.user).first()
    if appointment is None or request.method != "POST":
        raise Http404
    try:
        services.appointment_cancel(appointment=appointment, by=request.user)
        messages.success(request, _("预约已取消。"))
    except services.FloorConflict as exc:
        messages.error(request, str(exc))
    return redirect("hallfloor:my-appointment", code=code)


@staff_required()
def staff_book(request):
    appointment, response = _book(
        request, channel=AppointmentChannel.STAFF, template="hallfloor/appointments_staff.html"
    )
    if appointment is not None:
        return redirect("hallfloor:staff-appointments")
    return response


@staff_required()
def staff_list(request):
    day = timezone.localdate()
    return render(
        request,
        "hallfloor/appointments_list.html",
        {
            "rows": Appointment.objects.filter(day__gte=day).select_related("area", "ticket")[:200],
            "statuses": AppointmentStatus,
        },
    )
