"""manage.py import_catalog FILE — load a hall's catalog (JSON or CSV), all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from catalog.importing import CatalogImportError
from catalog.services import catalog_import, summary_text


class Command(BaseCommand):
    help = "导入事项目录（JSON：部门、事项、材料、环节、一件事；CSV：事项）。任何一行有误则全部不导入。"

    def add_arguments(self, parser):
        parser.add_argument("path", help="目录文件路径（.json 或 .csv）")
        parser.add_argument("--format", choices=["json", "csv"], default=None, help="文件格式（默认按扩展名判断）")

    def handle(self, *args, path, format=None, **options):
        file_path = Path(path)
        if not file_path.is_file():
            raise CommandError(f"文件不存在：{path}")
        with file_path.open("rb") as handle:
            try:
                summary = catalog_import(file=handle, fmt=format)
            except CatalogImportError as exc:
                for problem in exc.problems:
                    self.stderr.write(str(problem))
                raise CommandError(f"导入失败：发现 {len(exc.problems)} 处错误，目录未做任何改动。") from None
        self.stdout.write(self.style.SUCCESS(f"导入成功：{summary_text(summary)}。"))
