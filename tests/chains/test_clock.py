"""Working hours: limits promised in hours are due in working time; day limits are unchanged."""

from datetime import datetime, time, timedelta

import pytest
import time_machine

from catalog.clock import SHANGHAI
from chains import clock
from chains.models import ChainTerms, WorkingHours
from chains.services import chain_application_submit, chain_sweep_warnings
from tests.chains.helpers import chain_files, make_chain
from tests.factories import make_applicant_user

pytestmark = pytest.mark.django_db


def at(y, m, d, hh, mm):
    return datetime(y, m, d, hh, mm, tzinfo=SHANGHAI)


def test_lunch_break_does_not_count():
    # Wednesday 2026-11-25 11:30 + 2 working hours: 30 minutes before lunch, 90 after 13:30.
    assert clock.add_working_minutes(at(2026, 11, 25, 11, 30), 120) == at(2026, 11, 25, 15, 0)


def test_evening_carries_over_to_the_next_working_day():
    # Friday 16:30 + 2h with the default 17:30 close: 1h on Friday, 1h on Monday from 9:00.
    assert clock.add_working_minutes(at(2026, 11, 27, 16, 30), 120) == at(2026, 11, 30, 10, 0)


def test_hall_hours_are_editable_per_hall():
    WorkingHours.objects.create(afternoon_end=time(18, 0))
    # Closing at 18:00: 16:30 + 2h → 1.5h today, 0.5h tomorrow → 09:30 on the next working day.
    assert clock.add_working_minutes(at(2026, 11, 25, 16, 30), 120) == at(2026, 11, 26, 9, 30)


def test_holidays_and_weekends_are_skipped():
    # 2026-09-30 (Wednesday) 17:00 + 1h: 国庆 holiday 10-01…10-07, so 10-08 09:30.
    due = clock.add_working_minutes(at(2026, 9, 30, 17, 0), 60)
    assert due.date() > datetime(2026, 10, 7).date() and due.time() == time(9, 30)


def test_working_minutes_between_and_countdown_text():
    start, end = at(2026, 11, 25, 11, 30), at(2026, 11, 25, 15, 0)
    assert clock.working_minutes_between(start, end) == 120
    assert clock.countdown_text(now=start, deadline_at=end, in_hours=True) == "剩余2小时0分"
    assert clock.countdown_text(now=at(2026, 11, 25, 15, 45), deadline_at=end, in_hours=True) == "已超期0小时45分"


def test_chain_promised_in_hours_is_due_in_working_time_and_warns_once_per_level():
    chain, _ = make_chain()
    ChainTerms.objects.create(chain=chain, promised_hours=2)
    with time_machine.travel(at(2026, 11, 25, 11, 30), tick=False):
        app = chain_application_submit(chain=chain, by=make_applicant_user(), channel="online", files=chain_files())
    assert app.limit_hours == 2 and app.limit_days is None
    assert app.deadline_at == at(2026, 11, 25, 15, 0)
    assert app.warn_at == at(2026, 11, 25, 14, 30)
    assert chain_sweep_warnings(now=at(2026, 11, 25, 14, 0)) == 0
    assert chain_sweep_warnings(now=at(2026, 11, 25, 14, 31)) == 1
    assert chain_sweep_warnings(now=at(2026, 11, 25, 14, 40)) == 0  # once only
    assert chain_sweep_warnings(now=at(2026, 11, 25, 15, 1)) == 1
    assert chain_sweep_warnings(now=at(2026, 11, 25, 16, 0)) == 0
    assert sorted(app.notices.exclude(level="").values_list("level", flat=True)) == ["red", "yellow"]


def test_chain_in_days_uses_the_day_clock():
    chain, _ = make_chain()
    ChainTerms.objects.create(chain=chain, promised_days=1)
    with time_machine.travel(at(2026, 11, 27, 10, 0), tick=False):
        app = chain_application_submit(chain=chain, by=make_applicant_user(), channel="online", files=chain_files())
    # Accepted Friday: the day of acceptance does not count; 1 working day → close of Monday.
    local = app.deadline_at.astimezone(SHANGHAI)
    assert local.date() == datetime(2026, 11, 30).date() and local.time() >= time(23, 59)
    assert app.warn_at <= app.deadline_at - timedelta(hours=1)
