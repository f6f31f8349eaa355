"""The warning sweep (`supervision.tasks.scan_time_limit_warnings`, beat every 60 s), run
again with nothing new: p50 ms, beside the bare watermark-range SQL (cases whose warn_at or
deadline_at fell in the last minute), in-process, same run.

Generated cases have no warning history: the warnings a year of beat runs would have recorded
are backfilled first (WarningRecord rows, no notifications), then one untimed run catches up
with anything left, then the timed runs find nothing new.
"""

from datetime import timedelta

from django.db import connection
from django.utils import timezone

from benchmarks.common import Figure, count_queries, p50, timed_ms

RANGE_SQL = """
SELECT id FROM approvals_case
WHERE state IN ('in_review', 'suspended')
  AND ((warn_at > %(since)s AND warn_at <= %(now)s) OR (deadline_at > %(since)s AND deadline_at <= %(now)s))
"""


def sweep():
    from supervision.tasks import scan_time_limit_warnings

    return scan_time_limit_warnings()


def bare():
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(RANGE_SQL, {"since": now - timedelta(seconds=60), "now": now})
        cursor.fetchall()


def backfill(now=None):
    """The warning records the beat would have left behind (one per case and level), in bulk."""
    from supervision.constants import WarningLevel
    from supervision.models import WarningRecord
    from supervision.selectors import cases_due_warning

    now = now or timezone.now()
    made = 0
    for level in (WarningLevel.RED, WarningLevel.YELLOW):
        rows = cases_due_warning(level=level, now=now).order_by().values_list("pk", "deadline_at")
        batch = [WarningRecord(case_id=pk, level=level, deadline_at=due, created_at=now) for pk, due in rows]
        WarningRecord.objects.bulk_create(batch, batch_size=5000, ignore_conflicts=True)
        made += len(batch)
    return made


def main(ctx):
    import time

    backfilled = backfill()
    started = time.monotonic()
    caught_up = sweep()
    first = time.monotonic() - started
    with count_queries() as n:
        sweep()
    statements = n()
    repeat = 5 if ctx.quick else 15
    runs = timed_ms(sweep, repeat)
    reference = timed_ms(bare, repeat)
    return [
        Figure(
            name="warning sweep, incremental, nothing new, p50",
            value=p50(runs),
            unit="ms",
            reference_name="bare warn_at/deadline_at range SQL p50",
            reference=p50(reference),
            sql=f"{statements}/run",
            note=f"backfilled {backfilled} warnings; the catch-up run recorded {caught_up} in {first:.1f} s",
        )
    ]
