"""Ratings as the national 好差评 exchange JSON (stdout or a file)."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_date

from evaluations.exchange import exchange_document
from evaluations.models import Rating


class Command(BaseCommand):
    help = "按全国好差评数据交换格式导出评价（JSON）。"

    def add_arguments(self, parser):
        parser.add_argument("--since", help="YYYY-MM-DD")
        parser.add_argument("--until", help="YYYY-MM-DD")
        parser.add_argument("--output", help="写入文件（默认输出到屏幕）")

    def handle(self, *args, since=None, until=None, output=None, **options):
        qs = Rating.objects.select_related("item", "case", "department", "window").order_by("rated_at", "id")
        for name, value, lookup in (("since", since, "gte"), ("until", until, "lte")):
            if value:
                day = parse_date(value)
                if day is None:
                    raise CommandError(f"--{name} 应为 YYYY-MM-DD")
                qs = qs.filter(**{f"rated_at__date__{lookup}": day})
        text = json.dumps(exchange_document(qs), ensure_ascii=False, indent=2)
        if output:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(text)
            self.stdout.write(f"已导出到 {output}")
        else:
            self.stdout.write(text)
