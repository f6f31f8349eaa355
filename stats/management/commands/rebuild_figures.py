"""Recount every figure from the case event log (after an import, or to check the live counts).

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
from hall.constants import APPLICANT_ROLE, SYSTEM_ROLE
from stats.constants import COUNTER_FIELDS
from stats.facts import increments
from stats.models import DailyFigure, HourlyReceipt, MonthlyFigure, StaffFigure


def recount():
    """Day figures, hourly receipts and staff figures, recounted from the whole event log."""
    figures = defaultdict(lambda: defaultdict(int))
    hourly = defaultdict(int)
    staff = defaultdict(lambda: defaultdict(int))
    cases = {}
    events = CaseEvent.objects.order_by("case_id", "seq").iterator(chunk_size=2000)
    for event in events:
        case = cases.get(event.case_id)
        if case is None:
            cases.clear()  # events come case by case: keep one case in memory
            case = cases[event.case_id] = Case.objects.select_related("item_version", "window").get(pk=event.case_id)
        message = CaseMessage.from_event(event, case=case)
        counts = increments(message, case)
        if not counts:
            continue
        key = (
            timezone.localdate(event.at),
            case.department_id,
            case.item_id,
            case.channel,
            case.window.number if case.window_id else "",
        )
        for name, value in counts.items():
            figures[key][name] += value
        if counts.get("received"):
            local = timezone.localtime(event.at)
            hourly[(local.date(), local.hour, case.department_id)] += 1
        if event.actor_id and event.actor_role not in (APPLICANT_ROLE, SYSTEM_ROLE):
            for name, value in counts.items():
                staff[(timezone.localdate(event.at), event.actor_id, case.department_id)][name] += value
    return figures, hourly, staff


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
