from pathlib import Path

from celery import shared_task


@shared_task(name="hall.write_heartbeat")
def write_heartbeat(path, token):
    """Write a token to a file: proves a worker is alive and runs countdown tasks."""
    Path(path).write_text(token, encoding="utf-8")
