"""Celery tasks: take ids, call one service (DESIGN.md §6)."""

from celery import shared_task

from approvals import services


@shared_task(name="approvals.deem_accepted")
def deem_accepted(case_id):
    """The fast path of the 10-minute rule, enqueued on commit at dispatch with the countdown."""
    return services.case_deem_accepted(case_id=case_id)


@shared_task(name="approvals.sweep_due_acceptances")
def sweep_due_acceptances():
    """The backstop (beat, every ~30 s): accepts every due case a lost countdown left behind."""
    return services.case_sweep_due_acceptances()


@shared_task(name="approvals.recompute_provisional_deadlines")
def recompute_provisional_deadlines(year=None):
    return services.case_recompute_provisional_deadlines(year=year)
