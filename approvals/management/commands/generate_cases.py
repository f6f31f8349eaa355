"""manage.py generate_cases N: synthetic cases for benchmarks (numbers start with GEN-)."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from approvals.bulk_generate import Generator, run_parallel


class Command(BaseCommand):
    help = "批量生成 N 件模拟办件（含事件日志），用于性能测试；编号以 GEN- 开头，不占用真实编号。"

    def add_arguments(self, parser):
        parser.add_argument("count", type=int, help="要生成的办件数")
        parser.add_argument("--batch-size", type=int, default=2000, help="每批写入的办件数（默认 2000）")
        parser.add_argument("--seed", type=int, default=None, help="随机数种子（可复现）")
        parser.add_argument("--workers", type=int, default=None, help="并行进程数（PostgreSQL 默认 2；SQLite 只能 1）")

    def handle(self, *args, count, batch_size, seed, workers, **options):
        if count < 1:
            raise CommandError("N 必须是正整数。")
        if batch_size < 1:
            raise CommandError("--batch-size 必须是正整数。")
        postgres = connection.vendor == "postgresql"
        # Forked workers need committed rows and their own connections: not inside a transaction.
        workers = workers or (2 if postgres and not connection.in_atomic_block else 1)
        if workers < 1 or (workers > 1 and not postgres):
            raise CommandError("--workers 必须是正整数；SQLite 只支持 1 个进程。")
        if workers > 1 and connection.in_atomic_block:
            raise CommandError("并行生成不能在事务中运行，请使用 --workers 1。")
        if workers == 1:
            try:
                generator = Generator(count=count, batch_size=batch_size, seed=seed)
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
        started = time.monotonic()
        self.stdout.write(f"生成 {count:,} 件模拟办件（{workers} 个进程，每批 {batch_size:,} 件）…")

        def progress(done, total):
            elapsed = time.monotonic() - started
            rate = done / elapsed if elapsed else 0
            eta = (total - done) / rate if rate else 0
            self.stdout.write(
                f"  已生成 {done:,}/{total:,} 件（{done * 100 // total}%），{rate:,.0f} 件/秒，预计剩余 {eta:,.0f} 秒"
            )

        if workers == 1:
            made = generator.run(progress=progress)
        else:
            try:
                made = run_parallel(count=count, workers=workers, batch_size=batch_size, seed=seed, progress=progress)
            except (ValueError, RuntimeError) as exc:
                raise CommandError(str(exc)) from exc
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(f"完成：{made:,} 件，用时 {elapsed:,.1f} 秒（{made / elapsed:,.0f} 件/秒）。")
        )
