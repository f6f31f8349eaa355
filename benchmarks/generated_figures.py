"""The statistics figures (and the board's daily volumes) of generated cases, counted while
they are generated.

Generated cases bypass the case-event subscribers, so without this the figures (app `stats`)
stay empty. Replaying the log afterwards (`rebuild_figures`) reads every case and event back
(in batches, but still ≈ 0.3 ms a case), whereas the generator already holds each case and its
events in memory. It counts them with the same `stats.facts.increments` as the live subscriber
and `rebuild_figures`, so the three can never disagree, and adds the totals to the figure tables
at the end (INSERT … ON CONFLICT: added to whatever the real cases already counted). The
supervision board's daily volumes come the same way, through supervision's own `volume_kind`.
"""

import io
from collections import defaultdict
from types import SimpleNamespace

from django.db import connection, transaction
from django.utils import timezone

from approvals.constants import Action
from hall.constants import APPLICANT_ROLE, SYSTEM_ROLE
from stats.constants import COUNTER_FIELDS
from stats.facts import increments
from stats.models import DailyFigure, HourlyReceipt, MonthlyFigure, StaffFigure
from supervision.models import DailyVolume
from supervision.subscribers import volume_kind

# Events that never count (increments() returns {} for them): skipped without a call.
SILENT = {Action.DISPATCH, Action.ADVANCE, Action.ISSUE, Action.SUSPEND}
NOT_STAFF = {APPLICANT_ROLE, SYSTEM_ROLE}


def _counters():
    return defaultdict(int)


class FigureTally:
    """Counters per figure key, as plain dicts (picklable: workers send theirs to the parent)."""

    def __init__(self):
        self.zone = timezone.get_current_timezone()
        self.daily = {}  # (day, department, item, channel, window number) -> {counter: n}
        self.hourly = defaultdict(int)  # (day, hour, department) -> n
        self.staff = {}  # (day, user, department) -> {counter: n}
        self.volumes = defaultdict(int)  # (day, department, volume kind) -> n: the board's DailyVolume

    def add_case(self, case, events, *, snapshot, window):
        """Count one generated case (a Row with the Case attnames) and its event Rows."""
        view = None
        for event in events:
            if event.action in SILENT:
                continue
            if view is None:  # what increments() reads of the case, as the case ends up
                view = SimpleNamespace(
                    channel=case.channel,
                    accepted_at=getattr(case, "accepted_at", None),
                    deadline_at=getattr(case, "deadline_at", None),
                    suspended_days=getattr(case, "suspended_days", 0),
                    notice_rounds=getattr(case, "notice_rounds", 0),
                    delivery_method=getattr(case, "delivery_method", ""),
                    snapshot=snapshot,
                )
            local = event.at.astimezone(self.zone)
            day = local.date()
            kind = volume_kind(event)
            if kind is not None:
                self.volumes[(day, case.department_id, str(kind))] += 1
            counts = increments(event, view)
            if not counts:
                continue
            self._add(self.daily, (day, case.department_id, case.item_id, case.channel, window), counts)
            if counts.get("received"):
                self.hourly[(day, local.hour, case.department_id)] += 1
            if event.actor_id and event.actor_role not in NOT_STAFF:
                self._add(self.staff, (day, event.actor_id, case.department_id), counts)

    @staticmethod
    def _add(table, key, counts):
        row = table.get(key)
        if row is None:
            table[key] = dict(counts)
            return
        for name, value in counts.items():
            row[name] = row.get(name, 0) + value

    def merge(self, other):
        for key, counts in other.daily.items():
            self._add(self.daily, key, counts)
        for key, counts in other.staff.items():
            self._add(self.staff, key, counts)
        for key, n in other.hourly.items():
            self.hourly[key] += n
        for key, n in other.volumes.items():
            self.volumes[key] += n

    def monthly(self):
        months = {}
        for (day, *rest), counts in self.daily.items():
            self._add(months, (day.replace(day=1), *rest), counts)
        return months

    def __bool__(self):
        return bool(self.daily or self.hourly or self.staff or self.volumes)

    @transaction.atomic
    def write(self):
        """Add the tallies to the figure tables; returns the number of day groups."""
        keys = ["department_id", "item_id", "channel", "window"]
        _upsert(DailyFigure, ["day", *keys], COUNTER_FIELDS, _rows(self.daily))
        _upsert(MonthlyFigure, ["month", *keys], COUNTER_FIELDS, _rows(self.monthly()))
        _upsert(StaffFigure, ["day", "user_id", "department_id"], COUNTER_FIELDS, _rows(self.staff))
        _upsert(HourlyReceipt, ["day", "hour", "department_id"], ["count"], [(*k, n) for k, n in self.hourly.items()])
        _upsert(DailyVolume, ["day", "department_id", "kind"], ["count"], [(*k, n) for k, n in self.volumes.items()])
        return len(self.daily)


def _rows(table):
    return [(*key, *(counts.get(name, 0) for name in COUNTER_FIELDS)) for key, counts in table.items()]


def _upsert(model, key_columns, counters, rows):
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = key_columns + counters
    columns = ", ".join(quote(c) for c in names)
    adds = ", ".join(f"{quote(c)} = {table}.{quote(c)} + EXCLUDED.{quote(c)}" for c in counters)
    # The conflict target is the model's unique key, so the same INSERT works on SQLite and PostgreSQL.
    tail = f" ON CONFLICT ({', '.join(quote(c) for c in key_columns)}) DO UPDATE SET {adds}"
    rows.sort()  # one order for every writer: no deadlock between concurrent loads
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            marks = ", ".join(["%s"] * len(names))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks}){tail}", rows)
            return
        # Hundreds of thousands of groups for a million cases: COPY them into a scratch table,
        # then one INSERT … SELECT adds them (row-by-row VALUES took minutes).
        cursor.execute(f"CREATE TEMP TABLE generated_figures ON COMMIT DROP AS SELECT {columns} FROM {table} LIMIT 0")
        text = "".join("\t".join(map(str, row)) + "\n" for row in rows)  # dates, ints, plain window numbers
        raw = cursor.cursor if hasattr(cursor, "cursor") else cursor
        raw.copy_expert(f"COPY generated_figures ({columns}) FROM STDIN", io.StringIO(text))
        cursor.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM generated_figures {tail}")
        cursor.execute("DROP TABLE generated_figures")
