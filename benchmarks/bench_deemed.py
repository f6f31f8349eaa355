"""Deemed-acceptance lateness: 200 cases dispatched so that their acknowledgement windows end
in the same second; a real Celery worker (prefork, concurrency 2, Redis broker) accepts them
from the countdown task enqueued at dispatch. Lateness = the deemed-accepted event's time
minus the case's `auto_accept_at`. Reference in the same run: 200 no-op tasks with countdowns
due in one second (benchmarks.probe.noop), their lateness.
"""

import time
from datetime import UTC, datetime, timedelta

from django.test import override_settings
from django.utils import timezone

from benchmarks.common import Figure, celery_worker, count_queries, percentile

CASES = 200
LEAD_SECONDS = 60  # every countdown is sent before the shared due second (dispatching 200 takes a while)


def received_cases(n):
    """`n` window cases with every material received, ready to dispatch (made through the services)."""
    from django.contrib.auth import get_user_model

    from approvals import services
    from benchmarks.bench_lifecycle import _applicant, bench_item

    item = bench_item()
    desk = get_user_model().objects.get(username="desk")
    cases = []
    base = int(time.time()) % 10**6
    for i in range(n):
        case = services.case_create(item=item, channel="window", applicant=_applicant(base + i), by=desk)
        services.case_receive_all_paper(case=case, by=desk)
        cases.append(case)
    return cases, desk


def noop_lateness(ctx, n):
    """The reference: `n` no-op tasks due in one second, their lateness in ms (those that ran)."""
    import redis

    from benchmarks import probe

    client, key = redis.Redis.from_url(ctx.redis_url), probe.late_key()
    client.delete(key)
    due = int(time.time()) + 8
    for _ in range(n):
        probe.noop.apply_async(args=[due, key], eta=datetime.fromtimestamp(due, tz=UTC))
    deadline = time.time() + 120
    while client.llen(key) < n and time.time() < deadline:
        time.sleep(0.2)
    return [float(v) * 1000 for v in client.lrange(key, 0, -1)]


def empty_queue(ctx):
    """This run's queue (its own name, see benchmarks.run) without the event deliveries of
    making the cases (their outbox rows stay for the beat sweep): the worker starts idle.
    Only this queue's keys: another run may share the Redis db."""
    import redis
    from django.conf import settings

    client = redis.Redis.from_url(ctx.redis_url)
    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    for key in client.scan_iter(match=f"{queue}*"):  # the queue and its priority lists
        client.delete(key)


def deemed_lateness(cases, desk, timeout=180):
    from approvals import services
    from approvals.models import Case, CaseEvent

    due = timezone.now().replace(microsecond=0) + timedelta(seconds=LEAD_SECONDS)
    with count_queries() as n:
        for case in cases:
            # The window ends at `due` for all: the service computes now + HALL_AUTO_ACCEPT_SECONDS.
            with override_settings(HALL_AUTO_ACCEPT_SECONDS=(due - timezone.now()).total_seconds()):
                services.case_dispatch(case=case, by=desk)
    dispatch_sql = n() / len(cases)
    ids = [c.pk for c in cases]
    late = (due - timezone.now()).total_seconds()
    if late < 0:
        raise RuntimeError(f"dispatching {len(cases)} cases took longer than {LEAD_SECONDS} s")
    stop_at = time.monotonic() + LEAD_SECONDS + timeout
    while time.monotonic() < stop_at:
        if not Case.objects.filter(pk__in=ids, state="dispatched").exists():
            break
        time.sleep(0.5)
    samples = []
    accepted = dict(Case.objects.filter(pk__in=ids).values_list("pk", "auto_accept_at"))
    for case_id, at in CaseEvent.objects.filter(case_id__in=ids, action="deem-accepted").values_list("case_id", "at"):
        samples.append((at - accepted[case_id]).total_seconds() * 1000)
    return samples, dispatch_sql


def main(ctx):
    n = 20 if ctx.quick else CASES
    cases, desk = received_cases(n)
    empty_queue(ctx)
    with celery_worker(ctx):
        reference = noop_lateness(ctx, n)
        samples, dispatch_sql = deemed_lateness(cases, desk)
    missing = n - len(samples)
    probe_note = "" if len(reference) == n else f"; only {len(reference)}/{n} no-op tasks ran in 120 s"
    return [
        Figure(
            name=f"deemed acceptance lateness p99 ({n} due in one second)",
            value=percentile(samples, 99),
            unit="ms",
            reference_name="no-op Celery countdown lateness p99",
            reference=percentile(reference, 99),
            sql=f"{dispatch_sql:.0f}/dispatch",
            note=(
                f"p50 {percentile(samples, 50):.0f} ms (no-op p50 {percentile(reference, 50):.0f} ms); "
                f"{len(samples)}/{n} accepted by the countdown tasks"
                + (f", {missing} NOT accepted" if missing else "")
                + probe_note
            ),
        )
    ]
