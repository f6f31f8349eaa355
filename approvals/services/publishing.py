"""Delivering committed case events to the subscribers of approvals.events (the outbox).

Every CaseEvent gets its EventOutbox row from the database, in the event's own INSERT (a
trigger: approvals migration 0021), and `write_event` asks Celery (on commit) to deliver that
case's events. Delivery reads the case's outbox rows
in `seq` order and, for each subscriber, in ONE transaction: locks the subscriber's cursor for
the case, runs the handler for every event past the cursor, and advances it. So

- a crash between commit and delivery loses nothing: the outbox row stays and the beat sweep
  (`case_events_sweep`) delivers it;
- a retry or a duplicate task repeats nothing: the cursor has already moved past the event;
- one failing subscriber holds back only itself: its transaction rolls back, the others
  advance, and the outbox row stays with a backoff until every cursor has passed it.
"""

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Min, Q
from django.utils import timezone

from approvals.events import CaseMessage, subscribers
from approvals.models import EventOutbox, SubscriberCursor

logger = logging.getLogger("approvals.events")

# Retry a failing subscriber after 10 s, 20 s, 40 s … at most every 10 minutes.
BACKOFF_BASE_SECONDS = 10
BACKOFF_MAX_SECONDS = 600


def enqueue_delivery(case_id):
    """On commit: ask a worker to deliver the case's new events (the sweep is the backstop)."""

    def send():
        from approvals import tasks

        try:
            tasks.deliver_case_events.apply_async(args=[case_id])
        except Exception:  # the broker is down: the sweep delivers the events later
            logger.exception("could not enqueue event delivery for case %s", case_id)

    transaction.on_commit(send)


@dataclass
class Delivery:
    case_id: int
    events: int = 0
    handled: int = 0
    failed: list = field(default_factory=list)  # names of subscribers that raised

    @property
    def complete(self):
        return not self.failed


def _locked_cursor(subscriber, case_id):
    """The subscriber's cursor for the case, locked; created at 0 the first time."""
    cursor = SubscriberCursor.objects.select_for_update().filter(subscriber=subscriber, case_id=case_id).first()
    if cursor is not None:
        return cursor
    try:
        with transaction.atomic():
            return SubscriberCursor.objects.create(subscriber=subscriber, case_id=case_id, last_seq=0)
    except IntegrityError:  # another delivery created it a moment ago: wait for its lock
        return SubscriberCursor.objects.select_for_update().get(subscriber=subscriber, case_id=case_id)


def _deliver_to(subscriber, case_id, messages):
    """One subscriber, one transaction: handle every message past its cursor, then advance it."""
    handled = 0
    with transaction.atomic():
        cursor = _locked_cursor(subscriber.name, case_id)
        for message in messages:
            if message.seq <= cursor.last_seq:
                continue  # delivered before (a retry, a duplicate task or a concurrent delivery)
            if subscriber.wants(message):
                subscriber.handler(message)
                handled += 1
            cursor.last_seq = message.seq
        cursor.save(update_fields=["last_seq", "updated_at"])
    return handled


def case_events_deliver(*, case_id, now=None):
    """Deliver the case's pending events to every subscriber; returns a Delivery summary."""
    rows = list(
        EventOutbox.objects.filter(case_id=case_id)
        .select_related("event", "case")
        .order_by("event__seq")
        .only("event", "case__number", "case__department_id", "case__item_id", "attempts")
    )
    delivery = Delivery(case_id=case_id, events=len(rows))
    if not rows:
        return delivery
    messages = [CaseMessage.from_event(row.event, case=row.case) for row in rows]
    errors = []
    for subscriber in subscribers():
        try:
            delivery.handled += _deliver_to(subscriber, case_id, messages)
        except Exception as exc:
            logger.exception("event subscriber %s failed on case %s", subscriber.name, case_id)
            delivery.failed.append(subscriber.name)
            errors.append(f"{subscriber.name}: {exc.__class__.__name__}: {exc}"[:500])
    ids = [row.pk for row in rows]
    if delivery.complete:
        EventOutbox.objects.filter(pk__in=ids).delete()
    else:
        _back_off(ids, errors, now or timezone.now())
    return delivery


def _back_off(ids, errors, now):
    with transaction.atomic():
        for row in EventOutbox.objects.select_for_update().filter(pk__in=ids):
            row.attempts = min(row.attempts + 1, 32000)
            delay = min(BACKOFF_BASE_SECONDS * 2 ** min(row.attempts - 1, 16), BACKOFF_MAX_SECONDS)
            row.next_attempt_at = now + timedelta(seconds=delay)
            row.last_error = "\n".join(errors)
            row.save(update_fields=["attempts", "next_attempt_at", "last_error"])


def pending_case_ids(*, now=None, grace_seconds=None, limit=500):
    """Cases with events older than the grace period still in the outbox and due for a try."""
    now = now or timezone.now()
    grace = settings.HALL_EVENTS_SWEEP_GRACE_SECONDS if grace_seconds is None else grace_seconds
    return list(
        EventOutbox.objects.filter(created_at__lte=now - timedelta(seconds=grace))
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .values("case_id")
        .annotate(first=Min("created_at"))
        .order_by("first")
        .values_list("case_id", flat=True)[:limit]
    )


def case_events_sweep(*, now=None, grace_seconds=None, limit=None, enqueue_batch=None):
    """The beat backstop: deliver what no task delivered (a lost enqueue, a killed worker, a
    failing subscriber whose backoff has passed). Returns how many cases it delivered fully.

    Like the acceptance sweep, it delivers the first `limit` cases itself and, given
    `enqueue_batch`, hands the rest of a backlog to other workers in batches of `limit`
    (delivery is per case under its cursors' locks, so a batch enqueued twice is harmless)."""
    limit = limit or settings.HALL_SWEEP_BATCH_SIZE
    backlog = settings.HALL_SWEEP_BACKLOG_LIMIT if enqueue_batch else limit
    case_ids = pending_case_ids(now=now, grace_seconds=grace_seconds, limit=max(limit, backlog))
    for start in range(limit, len(case_ids), limit):
        enqueue_batch(case_ids[start : start + limit])
    return case_events_deliver_many(case_ids=case_ids[:limit], now=now)


def case_events_deliver_many(*, case_ids, now=None):
    """Deliver these cases' pending events; returns how many cases were delivered fully."""
    return sum(case_events_deliver(case_id=case_id, now=now).complete for case_id in case_ids)


def deliver_all_pending():
    """Deliver everything waiting now (management command, demo seeding, tests)."""
    total = 0
    while True:
        case_ids = pending_case_ids(grace_seconds=0, now=timezone.now() + timedelta(days=3650), limit=1000)
        if not case_ids:
            return total
        progressed = 0
        for case_id in case_ids:
            result = case_events_deliver(case_id=case_id)
            progressed += result.complete
            total += result.events if result.complete else 0
        if not progressed:
            return total  # only failing subscribers left: their backoff applies


__all__ = [
    "Delivery",
    "case_events_deliver",
    "case_events_deliver_many",
    "case_events_sweep",
    "deliver_all_pending",
    "enqueue_delivery",
    "pending_case_ids",
]
