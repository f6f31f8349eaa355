"""Statistics pages at city scale: p50/p95 of the figures queries and page over a year of
figures for N cases, beside a bare COUNT over the same table in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hall_bench \\
        .venv/bin/python benchmarks/bench_stats.py --cases 1000000 [--keep]

The figures are what the case events of N cases produce (DailyFigure rows: day × department ×
item × channel × window), written directly so the run takes a minute rather than the hours a
replay of ~10 million events would; `manage.py rebuild_figures --check` proves the live counts
equal a replay on real data. The catalog must exist (`seed_demo` or `import_catalog`).
On PostgreSQL the table is VACUUM ANALYZEd after loading (autovacuum is off on the bench box).
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hall.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from catalog.models import Item  # noqa: E402
from stats.constants import COUNTER_FIELDS  # noqa: E402
from stats.models import DailyFigure, MonthlyFigure  # noqa: E402
from stats.selectors import FigureFilters, figure_rows  # noqa: E402

CHANNELS = [("window", 0.7), ("online", 0.25), ("agent", 0.05)]
WINDOWS = [str(n) for n in range(1, 17)]  # sixteen busy windows


def load(cases, end):
    """Spread `cases` over the 365 days before `end` (working days only) as DailyFigure rows."""
    items = list(Item.objects.values_list("pk", "department_id"))
    if not items:
        sys.exit("No items: run `manage.py seed_demo` (or import a catalog) first.")
    rng = random.Random(7)
    days = [end - timedelta(days=n) for n in range(365) if (end - timedelta(days=n)).weekday() < 5]
    per_day = cases / len(days)
    weights = [rng.paretovariate(1.2) for _ in items]  # a few items take most of the cases
    total = sum(weights)
    rows = []
    for day in days:
        for (item_id, department_id), weight in zip(items, weights, strict=True):
            expected = per_day * weight / total
            for channel, share in CHANNELS:
                n = int(expected * share + rng.random())
                if not n:
                    continue
                window = "" if channel == "online" else rng.choice(WINDOWS)
                decided = int(n * 0.9)
                rows.append(
                    DailyFigure(
                        day=day,
                        department_id=department_id,
                        item_id=item_id,
                        channel=channel,
                        window=window,
                        received=n,
                        online_received=n if channel == "online" else 0,
                        accepted=int(n * 0.95),
                        acknowledged=int(n * 0.9),
                        deemed=int(n * 0.05),
                        refused=n // 40,
                        notices=n // 8,
                        returned=n // 50,
                        granted=int(decided * 0.96),
                        denied=decided - int(decided * 0.96),
                        delivered=int(n * 0.85),
                        timed_decisions=decided,
                        on_time_promised=int(decided * 0.97),
                        on_time_legal=decided,
                        days_taken=decided * 3,
                        promised_days=decided * 5,
                        visits_0=int(n * 0.3),
                        visits_1=int(n * 0.5),
                        visits_2=n - int(n * 0.3) - int(n * 0.5),
                    )
                )
    months = {}
    for row in rows:  # the month rows the subscriber keeps beside the day rows
        key = (row.day.replace(day=1), row.department_id, row.item_id, row.channel, row.window)
        month = months.get(key)
        if month is None:
            month = months[key] = MonthlyFigure(
                month=key[0], department_id=key[1], item_id=key[2], channel=key[3], window=key[4]
            )
        for name in COUNTER_FIELDS:
            setattr(month, name, getattr(month, name) + getattr(row, name))
    with transaction.atomic():
        DailyFigure.objects.all().delete()
        MonthlyFigure.objects.all().delete()
        DailyFigure.objects.bulk_create(rows, batch_size=5000)
        MonthlyFigure.objects.bulk_create(months.values(), batch_size=5000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE stats_dailyfigure")
            cursor.execute("VACUUM ANALYZE stats_monthlyfigure")
    return len(rows)


def measure(fn, repeat):
    fn()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[max(int(len(samples) * 0.95) - 1, 0)]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    end = date.today()
    started = time.perf_counter()
    n_rows = load(args.cases, end)
    print(
        f"database: {connection.vendor}; {args.cases:,} cases over a year as {n_rows:,} figure rows "
        f"(loaded in {time.perf_counter() - started:.1f} s)"
    )
    supervisor = get_user_model().objects.filter(is_superuser=True).first()
    if supervisor is None:
        supervisor = get_user_model().objects.create_superuser("bench-stats", password="bench-stats-2026-Xx")

    def bare_count(first, last):
        def run():
            with connection.cursor() as cursor:
                cursor.execute("SELECT COUNT(*) FROM stats_dailyfigure WHERE day BETWEEN %s AND %s", [first, last])
                cursor.fetchone()

        return run

    month = (end.replace(day=1), end)
    year = (end - timedelta(days=364), end)
    scenarios = [
        ("this month by department", FigureFilters(date_from=month[0], date_to=month[1], group_by="department"), month),
        ("this month by item", FigureFilters(date_from=month[0], date_to=month[1], group_by="item"), month),
        ("a year by month", FigureFilters(date_from=year[0], date_to=year[1], group_by="month"), year),
        ("a year by department", FigureFilters(date_from=year[0], date_to=year[1], group_by="department"), year),
        ("a year by window", FigureFilters(date_from=year[0], date_to=year[1], group_by="window"), year),
        ("a year by item", FigureFilters(date_from=year[0], date_to=year[1], group_by="item"), year),
    ]
    print(f"{'scenario':<28}{'p50 ms':>9}{'p95 ms':>9}{'bare COUNT p95':>16}{'ratio':>8}")
    for label, filters, (first, last) in scenarios:
        p50, p95 = measure(lambda f=filters: figure_rows(user=supervisor, filters=f), args.repeat)
        _, ref95 = measure(bare_count(first, last), args.repeat)
        print(f"{label:<28}{p50:>9.1f}{p95:>9.1f}{ref95:>16.1f}{p95 / ref95 if ref95 else 0:>8.1f}")
    client = Client()
    client.force_login(supervisor)
    for label, params in (
        ("page: month by department", {}),
        ("page: year by month", {"date_from": year[0].isoformat(), "group_by": "month"}),
        ("page: year by item", {"date_from": year[0].isoformat(), "group_by": "item"}),
    ):
        response = client.get("/stats/", params, secure=True)
        assert response.status_code == 200, response.status_code
        p50, p95 = measure(lambda p=params: client.get("/stats/", p, secure=True), max(args.repeat // 3, 5))
        print(f"{label:<28}{p50:>9.1f}{p95:>9.1f}")


if __name__ == "__main__":
    main()
