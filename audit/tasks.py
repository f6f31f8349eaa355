from celery import shared_task

from audit import retention, verify


@shared_task(name="audit.archive_and_purge")
def archive_and_purge():
    anchor = retention.archive_and_purge()
    return anchor.rows if anchor is not None else 0


@shared_task(name="audit.verify_chains")
def verify_chains():
    """The same check as `manage.py verify_audit`, stored for the admin's status line."""
    return verify.verify_all().ok
