from django.core.management.base import BaseCommand
from django.db import transaction

from regulators import demo


class Command(BaseCommand):
    help = "载入审管互动演示数据（可重复执行）：审批结果推送、联合踏勘、业务会商。需先执行 seed_demo。"

    def handle(self, *args, **options):
        with transaction.atomic():
            demo.seed(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("审管互动演示数据已就绪。"))
