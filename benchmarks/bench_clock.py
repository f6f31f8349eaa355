"""How fast the legal clock computes deadlines once the calendar is cached.

    .venv/bin/python benchmarks/bench_clock.py [--n 100000]

Computes N deadlines (acceptance times spread over 2025–2026 in UTC, as the database
returns them; limits 1–60 working days, every 10th instant, every 7th with an item's own
warning days) and prints deadlines per second. The issue's bar: 100,000 well under a second.
"""

import argparse
import os
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hall.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from catalog import clock  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    n = parser.parse_args().n
    first = datetime(2025, 1, 1, 1, 0, tzinfo=UTC)
    step = timedelta(days=700) / n
    work = [(first + step * i, (i % 60) + 1, i % 10 == 0, 3 if i % 7 == 0 else None) for i in range(n)]

    clock.invalidate_cache()
    started = time.perf_counter()
    clock.compute_deadline(accepted_at=work[0][0], limit_days=20)
    cold = time.perf_counter() - started

    with CaptureQueriesContext(connection) as queries:
        started, cpu_started = time.perf_counter(), time.process_time()
        for accepted_at, limit, instant, warn_days in work:
            clock.compute_deadline(accepted_at=accepted_at, limit_days=limit, instant=instant, warn_days=warn_days)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started

    print(f"first call (builds the calendar cache): {cold * 1000:.1f} ms")
    print(f"{n:,} deadlines in {elapsed:.3f} s wall, {cpu:.3f} s CPU, {len(queries)} queries")
    print(f"deadlines per second: {n / elapsed:,.0f} (wall clock), {n / cpu:,.0f} (CPU time of this process)")


if __name__ == "__main__":
    main()
