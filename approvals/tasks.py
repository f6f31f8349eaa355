"""Celery tasks: take ids, call one service (DESIGN.md §6)."""

from celery import shared_task

from approvals import services


@shared_task(name="approvals.deem_accepted")
def deem_accepted(case_id):
    """The fast path of the 10-minute rule, enqueued on commit at dispatch, due at auto_accept_at.
    Cases that fell due with this one are accepted with it, in one transaction."""
    return services.case_deem_accepted_with_peers(case_id=case_id)


@shared_task(name="approvals.sweep_due_acceptances")
def sweep_due_acceptances():
    """The backstop (beat, every ~30 s): accepts every due case a lost countdown left behind;
    a backlog beyond one batch goes out in batches to every worker."""
    return services.case_sweep_due_acceptances(enqueue_batch=deem_accepted_batch.delay)


@shared_task(name="approvals.deem_accepted_batch")
def deem_accepted_batch(case_ids):
    """One batch of a backlog the sweep handed out (see case_sweep_due_acceptances)."""
    return services.case_deem_accept_due(case_ids=case_ids)


@shared_task(name="approvals.recompute_provisional_deadlines")
def recompute_provisional_deadlines(year=None):
    return services.case_recompute_provisional_deadlines(year=year)


@shared_task(
    name="approvals.deliver_case_events",
    bind=True,
    max_retries=5,
    acks_late=True,
    reject_on_worker_lost=True,
)
def deliver_case_events(self, case_id):
    """Fast path of event delivery, enqueued on commit; retried with backoff while a subscriber fails."""
    from approvals.services.publishing import case_events_deliver

    delivery = case_events_deliver(case_id=case_id)
    if not delivery.complete:
        raise self.retry(countdown=min(10 * 2**self.request.retries, 600))
    return delivery.handled


@shared_task(name="approvals.sweep_case_events")
def sweep_case_events():
    """The backstop (beat): delivers events a lost task, a killed worker or a failure left behind."""
    from approvals.services.publishing import case_events_sweep

    return case_events_sweep(enqueue_batch=deliver_case_events_batch.delay)


@shared_task(name="approvals.deliver_case_events_batch")
def deliver_case_events_batch(case_ids):
    """One batch of a delivery backlog the sweep handed out."""
    from approvals.services.publishing import case_events_deliver_many

    return case_events_deliver_many(case_ids=case_ids)
