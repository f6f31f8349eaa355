"""Reads of the hall floor: queues in calling order, positions, live waits, the call screen,
statistics, and what a user may see."""

from collections import defaultdict

from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone

from hall.selectors import staff_profile_of
from hallfloor.constants import OPEN_STATUSES, TicketStatus
from hallfloor.models import BusinessArea, LockerParcel, Ticket


def active_areas():
    return BusinessArea.objects.filter(is_active=True).prefetch_related("windows")


def area_for_item(item):
    """The business area an item is handled in: named item first, then the item's department."""
    if item is None:
        return None
    area = BusinessArea.objects.filter(is_active=True, items=item).first()
    return area or BusinessArea.objects.filter(is_active=True, departments=item.department_id).first()


def in_calling_order(tickets):
    """Priority tickets (特殊群体, appointments) first, then by the time they joined the queue."""
    return tickets.annotate(
        _prio=Case(When(priority="", then=Value(0)), default=Value(1), output_field=IntegerField())
    ).order_by("-_prio", "queued_at", "id")


def waiting_in_area(*, area, day):
    """The area's own queue today (tickets transferred to a window wait only for that window)."""
    return in_calling_order(
        Ticket.objects.filter(area=area, day=day, status=TicketStatus.WAITING, transferred_to__isnull=True)
    )


def window_candidates(*, window, day):
    """Who this window may call next: its areas' queues and tickets transferred to it (which keep
    their original place in time)."""
    areas = list(window.business_areas.filter(is_active=True).values_list("id", flat=True))
    tickets = Ticket.objects.filter(day=day, status=TicketStatus.WAITING).filter(
        Q(transferred_to=window) | Q(transferred_to__isnull=True, area_id__in=areas)
    )
    return in_calling_order(tickets)


def people_ahead(ticket):
    """How many waiting tickets will be called before this one (None once it has been called)."""
    if ticket.status != TicketStatus.WAITING:
        return None
    if ticket.transferred_to_id:
        queue = in_calling_order(
            Ticket.objects.filter(day=ticket.day, status=TicketStatus.WAITING, transferred_to=ticket.transferred_to_id)
        )
    else:
        queue = waiting_in_area(area=ticket.area, day=ticket.day)
    ids = list(queue.values_list("id", flat=True))
    return ids.index(ticket.pk) if ticket.pk in ids else 0


def window_current(*, window, day):
    """The ticket the window is calling or serving now, if any."""
    return (
        Ticket.objects.filter(window=window, day=day, status__in=(TicketStatus.CALLED, TicketStatus.SERVING))
        .select_related("area", "item", "chain")
        .order_by("-last_called_at")
        .first()
    )


def average_wait_seconds(tickets):
    """Mean of (first call - issue) over tickets that have been called; None when none has."""
    waits = [(t.called_at - t.issued_at).total_seconds() for t in tickets if t.called_at]
    return sum(waits) / len(waits) if waits else None


def wait_minutes(seconds):
    """Whole minutes shown to people: round half up, at least 1 once anyone waited."""
    if seconds is None:
        return None
    return max(int(seconds / 60 + 0.5), 1 if seconds > 0 else 0)


def area_board(*, day=None):
    """Per active area: waiting count and today's average wait (live, from the tickets)."""
    day = day or timezone.localdate()
    rows = []
    tickets_by_area = defaultdict(list)
    for t in Ticket.objects.filter(day=day).only("area_id", "status", "issued_at", "called_at", "transferred_to"):
        tickets_by_area[t.area_id].append(t)
    for area in BusinessArea.objects.filter(is_active=True).order_by("sort_order", "prefix"):
        tickets = tickets_by_area.get(area.pk, [])
        avg = average_wait_seconds(tickets)
        rows.append(
            {
                "area": area,
                "code": area.code,
                "name": area.name,
                "prefix": area.prefix,
                "waiting": sum(1 for t in tickets if t.status == TicketStatus.WAITING),
                "average_wait_seconds": None if avg is None else round(avg, 1),
                "average_wait_minutes": wait_minutes(avg),
            }
        )
    return rows


def recent_calls(*, day=None, limit=8):
    day = day or timezone.localdate()
    return list(
        Ticket.objects.filter(day=day, last_called_at__isnull=False, status__in=OPEN_STATUSES)
        .select_related("window", "area")
        .order_by("-last_called_at", "-id")[:limit]
    )


def screen_payload(*, now=None):
    """What the call screen (叫号屏) shows, as plain data for JSON."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    calls = [
        {
            "id": t.pk,
            "code": t.code,
            "window": t.window.number if t.window else "",
            "area": t.area.name,
            "status": t.status,
            "call_count": t.call_count,
            "called_at": t.last_called_at.isoformat(),
            # Changes with every (re)call, so the screen speaks each call once.
            "call_key": f"{t.pk}-{t.call_count}-{t.last_called_at.timestamp():.3f}",
            "speech": f"请 {t.code} 号到 {t.window.number if t.window else ''} 号窗口办理",
        }
        for t in recent_calls(day=day)
    ]
    areas = [
        {
            "code": r["code"],
            "name": r["name"],
            "prefix": r["prefix"],
            "waiting": r["waiting"],
            "average_wait_minutes": r["average_wait_minutes"],
            "average_wait_seconds": r["average_wait_seconds"],
        }
        for r in area_board(day=day)
    ]
    return {"now": now.isoformat(), "calls": calls, "areas": areas}


def ticket_by_token(token):
    return Ticket.objects.select_related("area", "item", "chain", "window").filter(token=token).first()


def parcels_for_staff():
    return LockerParcel.objects.select_related("locker", "item", "case").order_by("-stored_at")


def may_work_floor(user):
    """Staff with a window (or hall admins/superusers) work the floor pages."""
    profile = staff_profile_of(user)
    if profile is None:
        return bool(user and user.is_authenticated and user.is_superuser)
    return profile.window_id is not None or profile.role == "hall_admin"


def statistics(*, day_from, day_to):
    """Tickets, average wait and service time by area, by window and by hour of issue."""
    tickets = list(Ticket.objects.filter(day__gte=day_from, day__lte=day_to).select_related("area", "window"))

    def summarise(group):
        waits = [t.wait_seconds for t in group if t.called_at]
        services = [t.service_seconds for t in group if t.service_seconds is not None]
        return {
            "tickets": len(group),
            "served": sum(1 for t in group if t.status == TicketStatus.DONE),
            "no_show": sum(1 for t in group if t.status == TicketStatus.NO_SHOW),
            "average_wait_minutes": round(sum(waits) / len(waits) / 60, 1) if waits else None,
            "average_service_minutes": round(sum(services) / len(services) / 60, 1) if services else None,
        }

    by_area, by_window, by_hour = defaultdict(list), defaultdict(list), defaultdict(list)
    for t in tickets:
        by_area[str(t.area)].append(t)
        if t.window_id:
            by_window[str(t.window.number)].append(t)
        by_hour[timezone.localtime(t.issued_at).hour].append(t)
    return {
        "total": summarise(tickets),
        "by_area": [{"key": k, **summarise(v)} for k, v in sorted(by_area.items())],
        "by_window": [{"key": k, **summarise(v)} for k, v in sorted(by_window.items())],
        "by_hour": [{"key": f"{k:02d}:00", **summarise(v)} for k, v in sorted(by_hour.items())],
    }
