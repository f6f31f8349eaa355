"""Recount every figure from the case event log (after an import, or to check the live counts).

Cases are read a batch at a time (`BATCH_SIZE`, in id order) with their events, window numbers
once and item versions once each, so the queries grow with batches, not cases.

The live subscriber and this replay share `stats.facts.increments`, so they agree by
construction; `--check` compares without writing and exits 1 on any difference. Rebuild with
the workers stopped (or the event outbox empty): an event still waiting in the outbox would be
counted by the rebuild and again when it is delivered.
"""

from collections import defaultdict

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from approvals.events import CaseMessage
from approvals.models import Case, CaseEvent
from catalog.models import ItemVersion
from hall.constants import APPLICANT_ROLE, SYSTEM_ROLE
from hall.models import Window
from stats.constants import COUNTER_FIELDS
from stats.facts import increments
from stats.models import DailyFigure, HourlyReceipt, MonthlyFigure, StaffFigure

# Cases read per batch: one query for the cases, one for their events, whatever the log's size.
BATCH_SIZE = 2000
# What CaseMessage.from_event and increments() read of a case (a deferred one would cost a query
# per case), and the state, which django-fsm reads as each case is made.
CASE_FIELDS = (
    "number", "department", "item", "item_version", "channel", "window", "notice_rounds",
    "accepted_at", "deadline_at", "suspended_days", "delivery_method", "state",
)  # fmt: skip


def recount(*, batch_size=BATCH_SIZE):
    """Day figures, hourly receipts and staff figures, recounted from the whole event log."""
    figures = defaultdict(lambda: defaultdict(int))
    hourly = defaultdict(int)
    staff = defaultdict(lambda: defaultdict(int))
    windows = dict(Window.objects.order_by().values_list("id", "number"))
    versions = {}  # item version id → version: each snapshot read once, shared by its cases
    for cases, events in _batches(batch_size, versions):
        for event in events:
            case = cases[event.case_id]
            message = CaseMessage.from_event(event, case=case)
            counts = increments(message, case)
            if not counts:
                continue
            day = timezone.localdate(event.at)
            window = windows[case.window_id] if case.window_id else ""
            key = (day, case.department_id, case.item_id, case.channel, window)
            for name, value in counts.items():
                figures[key][name] += value
            if counts.get("received"):
                local = timezone.localtime(event.at)
                hourly[(local.date(), local.hour, case.department_id)] += 1
            if event.actor_id and event.actor_role not in (APPLICANT_ROLE, SYSTEM_ROLE):
                for name, value in counts.items():
                    staff[(day, event.actor_id, case.department_id)][name] += value
    return figures, hourly, staff


def _batches(batch_size, versions):
    """(cases by id, their events by case and seq), `batch_size` cases at a time in id order."""
    after = 0
    while True:
        batch = list(Case.objects.filter(pk__gt=after).order_by("pk").only(*CASE_FIELDS)[:batch_size])
        if not batch:
            return
        missing = {case.item_version_id for case in batch} - versions.keys()
        if missing:
            versions.update(ItemVersion.objects.only("snapshot").in_bulk(missing))
        for case in batch:
            Case.item_version.field.set_cached_value(case, versions[case.item_version_id])
        first, after = after, batch[-1].pk
        events = CaseEvent.objects.filter(case_id__gt=first, case_id__lte=after).order_by("case_id", "seq")
        yield {case.pk: case for case in batch}, events.iterator(chunk_size=2000)
        if len(batch) < batch_size:
            return


def by_month(figures):
    months = defaultdict(lambda: defaultdict(int))
    for (day, *rest), counts in figures.items():
        for name, value in counts.items():
            months[(day.replace(day=1), *rest)][name] += value
    return months


class Command(BaseCommand):
    help = "从办件事件日志重新统计全部指标（--check 只比对不写入）。"

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="只比对，不写入；有差异时退出码为 1")

    def handle(self, *args, check=False, **options):
        figures, hourly, staff = recount()
        if check:
            current = {
                (f.day, f.department_id, f.item_id, f.channel, f.window): {n: getattr(f, n) for n in COUNTER_FIELDS}
                for f in DailyFigure.objects.all()
            }
            expected = {k: {n: v.get(n, 0) for n in COUNTER_FIELDS} for k, v in figures.items()}
            current = {k: v for k, v in current.items() if any(v.values())}
            monthly = {
                (f.month, f.department_id, f.item_id, f.channel, f.window): {n: getattr(f, n) for n in COUNTER_FIELDS}
                for f in MonthlyFigure.objects.all()
            }
            for k, v in by_month(figures).items():
                current[("month", *k)] = monthly.pop(k, None)
                expected[("month", *k)] = {n: v.get(n, 0) for n in COUNTER_FIELDS}
            current.update({("month", *k): v for k, v in monthly.items() if any(v.values())})
            differing = {k for k in set(current) | set(expected) if current.get(k) != expected.get(k)}
            if differing:
                raise CommandError(f"统计与事件日志不一致：{len(differing)} 个分组不同或缺失。")
            self.stdout.write(self.style.SUCCESS(f"统计与事件日志一致（{len(expected)} 个分组）。"))
            return
        with transaction.atomic():
            DailyFigure.objects.all().delete()
            MonthlyFigure.objects.all().delete()
            HourlyReceipt.objects.all().delete()
            StaffFigure.objects.all().delete()
            StaffFigure.objects.bulk_create(
                [StaffFigure(day=k[0], user_id=k[1], department_id=k[2], **dict(v)) for k, v in staff.items()],
                batch_size=1000,
            )
            MonthlyFigure.objects.bulk_create(
                [
                    MonthlyFigure(month=k[0], department_id=k[1], item_id=k[2], channel=k[3], window=k[4], **dict(v))
                    for k, v in by_month(figures).items()
                ],
                batch_size=1000,
            )
            HourlyReceipt.objects.bulk_create(
                [HourlyReceipt(day=k[0], hour=k[1], department_id=k[2], count=n) for k, n in hourly.items()],
                batch_size=1000,
            )
            DailyFigure.objects.bulk_create(
                [
                    DailyFigure(day=k[0], department_id=k[1], item_id=k[2], channel=k[3], window=k[4], **dict(v))
                    for k, v in figures.items()
                ],
                batch_size=1000,
            )
        self.stdout.write(self.style.SUCCESS(f"已重新统计 {len(figures)} 个分组。"))
