"""Celery tasks of 上门办: take ids, call one service."""

from celery import shared_task

from homevisits import services


@shared_task(name="homevisits.notify_overdue")
def notify_overdue(visit_id):
    """Fast path: enqueued on commit with the countdown to the visit's due time."""
    return services.visit_notify_overdue(visit_id=visit_id)


@shared_task(name="homevisits.sweep_overdue")
def sweep_overdue():
    """The backstop (beat, every minute): every overdue visit a lost countdown left behind."""
    return services.visits_sweep_overdue()
