"""manage.py export_catalog [-o FILE] [--format json|csv] — the whole catalog as a file."""

from pathlib import Path

from django.core.management.base import BaseCommand

from catalog.importing import catalog_export_items_csv, catalog_export_json


class Command(BaseCommand):
    help = "导出事项目录（JSON 为完整目录，可原样导入；CSV 为事项清单）。"

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", help="输出文件（默认输出到屏幕）")
        parser.add_argument("--format", choices=["json", "csv"], default="json")

    def handle(self, *args, output=None, format="json", **options):
        content = catalog_export_json() if format == "json" else catalog_export_items_csv()
        if output:
            Path(output).write_text(content, encoding="utf-8")
            self.stdout.write(self.style.SUCCESS(f"已导出到 {output}"))
        else:
            self.stdout.write(content)
