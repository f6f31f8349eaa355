"""The warning level: the SQL annotation and the Python property give the same answer."""

import random
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from approvals import services as s
from approvals.models import Case
from tests.factories import make_case, make_item

pytestmark = pytest.mark.django_db
BEIJING = ZoneInfo("Asia/Shanghai")


def test_sql_level_agrees_with_python_level_for_many_cases_and_times(dept, cast):
    rng = random.Random(20261122)
    items = [make_item(department=dept, promised_limit_days=days) for days in (1, 3, 5, 20)]
    start = datetime(2026, 3, 2, 9, 0, tzinfo=BEIJING)
    for i in range(24):
        accepted = start + timedelta(days=rng.randrange(0, 200), hours=rng.randrange(0, 8))
        state = rng.choice(["in_review", "in_review", "in_review", "suspended", "granted", "dispatched", "received"])
        with time_machine.travel(accepted, tick=False):
            make_case(state=state, item=items[i % len(items)], cast=cast)
    cases = list(Case.objects.all())
    instants = [start + timedelta(hours=rng.randrange(0, 24 * 260)) for _ in range(40)]
    # Exactly on the boundaries too: at the deadline is not yet red; at warn_at it is yellow.
    for case in cases:
        if case.deadline_at:
            instants += [case.deadline_at, case.deadline_at + timedelta(microseconds=1), case.warn_at]
    seen = set()
    for now in instants:
        in_sql = dict(Case.objects.with_level(now).values_list("pk", "level"))
        for case in cases:
            assert in_sql[case.pk] == case.level_at(now), (case.number, case.state, now)
            seen.add(in_sql[case.pk])
    assert seen == {"none", "green", "yellow", "red"}


def test_level_follows_the_stored_times(item, cast):
    with time_machine.travel(datetime(2026, 11, 23, 9, 0, tzinfo=BEIJING), tick=False):
        case = make_case(state="in_review", item=item, cast=cast)
    deadline_day = case.deadline_at.astimezone(BEIJING).date()
    assert deadline_day == date(2026, 11, 30)
    assert case.level_at(case.accepted_at) == "green"
    assert case.level_at(case.warn_at) == "yellow"
    assert case.level_at(case.deadline_at) == "yellow"
    assert case.level_at(case.deadline_at + timedelta(seconds=1)) == "red"
    assert Case.objects.overdue(case.deadline_at + timedelta(seconds=1)).get() == case
    case = s.case_suspend(case=case, kind="inspection", reason="现场勘验", by=cast.reviewer)
    assert case.level_at(case.deadline_at + timedelta(days=5)) == "none"
