"""Celery tasks: take ids, call one service (the beat sweep is the backstop of each)."""

from celery import shared_task

from commitments import services


@shared_task(name="commitments.send_reminder")
def send_reminder(reminder_id):
    return services.reminder_send(reminder_id=reminder_id)


@shared_task(name="commitments.mark_overdue")
def mark_overdue(commitment_id):
    return services.commitment_mark_overdue(commitment_id=commitment_id)


@shared_task(name="commitments.lapse_rectification")
def lapse_rectification(commitment_id):
    return services.rectification_lapse(commitment_id=commitment_id)


@shared_task(name="commitments.sweep")
def sweep():
    """Beat: due reminders, overdue commitments and lapsed rectifications, each exactly once."""
    return services.commitments_sweep()
