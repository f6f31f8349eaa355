"""The event-log replay (`rebuild_figures`): the live figures again, read a batch of cases at a time."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from approvals.services.publishing import deliver_all_pending
from catalog import clock
from stats.constants import COUNTER_FIELDS
from stats.management.commands.rebuild_figures import recount
from stats.models import DailyFigure, HourlyReceipt, StaffFigure
from tests.factories import Cast, make_case, make_department, make_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    return Cast(make_department(code="scjg", name="市场监管局"))


@pytest.fixture
def item(cast):
    return make_item(department=cast.department, promised_limit_days=5, legal_limit_days=20)


def _counters(rows):
    return {key: {name: value for name, value in counts.items() if value} for key, counts in rows.items()}


def test_recount_equals_the_live_figures_whatever_the_batch_size(cast, item):
    other = make_item(department=cast.department)
    for state, case_item, channel in [
        ("delivered", item, "window"),
        ("delivered", item, "online"),
        ("not_accepted", other, "window"),
        ("denied", other, "window"),
        ("in_review", item, "window"),
    ]:
        make_case(state=state, item=case_item, cast=cast, channel=channel)
    deliver_all_pending()
    live = (
        {
            (f.day, f.department_id, f.item_id, f.channel, f.window): {n: getattr(f, n) for n in COUNTER_FIELDS}
            for f in DailyFigure.objects.all()
        },
        {(r.day, r.hour, r.department_id): r.count for r in HourlyReceipt.objects.all()},
        {
            (f.day, f.user_id, f.department_id): {n: getattr(f, n) for n in COUNTER_FIELDS}
            for f in StaffFigure.objects.all()
        },
    )
    assert any(key[4] for key in live[0])  # a window number in the key, read without a query per case
    for batch_size in (2, 1000):
        figures, hourly, staff = recount(batch_size=batch_size)
        assert _counters(figures) == _counters(live[0])
        assert dict(hourly) == live[1]
        assert _counters(staff) == _counters(live[2])


def _queries(**kwargs):
    with CaptureQueriesContext(connection) as queries:
        recount(**kwargs)
    return len(queries)


def test_queries_grow_with_batches_not_cases(cast, item, monkeypatch):
    monkeypatch.setattr(clock, "VERSION_CHECK_SECONDS", 10**9)  # no calendar re-check mid-count
    for state in ("delivered", "received", "denied"):
        make_case(state=state, item=item, cast=cast)
    recount()  # the working-day calendar, loaded once per process, is not the replay's
    few = _queries()
    few_in_batches = _queries(batch_size=3)
    for state in ("delivered", "received", "denied") * 2:
        make_case(state=state, item=item, cast=cast)
    assert _queries() == few  # 3 and 9 cases: one batch each
    # 3 → 9 cases in batches of 3: two more batches, each one query for its cases and one for their events.
    assert _queries(batch_size=3) == few_in_batches + 2 * 2
