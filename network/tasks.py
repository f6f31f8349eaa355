"""Celery tasks: take ids, call one service (the beat sweep is the backstop)."""

from celery import shared_task

from network import services


@shared_task(name="network.mark_overdue")
def mark_overdue(transfer_id):
    return services.transfer_mark_overdue(transfer_id=transfer_id)


@shared_task(name="network.sweep_overdue")
def sweep_overdue():
    """Beat: every open transfer past its due time gets its one reminder."""
    return services.transfers_sweep()


@shared_task(name="network.send_handoff")
def send_handoff(handoff_id):
    return services.handoff_send(handoff_id=handoff_id)
