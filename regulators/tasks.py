"""Celery tasks of 审管互动: take ids, call one service."""

from celery import shared_task

from regulators.services import notices, webhooks


@shared_task(name="regulators.check_level")
def check_level(label, pk):
    """At warn_at and at deadline_at of one row: announce yellow / red once."""
    return notices.announce(label=label, pk=pk)


@shared_task(name="regulators.deliver_webhook")
def deliver_webhook(delivery_id):
    return webhooks.delivery_attempt(delivery_id=delivery_id)


@shared_task(name="regulators.sweep")
def sweep():
    """Beat, every 60 s: levels nobody announced yet, and webhook deliveries that are due."""
    return {"levels": notices.sweep_levels(), "webhooks": webhooks.deliveries_sweep()}
