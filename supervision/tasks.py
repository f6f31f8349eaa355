"""Celery tasks of supervision: take ids, call one service."""

from celery import shared_task

from supervision import services


@shared_task(name="supervision.tasks.scan_time_limit_warnings")
def scan_time_limit_warnings():
    """Beat, every 60 s: one notice per (case, level) for cases that turned yellow or red."""
    return services.warnings_scan()


@shared_task(name="supervision.tasks.monitoring_sweep")
def monitoring_sweep():
    """Beat, every 60 s: 电子监察's time rules that fell due, and cards due to escalate."""
    from supervision.monitoring import monitoring_sweep as sweep

    return sweep()


@shared_task(name="supervision.tasks.record_department_weeks")
def record_department_weeks():
    """Beat, Mondays: keep last week's 专厅 standing (green / yellow / red) for every department."""
    from datetime import timedelta

    from django.utils import timezone

    from supervision.monitoring import department_weeks_record

    today = timezone.localdate()
    last_monday = today - timedelta(days=today.weekday() + 7)
    return len(department_weeks_record(week_start=last_monday))
