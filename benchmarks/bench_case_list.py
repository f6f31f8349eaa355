"""Time approvals.selectors.case_list over generated data, and show the query plans.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hall_bench \
        .venv/bin/python benchmarks/bench_case_list.py [--dept-user reviewer] [--supervisor supervisor]

Each scenario runs what a list page runs: the count and the first page of 20 rows, with the
warning level annotated. Prints the median of several runs and, on PostgreSQL, the
EXPLAIN ANALYZE plan lines naming the scans used (a Seq Scan on approvals_case is flagged).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hall.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402

from approvals.models import Case  # noqa: E402
from approvals.selectors import case_list  # noqa: E402

PAGE = 20


def run(qs):
    count = qs.count()
    rows = list(qs[:PAGE])
    return count, rows


def timed(qs, repeat):
    run(qs)  # warm up
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        count, _rows = run(qs)
        samples.append((time.perf_counter() - started) * 1000)
    return count, statistics.median(samples)


def plan(qs):
    """Plan lines (scans and times) of the page query and of the count query."""
    if connection.vendor != "postgresql":
        return []
    out = []
    page_sql, page_params = qs[:PAGE].query.sql_with_params()
    inner, count_params = qs.order_by().values("pk").query.sql_with_params()
    for label, sql, params in (
        ("page", page_sql, page_params),
        ("count", f"SELECT COUNT(*) FROM ({inner}) AS counted", count_params),
    ):
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            lines = [row[0] for row in cursor.fetchall()]
        wanted = ("Scan on approvals_case", "Scan using case_", "Scan Backward", "Execution Time")
        out += [f"[{label}] {line.strip()}" for line in lines if any(w in line for w in wanted)]
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dept-user", default="reviewer")
    parser.add_argument("--supervisor", default="supervisor")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--explain", action="store_true", help="print the plan lines of every scenario")
    args = parser.parse_args()

    User = get_user_model()
    dept_user = User.objects.get(username=args.dept_user)
    supervisor = User.objects.get(username=args.supervisor)
    total = Case.objects.count()
    print(f"数据库：{connection.vendor}，办件总数 {total:,}")
    dept = dept_user.staff_profile.department
    scenarios = [
        (f"部门（{dept.code}）全部", dept_user, {}),
        (f"部门（{dept.code}）审查中", dept_user, {"state": "in_review"}),
        (f"部门（{dept.code}）红灯", dept_user, {"level": "red"}),
        (f"部门（{dept.code}）黄灯", dept_user, {"level": "yellow"}),
        ("督查：全部", supervisor, {}),
        ("督查：红灯", supervisor, {"level": "red"}),
        ("督查：超期", supervisor, {"overdue": True}),
        ("督查：按部门+审查中", supervisor, {"department": dept.pk, "state": "in_review"}),
        ("督查：按事项", supervisor, {"item": Case.objects.values_list("item__code", flat=True).first()}),
    ]
    print(f"{'场景':<24}{'条数':>12}{'中位耗时(ms)':>16}")
    for name, user, filters in scenarios:
        qs = case_list(user=user, filters=filters)
        count, ms = timed(qs, args.repeat)
        print(f"{name:<24}{count:>12,}{ms:>16.1f}")
        lines = plan(qs)
        seq = [line for line in lines if "Seq Scan on approvals_case" in line]
        if args.explain or seq:
            for line in lines:
                print("    " + line + ("   <-- 顺序扫描" if line in seq else ""))


if __name__ == "__main__":
    main()
