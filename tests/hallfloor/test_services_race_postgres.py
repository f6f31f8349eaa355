"""Many kiosks and windows at once (PostgreSQL row locks): numbers never repeat, and two
windows calling at the same moment never call the same ticket."""

import threading

import pytest
from django.db import connection, connections

from hallfloor import services
from hallfloor.models import Ticket
from tests.hallfloor.floor_factories import make_area, window_clerk

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def _together(functions):
    barrier = threading.Barrier(len(functions))
    results = [None] * len(functions)

    def run(i, fn):
        try:
            barrier.wait()
            results[i] = fn()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, fn)) for i, fn in enumerate(functions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


def test_kiosks_taking_numbers_at_once_get_distinct_numbers():
    area = make_area()
    _together([lambda: services.ticket_take(area=area) for _ in range(8)])
    codes = sorted(Ticket.objects.values_list("code", flat=True))
    assert codes == [f"A{n:03d}" for n in range(1, 9)]


def test_two_windows_calling_at_once_call_different_tickets():
    area = make_area()
    w5, clerk5 = window_clerk(5, areas=[area])
    w6, clerk6 = window_clerk(6, areas=[area])
    services.ticket_take(area=area)
    services.ticket_take(area=area)
    called = _together(
        [
            lambda: services.ticket_call_next(window=w5, by=clerk5),
            lambda: services.ticket_call_next(window=w6, by=clerk6),
        ]
    )
    assert all(called) and called[0].pk != called[1].pk
    assert set(Ticket.objects.values_list("status", flat=True)) == {"called"}
