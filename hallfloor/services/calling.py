"""Calling at a window (叫号): next, recall, start, finish, skip (过号), transfer (转窗)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hallfloor import selectors
from hallfloor.constants import NotificationKind, TicketStatus
from hallfloor.models import Ticket
from hallfloor.services.base import FloorConflict, log, today
from hallfloor.services.notices import notification_queue


def _lock(ticket):
    return Ticket.objects.select_for_update(of=("self",)).select_related("area", "window").get(pk=ticket.pk)


def _at_window(ticket, window, *statuses):
    if ticket.window_id != getattr(window, "pk", None) or ticket.status not in statuses:
        raise FloorConflict(
            _("%(code)s 号当前为“%(status)s”，不在本窗口，不能执行该操作。")
            % {"code": ticket.code, "status": TicketStatus(ticket.status).label}
        )


def ticket_call_next(*, window, by, now=None):
    """Finish the window's current ticket and call the next one its areas (or a transfer) hold.

    Returns the called ticket, or None when nobody is waiting.
    """
    if window is None:
        raise ValidationError({"window": [_("您没有绑定窗口，不能叫号。")]})
    now = now or timezone.now()
    day = today(now)
    with transaction.atomic():
        current = selectors.window_current(window=window, day=day)
        if current is not None:
            current = _lock(current)
            if current.status in (TicketStatus.CALLED, TicketStatus.SERVING):
                _finish(current, window=window, by=by, now=now)
        ticket = None
        for pk in selectors.window_candidates(window=window, day=day).values_list("id", flat=True)[:20]:
            # lock, then re-check: another window calling at this instant has taken it meanwhile
            ticket = Ticket.objects.select_for_update().filter(pk=pk, status=TicketStatus.WAITING).first()
            if ticket is not None:
                break
        if ticket is None:
            return None
        ticket.status = TicketStatus.CALLED
        ticket.window = window
        ticket.transferred_to = None
        ticket.served_by = by
        ticket.call_count = 1
        ticket.called_at = ticket.called_at or now
        ticket.last_called_at = now
        ticket.save()
        log("ticket-call", ticket=ticket, window=window, by=by, at=now)
        _notify_near(ticket.area, day)
    return ticket


def _notify_near(area, day):
    """ "还有 N 位轮到您": once per ticket with a phone, when N or fewer are ahead of it."""
    ahead_limit = settings.HALL_QUEUE_NOTIFY_AHEAD
    queue = list(selectors.waiting_in_area(area=area, day=day)[: ahead_limit + 1])
    for ahead, ticket in enumerate(queue):
        if ticket.notified_near or not ticket.phone_sealed:
            continue
        if ahead == 0:
            text = _("【%(hall)s】您的 %(code)s 号即将叫号，请到%(area)s等候。") % {
                "hall": settings.HALL_NAME,
                "code": ticket.code,
                "area": area.name,
            }
        else:
            text = _("【%(hall)s】您的 %(code)s 号前面还有 %(n)s 位，请留意叫号（%(area)s）。") % {
                "hall": settings.HALL_NAME,
                "code": ticket.code,
                "n": ahead,
                "area": area.name,
            }
        notification_queue(kind=NotificationKind.TURN_NEAR, source=ticket, text=text, summary=text, ticket=ticket)
        Ticket.objects.filter(pk=ticket.pk).update(notified_near=True)


def ticket_recall(*, ticket, window, by, now=None):
    now = now or timezone.now()
    with transaction.atomic():
        ticket = _lock(ticket)
        _at_window(ticket, window, TicketStatus.CALLED)
        ticket.call_count += 1
        ticket.last_called_at = now
        ticket.save(update_fields=["call_count", "last_called_at"])
        log("ticket-recall", ticket=ticket, window=window, by=by, at=now, payload={"calls": ticket.call_count})
    return ticket


def ticket_start(*, ticket, window, by, now=None):
    """The applicant came to the window: service time starts."""
    now = now or timezone.now()
    with transaction.atomic():
        ticket = _lock(ticket)
        _at_window(ticket, window, TicketStatus.CALLED, TicketStatus.SERVING)
        if ticket.status == TicketStatus.CALLED:
            ticket.status, ticket.started_at, ticket.served_by = TicketStatus.SERVING, now, by
            ticket.save(update_fields=["status", "started_at", "served_by"])
            log("ticket-start", ticket=ticket, window=window, by=by, at=now)
    return ticket


def _finish(ticket, *, window, by, now):
    ticket.status = TicketStatus.DONE
    ticket.started_at = ticket.started_at or ticket.last_called_at
    ticket.finished_at = now
    ticket.save(update_fields=["status", "started_at", "finished_at"])
    log("ticket-finish", ticket=ticket, window=window, by=by, at=now)


def ticket_finish(*, ticket, window, by, now=None):
    now = now or timezone.now()
    with transaction.atomic():
        ticket = _lock(ticket)
        _at_window(ticket, window, TicketStatus.CALLED, TicketStatus.SERVING)
        _finish(ticket, window=window, by=by, now=now)
    return ticket


def ticket_skip(*, ticket, window, by, now=None):
    """过号: after HALL_QUEUE_NO_SHOW_CALLS calls the ticket is a no-show; before that it goes
    back to the end of the queue so the window can serve the next person meanwhile."""
    now = now or timezone.now()
    with transaction.atomic():
        ticket = _lock(ticket)
        _at_window(ticket, window, TicketStatus.CALLED)
        if ticket.call_count >= settings.HALL_QUEUE_NO_SHOW_CALLS:
            ticket.status, ticket.finished_at = TicketStatus.NO_SHOW, now
            action = "ticket-no-show"
        else:
            ticket.status, ticket.queued_at = TicketStatus.WAITING, now  # back to the end of its queue
            action = "ticket-requeue"
        ticket.save(update_fields=["status", "finished_at", "queued_at"])
        log(action, ticket=ticket, window=window, by=by, at=now, payload={"calls": ticket.call_count})
    return ticket


def ticket_transfer(*, ticket, window, to_window, by, now=None):
    """转窗: the ticket waits for `to_window` only, keeping its place (its original queue time)."""
    now = now or timezone.now()
    if to_window is None or not to_window.is_active:
        raise ValidationError({"to_window": [_("请选择要转往的窗口。")]})
    if to_window.pk == getattr(window, "pk", None):
        raise ValidationError({"to_window": [_("不能转到本窗口。")]})
    with transaction.atomic():
        ticket = _lock(ticket)
        _at_window(ticket, window, TicketStatus.CALLED, TicketStatus.SERVING)
        ticket.status = TicketStatus.WAITING
        ticket.transferred_to = to_window
        ticket.window = None
        ticket.call_count = 0
        ticket.started_at = None
        ticket.save(update_fields=["status", "transferred_to", "window", "call_count", "started_at"])
        log("ticket-transfer", ticket=ticket, window=window, by=by, at=now, payload={"to": to_window.number})
    return ticket
