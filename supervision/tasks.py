"""Celery tasks of supervision: take ids, call one service."""

from celery import shared_task

from supervision import services


@shared_task(name="supervision.tasks.scan_time_limit_warnings")
def scan_time_limit_warnings():
    """Beat, every 60 s: one notice per (case, level) for cases that turned yellow or red."""
    return services.warnings_scan()
