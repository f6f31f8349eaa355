"""Which work-calendar years are official and which are provisional, with the warnings
hall admins must act on. `--check` exits non-zero when there is a warning (for cron or
monitoring)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from catalog.calendar_selectors import calendar_warnings, calendar_years


class Command(BaseCommand):
    help = "显示工作日历各年度状态（官方/暂定），并在本年度即将结束而下一年度未导入时报警。"

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="有警告时以非零状态退出")

    def handle(self, *args, check=False, **options):
        self.stdout.write(f"{_('年度'):<6}{_('状态'):<26}{_('工作日'):>6}{_('管理员修改'):>8}  {_('导入记录')}")
        for y in calendar_years():
            loaded = ""
            if y.loaded_at:
                loaded = y.loaded_at.strftime("%Y-%m-%d %H:%M")
                loaded += f" {y.loaded_by}" if y.loaded_by else ""
                loaded += f" {y.filename}" if y.filename else ""
            line = f"{y.year:<8}{y.origin_label:<24}{y.workdays:>6}{y.admin_days:>10}  {loaded}"
            if not y.official:
                line = self.style.WARNING(line)
            elif y.is_current:
                line = self.style.SUCCESS(line)
            self.stdout.write(line)
        warnings = calendar_warnings()
        for warning in warnings:
            self.stderr.write(self.style.ERROR(_("警告：%(w)s") % {"w": warning}))
        if not warnings:
            self.stdout.write(self.style.SUCCESS(_("工作日历正常。")))
        if warnings and check:
            raise CommandError(_("工作日历需要导入。"))
