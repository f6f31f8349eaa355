"""hall.clock: the moment services stamp; a replay sets it in-process, confined and restored."""

import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from approvals import services as s
from hall import clock
from tests.factories import Cast, applicant_data, make_department, make_item

BEIJING = ZoneInfo("Asia/Shanghai")
MONDAY_10 = datetime(2026, 11, 23, 10, 0, tzinfo=BEIJING)


def test_now_is_the_wall_clock_outside_a_replay():
    before = timezone.now()
    assert before <= clock.now() <= timezone.now()
    assert not clock.replaying()


def test_a_replay_sets_now_nests_and_is_restored_even_on_error():
    with clock.replay(MONDAY_10):
        assert clock.now() == MONDAY_10 and clock.replaying()
        assert clock.localdate() == MONDAY_10.date()
        with clock.replay(MONDAY_10 + timedelta(hours=1)):
            assert clock.now() == MONDAY_10 + timedelta(hours=1)
        assert clock.now() == MONDAY_10
    with pytest.raises(RuntimeError), clock.replay(MONDAY_10):
        raise RuntimeError
    assert not clock.replaying()


def test_a_replay_does_not_leak_into_another_thread():
    seen = []
    with clock.replay(MONDAY_10):
        thread = threading.Thread(target=lambda: seen.append(clock.replaying()))
        thread.start()
        thread.join()
    assert seen == [False]


def test_naive_moments_are_refused():
    with pytest.raises(ValueError), clock.replay(datetime(2026, 11, 23, 10, 0)):
        pass


@pytest.mark.django_db
def test_services_stamp_the_replayed_moment_and_its_window(settings):
    settings.HALL_AUTO_ACCEPT_SECONDS = 5
    dept = make_department(code="scjg", name="市场监管局")
    item = make_item(department=dept, materials=1)
    cast = Cast(dept)
    with clock.replay(MONDAY_10):
        case = s.case_create(item=item, channel="window", applicant=applicant_data(), by=cast.desk)
        for material in case.materials.filter(required=True):
            s.case_record_material(case=case, requirement_id=material.requirement_id, paper="original", by=cast.desk)
        case = s.case_dispatch(case=case, by=cast.desk)
    with clock.replay(MONDAY_10 + timedelta(seconds=4)):  # inside the replayed 5-second window
        case = s.case_acknowledge(case=case, by=cast.chief)
    assert case.created_at == MONDAY_10 and "-20261123-" in case.number
    assert case.dispatched_at == MONDAY_10 and case.auto_accept_at == MONDAY_10 + timedelta(seconds=5)
    assert case.accepted_at == MONDAY_10 + timedelta(seconds=4)
    assert [e.at for e in case.events.order_by("seq")][-1] == MONDAY_10 + timedelta(seconds=4)
    assert all(e.at <= MONDAY_10 + timedelta(seconds=4) for e in case.events.all())
