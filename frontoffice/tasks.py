"""Celery tasks: take ids, call one service (DESIGN.md §6)."""

from celery import shared_task

from frontoffice.services import bags, vetting


@shared_task(name="frontoffice.escalate_confirmation")
def escalate_confirmation(confirmation_id):
    """Fast path: enqueued on commit with the countdown to the confirmation's due time."""
    return vetting.confirmation_escalate(confirmation_id=confirmation_id)


@shared_task(name="frontoffice.flag_missing_handover")
def flag_missing_handover(bag_id):
    """Fast path: enqueued on commit with the countdown to the bag's next handover."""
    return bags.bag_flag_missing(bag_id=bag_id)


@shared_task(name="frontoffice.sweep_due")
def sweep_due():
    """The backstop (beat, every minute): overdue confirmations and missing bag handovers."""
    return {"confirmations": vetting.sweep_due(), "bags": bags.sweep_due()}
