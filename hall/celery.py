"""The Celery app `hall` (celery -A hall worker / beat).

Tasks are found in each installed app's tasks.py by name; the beat schedule lives in
settings (CELERY_BEAT_SCHEDULE) so every process sees the same one.
"""

import os

from celery import Celery

from hall.broker_fixes import survive_redis_restarts

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hall.settings")
survive_redis_restarts()

app = Celery("hall")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
