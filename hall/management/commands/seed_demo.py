"""Load the demo hall (idempotent): each app's `demo.seed(stdout=...)`, in dependency order,
then each app's `demo.finish(stdout=...)` where it has one (work over what every app seeded).

Apps are found by name so this command grows as apps add a demo module.
"""

from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

DEMO_PASSWORD = "hall-demo-2026"


class Command(BaseCommand):
    help = "载入演示数据（可重复执行）：部门、事项、窗口、演示账号与各状态办件。"

    def handle(self, *args, **options):
        demos = [
            import_module(f"{app}.demo") for app in settings.HALL_APPS if find_spec(app) and find_spec(f"{app}.demo")
        ]
        for demo in demos:
            with transaction.atomic():
                demo.seed(stdout=self.stdout, password=DEMO_PASSWORD)
        for demo in demos:
            if hasattr(demo, "finish"):
                with transaction.atomic():
                    demo.finish(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("演示数据已就绪。"))
