"""The window clerk's calling console (叫号): next, recall, start a case, finish, skip, transfer."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from approvals.workbench.helpers import staff_required
from hall.models import Window
from hallfloor import selectors, services
from hallfloor.models import Ticket


def _window_of(request):
    profile = request.staff
    if profile is None or profile.window is None:
        raise PermissionDenied(_("您没有绑定窗口，不能叫号。"))
    return profile.window


@staff_required()
def console(request):
    window = _window_of(request)
    day = timezone.localdate()
    current = selectors.window_current(window=window, day=day)
    context = {
        "window": window,
        "areas": list(window.business_areas.filter(is_active=True)),
        "current": current,
        "current_cases": [link.case for link in current.case_links.select_related("case")] if current else [],
        "waiting": list(selectors.window_candidates(window=window, day=day).select_related("area", "item")[:30]),
        "others": Window.objects.filter(is_active=True).exclude(pk=window.pk),
        "served_today": Ticket.objects.filter(window=window, day=day, status="done").count(),
        "board": selectors.area_board(day=day),
    }
    return render(request, "hallfloor/console.html", context)


def _ticket_at(request, pk):
    window = _window_of(request)
    return window, get_object_or_404(Ticket, pk=pk, window=window)


@staff_required()
@require_POST
def call_next(request):
    window = _window_of(request)
    try:
        ticket = services.ticket_call_next(window=window, by=request.user)
    except (ValidationError, services.FloorConflict) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        if ticket is None:
            messages.warning(request, _("当前没有等候的号。"))
        else:
            messages.success(request, _("正在呼叫 %(code)s 号。") % {"code": ticket.code})
    return redirect("hallfloor:console")


def _act(request, pk, service, done_message, **extra):
    window, ticket = _ticket_at(request, pk)
    try:
        ticket = service(ticket=ticket, window=window, by=request.user, **extra)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except services.FloorConflict as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done_message % {"code": ticket.code, "status": ticket.get_status_display()})
    return redirect("hallfloor:console")


@staff_required()
@require_POST
def recall(request, pk):
    return _act(request, pk, services.ticket_recall, _("已重呼 %(code)s 号。"))


@staff_required()
@require_POST
def finish(request, pk):
    return _act(request, pk, services.ticket_finish, _("%(code)s 号已办结。"))


@staff_required()
@require_POST
def skip(request, pk):
    return _act(request, pk, services.ticket_skip, _("%(code)s 号：%(status)s。"))


@staff_required()
@require_POST
def transfer(request, pk):
    to_window = Window.objects.filter(pk=request.POST.get("to_window") or 0, is_active=True).first()
    return _act(request, pk, services.ticket_transfer, _("%(code)s 号已转窗。"), to_window=to_window)


@staff_required()
@require_POST
def start_case(request, pk):
    """开始办件: service time starts and the front desk opens with the ticket's item picked."""
    window, ticket = _ticket_at(request, pk)
    try:
        services.ticket_start(ticket=ticket, window=window, by=request.user)
    except services.FloorConflict as exc:
        messages.error(request, str(exc))
        return redirect("hallfloor:console")
    query = {"ticket": ticket.pk}
    if ticket.item_id:
        query["item"] = ticket.item.code
    return redirect(reverse("approvals:desk") + "?" + urlencode(query))
