"""The figures learn of cases through case events (approvals.events), one increment per event."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from approvals.events import subscribe
from approvals.models import Case
from hall.constants import APPLICANT_ROLE, SYSTEM_ROLE
from stats.facts import increments
from stats.models import DailyFigure, HourlyReceipt, MonthlyFigure, StaffFigure


def case_for_figures(case_id):
    return Case.objects.select_related("item_version", "window").get(pk=case_id)


def _add(model, key, counts):
    changes = {name: F(name) + value for name, value in counts.items()}
    if model.objects.filter(**key).update(**changes):
        return
    try:
        with transaction.atomic():
            model.objects.create(**key, **counts)
    except IntegrityError:  # created by a concurrent delivery a moment ago
        model.objects.filter(**key).update(**changes)


def add_to_figures(*, day, department_id, item_id, channel, window, counts):
    """Add the counters to the day's and the month's rows (created on first use); safe under
    concurrent deliveries."""
    if not counts:
        return
    key = {"department_id": department_id, "item_id": item_id, "channel": channel, "window": window}
    _add(DailyFigure, {**key, "day": day}, counts)
    _add(MonthlyFigure, {**key, "month": day.replace(day=1)}, counts)


def add_hourly_receipt(*, at, department_id):
    local = timezone.localtime(at)
    _add(HourlyReceipt, {"day": local.date(), "hour": local.hour, "department_id": department_id}, {"count": 1})


@subscribe("stats.daily-figures")
def count_event(message):
    case = case_for_figures(message.case_id)
    counts = increments(message, case)
    add_to_figures(
        day=timezone.localdate(message.at),
        department_id=message.department_id,
        item_id=message.item_id,
        channel=case.channel,
        window=case.window.number if case.window_id else "",
        counts=counts,
    )
    if counts.get("received"):
        add_hourly_receipt(at=message.at, department_id=message.department_id)
    if counts and message.actor_id and message.actor_role not in (APPLICANT_ROLE, SYSTEM_ROLE):
        day = timezone.localdate(message.at)
        _add(StaffFigure, {"day": day, "user_id": message.actor_id, "department_id": message.department_id}, counts)
