"""Floor statistics: tickets, waits and service times by area, window and hour."""

from datetime import datetime, timedelta

from django.shortcuts import render
from django.utils import timezone

from approvals.workbench.helpers import staff_required
from hallfloor import selectors


def _day(value, default):
    try:
        return datetime.strptime(value or "", "%Y-%m-%d").date()
    except ValueError:
        return default


@staff_required()
def stats(request):
    today = timezone.localdate()
    day_to = _day(request.GET.get("to"), today)
    day_from = _day(request.GET.get("from"), day_to - timedelta(days=6))
    return render(
        request,
        "hallfloor/stats.html",
        {
            "stats": selectors.statistics(day_from=day_from, day_to=day_to),
            "day_from": day_from,
            "day_to": day_to,
            "board": selectors.area_board(),
        },
    )
