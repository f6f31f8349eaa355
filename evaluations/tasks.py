"""Celery tasks of 好差评: take ids, call one service."""

from celery import shared_task

from evaluations import services


@shared_task(name="evaluations.raise_ticket_notice")
def raise_ticket_notice(ticket_id, level):
    """Fast path: enqueued on commit with an ETA at the ticket's warn/deadline time."""
    return services.ticket_raise_notice(ticket_id=ticket_id, level=level)


@shared_task(name="evaluations.sweep_ticket_notices")
def sweep_ticket_notices():
    """Beat backstop: every due yellow/red notice that no task raised."""
    return services.tickets_sweep()
