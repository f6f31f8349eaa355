"""Time-limit warnings: one notice per (case, level), to the department's staff and supervisors."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.db import connection

from approvals import services as s
from hall.constants import Role
from supervision.models import Notification, SweepMark, WarningRecord
from supervision.services import SWEEP_MARK_EVERY, warnings_scan
from tests.factories import Cast, make_case, make_item, make_staff
from tests.supervision import warning_fixtures

# The shared fixtures of these tests (no conftest needed).
dept, other_dept, item, cast = (
    warning_fixtures.dept,
    warning_fixtures.other_dept,
    warning_fixtures.item,
    warning_fixtures.cast,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(cast, other_dept):
    supervisor = make_staff(role=Role.SUPERVISOR)
    stranger = Cast(other_dept).reviewer
    return {"reviewer": cast.reviewer, "chief": cast.chief, "supervisor": supervisor, "stranger": stranger}


def test_yellow_then_red_once_each_even_when_scanned_twice(item, cast, people):
    case = make_case(state="in_review", item=item, cast=cast)
    assert warnings_scan(now=case.warn_at - timedelta(minutes=1)) == 0
    yellow_time = case.warn_at + timedelta(minutes=1)
    assert warnings_scan(now=yellow_time) == 1
    assert warnings_scan(now=yellow_time + timedelta(minutes=1)) == 0
    recipients = set(Notification.objects.filter(case=case, level="yellow").values_list("user_id", flat=True))
    assert recipients == {people["reviewer"].pk, people["chief"].pk, people["supervisor"].pk}
    message = Notification.objects.filter(case=case, level="yellow").first().message
    assert case.number in message and "黄灯" in message

    red_time = case.deadline_at + timedelta(seconds=1)
    assert warnings_scan(now=red_time) == 1
    assert warnings_scan(now=red_time + timedelta(hours=1)) == 0
    assert list(WarningRecord.objects.filter(case=case).order_by("level").values_list("level", flat=True)) == [
        "red",
        "yellow",
    ]
    assert Notification.objects.filter(case=case, level="red").count() == 3
    assert "超过办结期限" in Notification.objects.filter(case=case, level="red").first().message
    assert not Notification.objects.filter(user=people["stranger"]).exists()


def test_a_case_gone_straight_to_red_gets_only_the_red_notice(item, cast, people):
    case = make_case(state="in_review", item=item, cast=cast)
    warnings_scan(now=case.deadline_at + timedelta(days=1))
    assert list(WarningRecord.objects.filter(case=case).values_list("level", flat=True)) == ["red"]


def test_suspended_and_decided_cases_are_not_warned(item, cast, people):
    suspended = make_case(state="suspended", item=item, cast=cast)
    decided = make_case(state="granted", item=item, cast=cast)
    later = max(suspended.deadline_at, decided.deadline_at) + timedelta(days=3)
    assert warnings_scan(now=later) == 0
    assert not WarningRecord.objects.exists()


def test_the_scan_uses_real_time_by_default(item, cast, people):
    case = make_case(state="in_review", item=item, cast=cast)
    with time_machine.travel(case.deadline_at + timedelta(hours=2), tick=False):
        assert warnings_scan() == 1
    assert WarningRecord.objects.get(case=case).level == "red"


def test_resume_pushes_the_deadline_and_no_red_comes_early(item, cast, people):
    case = make_case(state="in_review", item=item, cast=cast)
    before = case.deadline_at
    with time_machine.travel(case.accepted_at + timedelta(minutes=5), tick=False):
        case = s.case_suspend(case=case, kind="inspection", reason="现场核查", by=cast.reviewer)
    with time_machine.travel(before - timedelta(hours=1), tick=False):
        case = s.case_resume(case=case, by=cast.reviewer)
    assert case.deadline_at > before
    assert warnings_scan(now=before + timedelta(minutes=1)) in (0, 1)  # may be yellow, never red
    assert not WarningRecord.objects.filter(case=case, level="red").exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent scans need a real server")
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_scans_record_each_level_once(dept, cast):
    people = {"reviewer": cast.reviewer, "chief": cast.chief}
    cases = [make_case(state="in_review", item=make_item(department=dept), cast=cast) for _ in range(5)]
    now = max(c.deadline_at for c in cases) + timedelta(minutes=1)
    barrier = threading.Barrier(2)

    def scan():
        barrier.wait()
        try:
            warnings_scan(now=now)
        finally:
            connection.close()

    threads = [threading.Thread(target=scan) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert WarningRecord.objects.count() == 5
    assert Notification.objects.count() == 5 * len(people)


def test_an_incremental_scan_reads_from_its_watermark_in_a_few_small_queries(
    item, cast, people, django_assert_num_queries
):
    cases = [make_case(state="in_review", item=item, cast=cast) for _ in range(3)]
    red_time = max(c.deadline_at for c in cases) + timedelta(minutes=1)
    assert warnings_scan(now=red_time) == 3  # the first run looks at every running case
    # Nothing new since: the watermark, then ONE query (per level, the deadline_at / warn_at
    # range and the cases with a clock event since, joined in the database; each empty) —
    # however many cases and records there are. No case row is read.
    with django_assert_num_queries(2) as captured:
        assert warnings_scan(now=red_time + timedelta(minutes=1)) == 0
    sql = " ".join(q["sql"] for q in captured.captured_queries)
    assert "supervision_sweepmark" in sql and '"approvals_case"."deadline_at" >' in sql
    assert "approvals_caseevent" in sql and "UNION" in sql
    # Once the watermark is SWEEP_MARK_EVERY behind, the run moves it too: one statement more.
    with django_assert_num_queries(3) as captured:
        assert warnings_scan(now=red_time + SWEEP_MARK_EVERY) == 0
    assert "UPDATE" in captured.captured_queries[-1]["sql"]
    assert SweepMark.objects.get().at == red_time + SWEEP_MARK_EVERY


def test_the_watermark_is_written_every_few_minutes_and_nothing_is_missed_meanwhile(item, cast, people):
    case = make_case(state="in_review", item=item, cast=cast)
    start = case.warn_at - timedelta(minutes=3, seconds=30)
    assert warnings_scan(now=start) == 0  # the first run sets the watermark
    for minute in range(1, 5):  # four runs, a minute apart: the watermark is not written
        assert warnings_scan(now=start + timedelta(minutes=minute)) == (1 if minute == 4 else 0)
        assert SweepMark.objects.get().at == start
    assert warnings_scan(now=start + timedelta(minutes=5)) == 0  # written now, nothing twice
    assert SweepMark.objects.get().at == start + timedelta(minutes=5)
    assert list(WarningRecord.objects.filter(case=case).values_list("level", flat=True)) == ["yellow"]
    assert warnings_scan(now=case.deadline_at + timedelta(seconds=1)) == 1  # the red one, later
    assert Notification.objects.filter(case=case).count() == 2 * 3


def test_a_case_resumed_after_its_deadline_is_warned_on_the_next_incremental_scan(item, cast, people):
    case = make_case(state="in_review", item=item, cast=cast)
    with time_machine.travel(case.accepted_at + timedelta(minutes=5), tick=False):
        case = s.case_suspend(case=case, kind="inspection", reason="现场核查", by=cast.reviewer)
    late = case.deadline_at + timedelta(days=30)
    assert warnings_scan(now=late - timedelta(minutes=2)) == 0  # suspended: nothing to warn
    with time_machine.travel(late - timedelta(minutes=1), tick=False):
        case = s.case_resume(case=case, by=cast.reviewer)
    # Say the resumed deadline is still behind us (a day before the watermark): no range on
    # deadline_at finds it, the resume event does.
    from approvals.models import Case

    Case.objects.filter(pk=case.pk).update(deadline_at=late - timedelta(days=1), warn_at=late - timedelta(days=2))
    assert warnings_scan(now=late) == 1
    assert list(WarningRecord.objects.filter(case=case).values_list("level", flat=True)) == ["red"]
