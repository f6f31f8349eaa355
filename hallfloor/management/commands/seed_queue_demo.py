from django.core.management.base import BaseCommand

from hallfloor.demo import seed


class Command(BaseCommand):
    help = "大厅现场演示数据：业务区（商事登记/不动产/投资项目/综合便民）、文件柜、终端设备、今日排队号（可重复运行）。"

    def add_arguments(self, parser):
        parser.add_argument("--no-tickets", action="store_true", help="不生成今日排队号")

    def handle(self, *args, **options):
        seed(stdout=self.stdout, tickets=not options["no_tickets"])
