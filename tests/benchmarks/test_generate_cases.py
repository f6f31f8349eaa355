"""manage.py generate_cases: consistent cases and events, GEN- numbers, progress output."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F
from django.utils import timezone

from approvals import services as s
from approvals.constants import CaseState
from approvals.models import Case, CaseEvent, Result
from supervision.models import DailyVolume
from supervision.subscribers import volume_kind
from tests.factories import Cast, make_case, make_item, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def hall(dept):
    cast = Cast(dept)
    make_item(department=dept, materials=3, steps=("受理", "审查", "决定"))
    make_item(department=dept, kind="instant", promised_limit_days=0, steps=("受理", "办结"))
    for person in (cast.desk, cast.reviewer, cast.chief, cast.delivery):
        assert person
    make_staff(role="supervisor")
    return cast


def test_generates_n_consistent_cases_with_one_event_per_transition(hall):
    out = StringIO()
    call_command("generate_cases", 600, "--batch-size", "250", "--seed", "3", stdout=out)
    text = out.getvalue()
    assert "已生成 250/600" in text and "已生成 600/600" in text and "件/秒" in text
    generated = Case.objects.filter(number__startswith="GEN-")
    assert generated.count() == 600
    assert len(set(generated.values_list("state", flat=True))) >= 10
    counted = generated.annotate(n=Count("events"))
    assert not counted.exclude(n=F("last_event_seq")).exists()
    for case in generated.prefetch_related("events"):
        events = sorted(case.events.all(), key=lambda e: e.seq)
        assert [e.seq for e in events] == list(range(1, len(events) + 1))
        assert events[0].action == "create" and events[0].from_state == ""
        assert events[-1].to_state == case.state, case.number
        for before, after in zip(events, events[1:], strict=False):
            assert before.to_state == after.from_state and before.at <= after.at, case.number
        if case.state in (CaseState.IN_REVIEW, CaseState.DELIVERED):
            assert case.accepted_at and case.deadline_at and case.warn_at
    assert (
        Result.objects.filter(case__in=generated.filter(state__in=["ready", "delivered"])).count()
        == generated.filter(state__in=["ready", "delivered"]).count()
    )
    assert CaseEvent.objects.filter(case__in=generated, action="deem-accepted", actor__isnull=True).exists()
    # Running cases warn like real ones: the level annotation works over generated rows.
    assert (
        generated.at_level("red").exists()
        or generated.at_level("yellow").exists()
        or generated.at_level("green").exists()
    )


def test_generated_numbers_never_collide_with_real_ones(hall, item):
    call_command("generate_cases", 50, "--seed", "1", stdout=StringIO())
    real = make_case(item=item, cast=hall)
    assert not real.number.startswith("GEN-")
    call_command("generate_cases", 50, "--seed", "1", stdout=StringIO())  # a second run continues the serials
    assert Case.objects.filter(number__startswith="GEN-").count() == 100
    s.case_refuse(case=real, reason="测试", by=hall.desk)


def test_bad_arguments_are_refused():
    with pytest.raises(CommandError):
        call_command("generate_cases", 0, stdout=StringIO())


def test_workers_on_sqlite_are_refused_or_split_on_postgresql(hall):
    from django.db import connection

    if connection.vendor != "postgresql":
        with pytest.raises(CommandError):
            call_command("generate_cases", 10, "--workers", "2", stdout=StringIO())


@pytest.mark.skipif(
    __import__("django.db").db.connection.vendor != "postgresql", reason="parallel writers need PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
def test_two_worker_processes_make_distinct_consistent_cases(dept):
    cast = Cast(dept)
    make_item(department=dept, materials=2)
    assert cast.desk and cast.chief and cast.delivery
    out = StringIO()
    call_command("generate_cases", 301, "--workers", "2", "--batch-size", "50", stdout=out)
    generated = Case.objects.filter(number__startswith="GEN-")
    assert generated.count() == 301 and "2 个进程" in out.getvalue()
    assert not generated.annotate(n=Count("events")).exclude(n=F("last_event_seq")).exists()
    # Both workers' figures reach the tables, as a replay of the log would count them.
    assert_figures_match_the_event_log()


def test_generated_cases_are_encrypted_searchable_and_their_events_verify(hall):
    from django.db import connection

    from audit.verify import verify_all
    from hall.crypto import blind_index

    call_command("generate_cases", 60, "--seed", "7", stdout=StringIO())
    case = Case.objects.filter(number__startswith="GEN-").first()
    with connection.cursor() as cursor:
        cursor.execute("SELECT applicant_id_number FROM approvals_case WHERE id = %s", [case.pk])
        assert cursor.fetchone()[0].startswith("enc1:")
    assert case in Case.objects.filter(applicant_id_number_index=blind_index(case.applicant_id_number))
    run = verify_all()
    assert run.ok, run.problems[:3]


def assert_figures_match_the_event_log():
    from django.db.models import Sum

    from stats.management.commands.rebuild_figures import recount
    from stats.models import DailyFigure, HourlyReceipt, StaffFigure

    assert DailyFigure.objects.filter(received__gt=0).exists()
    call_command("rebuild_figures", "--check", stdout=StringIO())  # day and month figures, group by group
    _figures, hourly, staff = recount()
    assert HourlyReceipt.objects.aggregate(n=Sum("count"))["n"] == sum(hourly.values())
    assert StaffFigure.objects.count() == len(staff)
    assert StaffFigure.objects.aggregate(n=Sum("accepted"))["n"] == sum(v.get("accepted", 0) for v in staff.values())
    # The board's daily volumes too, as supervision's subscriber would count the events.
    expected = Counter()
    for event in CaseEvent.objects.select_related("case"):
        kind = volume_kind(event)
        if kind is not None:
            expected[(timezone.localdate(event.at), event.case.department_id, kind)] += 1
    assert {(v.day, v.department_id, v.kind): v.count for v in DailyVolume.objects.all()} == dict(expected)


def test_generated_cases_are_counted_in_the_figures(hall):
    from stats.models import DailyFigure

    out = StringIO()
    call_command("generate_cases", 300, "--seed", "5", stdout=out)
    assert "统计指标" in out.getvalue()
    assert_figures_match_the_event_log()
    before = DailyFigure.objects.count()
    call_command("generate_cases", 100, "--seed", "6", stdout=StringIO())  # a second load adds to them
    assert DailyFigure.objects.count() >= before
    assert_figures_match_the_event_log()


def test_event_copy_lines_hash_like_the_chain():
    from datetime import UTC, datetime

    from audit import chain
    from audit.constants import GENESIS
    from benchmarks.generate_cases import Row, _event_content, event_lines

    at = datetime(2026, 3, 2, 9, 30, 15, 123456, tzinfo=UTC)
    events = [
        Row(seq=1, action="create", from_state="", to_state="received", at=at, actor_id=7,
            actor_role="front_desk", note="", payload={}),
        Row(seq=2, action="deem-accepted", from_state="dispatched", to_state="in_review", at=at,
            actor_id=None, actor_role="system", note='视为同意 "引号"\t与\\反斜杠\n换行',
            payload={"to_step": 2, "step_name": "审查", "from_step": 1, "auto_accept_at": at.isoformat()}),
    ]  # fmt: skip
    prev = GENESIS
    for line, event in zip(event_lines(42, events), events, strict=True):
        event.case_id = 42
        fields = line.split("\t")
        assert len(fields) == 13 and fields[11] == prev
        assert fields[12] == chain.link(prev, _event_content(event))
        prev = fields[12]
    assert "\n" not in "".join(event_lines(42, events))  # the note's line break is escaped for COPY
