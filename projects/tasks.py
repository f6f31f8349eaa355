"""Celery tasks of 帮办代办: take ids, call one service."""

from celery import shared_task

from projects import services


@shared_task(name="projects.help_request_overdue")
def help_request_overdue(pk):
    """Fast path, enqueued on commit with the countdown to the request's deadline."""
    return services.help_request_notify_overdue(pk=pk)


@shared_task(name="projects.sweep_overdue_help_requests")
def sweep_overdue_help_requests():
    """Beat backstop: overdue unassigned help requests not yet notified."""
    return services.help_requests_sweep()
