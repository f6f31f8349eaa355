"""Verify the hash chains of the security audit log and of every case's event log."""

from django.core.management.base import BaseCommand, CommandError

from audit import verify


class Command(BaseCommand):
    help = "校验安全审计日志和办件事件日志的哈希链，发现被修改、删除或插入的记录（结果保存供管理后台查看）。"

    def add_arguments(self, parser):
        parser.add_argument("--archive", help="只校验一个归档文件（JSON lines）")

    def handle(self, *args, archive=None, **options):
        if archive:
            problems = []
            rows, _last = verify.verify_archive(archive, problems.append)
            for problem in problems:
                self.stdout.write(self.style.ERROR(problem))
            if problems:
                raise CommandError(f"归档文件校验失败：{len(problems)} 个问题（共 {rows} 条）。")
            self.stdout.write(self.style.SUCCESS(f"归档文件完整：{rows} 条。"))
            return
        run = verify.verify_all()
        for problem in run.problems:
            self.stdout.write(self.style.ERROR(problem))
        summary = f"安全审计日志 {run.audit_rows} 条，办件事件 {run.event_rows} 条，耗时 {run.seconds:.2f} 秒。"
        if not run.ok:
            raise CommandError(f"审计日志校验失败：{len(run.problems)} 个问题。{summary}")
        self.stdout.write(self.style.SUCCESS(f"审计日志完整。{summary}"))
