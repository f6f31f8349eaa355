"""Public floor pages: the kiosk (取号机), a ticket to follow on the phone, the call screen."""

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from catalog.models import Item
from hallfloor import selectors, services
from hallfloor.constants import TicketChannel
from hallfloor.forms import CodeForm, TakeTicketForm
from hallfloor.models import BusinessArea


def _area_items(area):
    items = Item.objects.filter(is_active=True).filter(pk__in=area.items.values("pk")) | Item.objects.filter(
        is_active=True, department__in=area.departments.all()
    )
    return items.distinct().order_by("code")[:24]


def _errors_to_form(form, exc):
    for field, errors in getattr(exc, "message_dict", {"__all__": exc.messages}).items():
        form.add_error(field if field in form.fields else None, errors)


@never_cache
def kiosk(request):
    """Step 1: pick a business area (large tiles), or check in an appointment by its code."""
    code_form = CodeForm(request.POST or None)
    if request.method == "POST" and code_form.is_valid():
        try:
            appointment = services.appointment_check_in(code=code_form.cleaned_data["code"])
        except ValidationError as exc:
            _errors_to_form(code_form, exc)
        except services.FloorConflict as exc:
            code_form.add_error("code", str(exc))
        else:
            messages.success(request, _("签到成功，已为您优先取号。"))
            return redirect("hallfloor:ticket", token=appointment.ticket.token)
    context = {"rows": selectors.area_board(), "code_form": code_form}
    return render(request, "hallfloor/kiosk.html", context, status=400 if code_form.errors else 200)


@never_cache
def kiosk_area(request, code):
    """Step 2: what you came for (optional), priority, phone — then the ticket."""
    area = get_object_or_404(BusinessArea, code=code, is_active=True)
    form = TakeTicketForm(request.POST or None)
    items = list(_area_items(area))
    if request.method == "POST" and form.is_valid():
        item = next((i for i in items if i.code == form.cleaned_data["item"]), None)
        channel = TicketChannel.PHONE if request.GET.get("via") == "phone" else TicketChannel.KIOSK
        try:
            ticket = services.ticket_take(
                area=area,
                channel=channel,
                item=item,
                priority=form.cleaned_data["priority"] or "",
                phone=form.cleaned_data["phone"],
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            return redirect(reverse("hallfloor:ticket", kwargs={"token": ticket.token}) + "?new=1")
    board = next((r for r in selectors.area_board() if r["area"].pk == area.pk), None)
    return render(
        request,
        "hallfloor/kiosk_area.html",
        {"area": area, "form": form, "items": items, "board": board},
        status=400 if form.errors else 200,
    )


def _ticket_context(request, ticket):
    url = request.build_absolute_uri(reverse("hallfloor:ticket", kwargs={"token": ticket.token}))
    board = next((r for r in selectors.area_board(day=ticket.day) if r["area"].pk == ticket.area_id), None)
    return {
        "ticket": ticket,
        "ahead": selectors.people_ahead(ticket),
        "board": board,
        "follow_url": url,
        "qr_svg": segno.make(url, error="m").svg_inline(scale=4, border=2),
        "cases": [link.case for link in ticket.case_links.select_related("case")],
    }


@never_cache
def ticket_page(request, token):
    """The printed / phone ticket: number, area, people ahead, average wait, QR to follow it."""
    ticket = selectors.ticket_by_token(token)
    if ticket is None:
        raise Http404
    return render(request, "hallfloor/ticket.html", _ticket_context(request, ticket))


@never_cache
@require_GET
def ticket_status(request, token):
    ticket = selectors.ticket_by_token(token)
    if ticket is None:
        raise Http404
    return JsonResponse(
        {
            "code": ticket.code,
            "status": ticket.status,
            "status_label": ticket.get_status_display(),
            "ahead": selectors.people_ahead(ticket),
            "window": ticket.window.number if ticket.window else None,
        }
    )


@never_cache
def screen(request):
    """叫号屏: the hall's TV. Polls screen_data every second and speaks each new call."""
    return render(request, "hallfloor/screen.html", {"payload": selectors.screen_payload()})


@never_cache
@require_GET
def screen_data(request):
    return JsonResponse(selectors.screen_payload())
