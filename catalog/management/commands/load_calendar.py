"""Load official work-calendar years: from the chinese-calendar package or from a file.

    manage.py load_calendar --year 2026            # one year from the package
    manage.py load_calendar --all                  # every year the package covers (2004–2026)
    manage.py load_calendar --file 2027.csv        # a new year from a CSV/JSON file
    manage.py load_calendar --file 2027.csv --year 2027 --replace-admin

The file format is described in catalog/calendar_files.py (and on the admin import page).
Loading sends `calendar_year_loaded`, so provisional deadlines in that year are recomputed.
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from catalog import calendar_services, calendar_sources


class Command(BaseCommand):
    help = "导入工作日历：从 chinese-calendar 软件包（--year / --all）或从文件（--file）。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="年度")
        parser.add_argument("--all", action="store_true", help="导入软件包覆盖的全部年度")
        parser.add_argument("--file", type=Path, help="CSV 或 JSON 日历文件")
        parser.add_argument("--replace-admin", action="store_true", help="覆盖管理员手工设置的日期")

    def handle(self, *args, year=None, all=False, file=None, replace_admin=False, **options):
        if file is None and year is None and not all:
            raise CommandError(_("请指定 --year、--all 或 --file。"))
        try:
            if file is not None:
                if not file.is_file():
                    raise CommandError(_("找不到文件：%(path)s") % {"path": file})
                record = calendar_services.calendar_import_file(
                    content=file.read_bytes(), filename=file.name, year=year, replace_admin=replace_admin
                )
                self.stdout.write(
                    self.style.SUCCESS(
                        _("已从文件导入%(year)s年工作日历（%(n)s个特殊日期）。")
                        % {"year": record.year, "n": record.day_count}
                    )
                )
                return
            years = list(calendar_sources.package_years()) if all else [year]
            for one in years:
                record = calendar_services.calendar_load_from_package(year=one, replace_admin=replace_admin)
                self.stdout.write(_("%(year)s年：%(n)s个特殊日期") % {"year": one, "n": record.day_count})
            self.stdout.write(self.style.SUCCESS(_("已从软件包导入%(n)s个年度。") % {"n": len(years)}))
        except ValidationError as exc:
            raise CommandError("\n".join(exc.messages)) from exc
