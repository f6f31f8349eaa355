"""manage.py generate_cases N: synthetic cases for benchmarks (numbers start with GEN-).

The generator lives with the benchmarks (benchmarks/generate_cases.py); this is its command line.
"""

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "批量生成 N 件模拟办件（含事件日志），用于性能测试；编号以 GEN- 开头，不占用真实编号。"

    def add_arguments(self, parser):
        parser.add_argument("count", type=int, help="要生成的办件数")
        parser.add_argument("--batch-size", type=int, default=2000, help="每批写入的办件数（默认 2000）")
        parser.add_argument("--seed", type=int, default=None, help="随机数种子（可复现）")
        parser.add_argument("--workers", type=int, default=None, help="并行进程数（PostgreSQL 默认 2；SQLite 只能 1）")

    def handle(self, *args, count, batch_size, seed, workers, **options):
        from benchmarks.generate_cases import main

        try:
            main(
                count=count,
                batch_size=batch_size,
                seed=seed,
                workers=workers,
                write=self.stdout.write,
                success=lambda text: self.stdout.write(self.style.SUCCESS(text)),
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
