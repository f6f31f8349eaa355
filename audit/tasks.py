from celery import shared_task

from audit import retention


@shared_task(name="audit.archive_and_purge")
def archive_and_purge():
    anchor = retention.archive_and_purge()
    return anchor.rows if anchor is not None else 0
