from django.core.management.base import BaseCommand

from evaluations import demo


class Command(BaseCommand):
    help = (
        "载入好差评演示数据（可重复执行）：窗口评价、差评整改、投诉、星级窗口、最难办事科室评议。需先执行 seed_demo。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--password", default="hall-demo-2026")

    def handle(self, *args, **options):
        demo.seed(stdout=self.stdout, password=options["password"])
        self.stdout.write(self.style.SUCCESS("好差评演示数据已就绪。"))
