"""Live average wait per area equals the mean of (first call - issue) over today's tickets."""

from datetime import timedelta

import pytest
from django.utils import timezone

from hallfloor import selectors, services
from tests.hallfloor.floor_factories import make_area, window_clerk

pytestmark = pytest.mark.django_db


def test_average_wait_and_waiting_counts_per_area():
    a = make_area()
    b = make_area(code="bdc", name="不动产", prefix="B")
    window, clerk = window_clerk(5, areas=[a])
    start = timezone.now() - timedelta(hours=1)
    t1 = services.ticket_take(area=a, now=start)
    t2 = services.ticket_take(area=a, now=start + timedelta(minutes=5))
    services.ticket_take(area=a, now=start + timedelta(minutes=6))
    services.ticket_take(area=b, now=start)
    services.ticket_call_next(window=window, by=clerk, now=start + timedelta(minutes=12))  # t1 waited 12
    services.ticket_call_next(window=window, by=clerk, now=start + timedelta(minutes=30))  # t2 waited 25
    rows = {r["code"]: r for r in selectors.area_board()}
    assert rows["shangshi"]["waiting"] == 1 and rows["bdc"]["waiting"] == 1
    assert rows["shangshi"]["average_wait_seconds"] == (12 * 60 + 25 * 60) / 2
    assert rows["shangshi"]["average_wait_minutes"] == 19  # 18.5 rounds half up
    assert rows["bdc"]["average_wait_minutes"] is None
    stats = selectors.statistics(day_from=timezone.localdate(), day_to=timezone.localdate())
    assert stats["total"]["tickets"] == 4 and stats["by_window"][0]["key"] == "5"
    assert t1.pk != t2.pk
