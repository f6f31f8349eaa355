"""Tickets and calling: numbering, priority order, recall, skip/no-show, transfer, turn notices."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hallfloor import selectors, services
from hallfloor.constants import NotificationKind, Priority, TicketStatus
from hallfloor.models import FloorEvent, Notification, Ticket
from hallfloor.notify import LogBackend
from tests.hallfloor.floor_factories import make_area, window_clerk

pytestmark = pytest.mark.django_db


def test_numbers_run_per_area_per_day():
    a = make_area()
    b = make_area(code="budongchan", name="不动产", prefix="B")
    now = timezone.now()
    codes = [services.ticket_take(area=x, now=now).code for x in (a, a, b, a)]
    assert codes == ["A001", "A002", "B001", "A003"]
    assert services.ticket_take(area=a, now=now + timedelta(days=1)).code == "A001"


def test_bad_input_is_a_field_error():
    area = make_area()
    with pytest.raises(ValidationError) as exc:
        services.ticket_take(area=area, priority="vip", phone="12")
    assert set(exc.value.message_dict) == {"priority", "phone"}


def test_priority_tickets_are_called_before_earlier_normal_ones():
    area = make_area()
    window, clerk = window_clerk(5, areas=[area])
    now = timezone.now() - timedelta(minutes=30)
    normal1 = services.ticket_take(area=area, now=now)
    normal2 = services.ticket_take(area=area, now=now + timedelta(minutes=1))
    elderly = services.ticket_take(area=area, priority=Priority.ELDERLY, now=now + timedelta(minutes=2))
    called = [services.ticket_call_next(window=window, by=clerk).pk for _ in range(3)]
    assert called == [elderly.pk, normal1.pk, normal2.pk]
    # calling the next finished the one before
    assert Ticket.objects.get(pk=elderly.pk).status == TicketStatus.DONE
    assert services.ticket_call_next(window=window, by=clerk) is None


def test_a_window_calls_only_its_areas():
    a, b = make_area(), make_area(code="bdc", name="不动产", prefix="B")
    window, clerk = window_clerk(5, areas=[a])
    services.ticket_take(area=b)
    assert services.ticket_call_next(window=window, by=clerk) is None
    mine = services.ticket_take(area=a)
    assert services.ticket_call_next(window=window, by=clerk).pk == mine.pk


def test_recall_counts_calls_and_skip_is_a_no_show_after_n_calls(settings):
    settings.HALL_QUEUE_NO_SHOW_CALLS = 2
    area = make_area()
    window, clerk = window_clerk(5, areas=[area])
    first = services.ticket_take(area=area)
    second = services.ticket_take(area=area)
    t = services.ticket_call_next(window=window, by=clerk)
    assert t.pk == first.pk
    # skipped before N calls: back to the end of the queue
    t = services.ticket_skip(ticket=t, window=window, by=clerk)
    assert t.status == TicketStatus.WAITING
    assert services.ticket_call_next(window=window, by=clerk).pk == second.pk
    again = services.ticket_call_next(window=window, by=clerk)
    assert again.pk == first.pk
    again = services.ticket_recall(ticket=again, window=window, by=clerk)
    assert again.call_count == 2
    gone = services.ticket_skip(ticket=again, window=window, by=clerk)
    assert gone.status == TicketStatus.NO_SHOW
    assert FloorEvent.objects.filter(ticket=first, action="ticket-no-show").count() == 1


def test_another_window_cannot_act_on_a_ticket():
    area = make_area()
    w5, clerk5 = window_clerk(5, areas=[area])
    w6, clerk6 = window_clerk(6, areas=[area])
    services.ticket_take(area=area)
    t = services.ticket_call_next(window=w5, by=clerk5)
    with pytest.raises(services.FloorConflict):
        services.ticket_recall(ticket=t, window=w6, by=clerk6)


def test_transfer_waits_for_that_window_only_and_keeps_its_place():
    a = make_area()
    b = make_area(code="bdc", name="不动产", prefix="B")
    w5, clerk5 = window_clerk(5, areas=[a])
    w6, clerk6 = window_clerk(6, areas=[b])
    w7, clerk7 = window_clerk(7, areas=[a])
    early = services.ticket_take(area=a, now=timezone.now() - timedelta(minutes=20))
    services.ticket_take(area=b, now=timezone.now() - timedelta(minutes=10))
    t = services.ticket_call_next(window=w5, by=clerk5)
    services.ticket_transfer(ticket=t, window=w5, to_window=w6, by=clerk5)
    assert services.ticket_call_next(window=w7, by=clerk7) is None  # not window 7's any more
    assert services.ticket_call_next(window=w6, by=clerk6).pk == early.pk  # first at window 6
    with pytest.raises(ValidationError):
        services.ticket_transfer(ticket=Ticket.objects.get(pk=early.pk), window=w6, to_window=w6, by=clerk6)


def test_turn_notice_once_with_a_sealed_phone(settings):
    settings.HALL_QUEUE_NOTIFY_AHEAD = 2
    area = make_area()
    window, clerk = window_clerk(5, areas=[area])
    for _ in range(3):
        services.ticket_take(area=area)
    watched = services.ticket_take(area=area, phone="13912345678")
    assert watched.phone_masked == "139****5678"
    assert "13912345678" not in watched.phone_sealed
    services.ticket_call_next(window=window, by=clerk)  # 2 ahead of `watched` now
    notes = Notification.objects.filter(ticket=watched, kind=NotificationKind.TURN_NEAR)
    assert notes.count() == 1 and "前面还有 2 位" in notes.get().text
    services.ticket_call_next(window=window, by=clerk)
    assert notes.count() == 1  # once per ticket
    assert selectors.people_ahead(Ticket.objects.get(pk=watched.pk)) == 1


def test_turn_notice_is_sent_through_the_backend_on_commit(django_capture_on_commit_callbacks, settings):
    settings.HALL_QUEUE_NOTIFY_AHEAD = 1
    area = make_area()
    window, clerk = window_clerk(5, areas=[area])
    services.ticket_take(area=area)
    services.ticket_take(area=area)
    services.ticket_take(area=area, phone="13912345678")
    with django_capture_on_commit_callbacks(execute=True):
        services.ticket_call_next(window=window, by=clerk)
    assert LogBackend.sent and LogBackend.sent[-1][0] == "139****5678"
    assert "前面还有 1 位" in LogBackend.sent[-1][1]
    assert Notification.objects.get().status == "sent"
