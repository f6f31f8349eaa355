"""Case events reach every subscriber once, after commit, in order per case (the outbox)."""

import pytest
from django.db import transaction

from approvals import events
from approvals.constants import Action
from approvals.models import CaseEvent, EventOutbox, SubscriberCursor
from approvals.services import case_dispatch
from approvals.services.publishing import case_events_deliver, case_events_sweep, deliver_all_pending
from supervision.models import DailyVolume
from tests.factories import Cast, make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def probe():
    """A subscriber that records what it received (in memory) and can be told to fail."""
    seen, state = [], {"fail": False}

    @events.subscribe("test.probe")
    def handler(message):
        if state["fail"]:
            raise RuntimeError("probe down")
        seen.append((message.case_number, message.seq, message.action))

    yield seen, state
    events.unsubscribe("test.probe")


def test_every_event_waits_in_the_outbox_with_its_case(probe):
    case = make_case(state="received")
    event_ids = set(CaseEvent.objects.filter(case=case).values_list("pk", flat=True))
    assert event_ids and set(EventOutbox.objects.filter(case=case).values_list("event_id", flat=True)) == event_ids


def test_delivery_reaches_each_subscriber_once_in_seq_order(probe):
    seen, _ = probe
    case = make_case(state="in_review")
    expected = list(CaseEvent.objects.filter(case=case).order_by("seq").values_list("seq", "action"))
    first = case_events_deliver(case_id=case.pk)
    assert first.complete and first.events == len(expected)
    assert [(seq, action) for _, seq, action in seen] == expected
    assert not EventOutbox.objects.filter(case=case).exists()
    # A duplicate task (or a retry) finds nothing to do and repeats nothing.
    assert case_events_deliver(case_id=case.pk).events == 0
    assert len(seen) == len(expected)
    cursor = SubscriberCursor.objects.get(subscriber="test.probe", case=case)
    assert cursor.last_seq == expected[-1][0]


def test_a_replayed_outbox_row_is_not_handled_twice(probe):
    """Even if the outbox row survived (crash after the subscribers committed), the cursor stops a repeat."""
    seen, _ = probe
    case = make_case(state="received")
    rows = list(EventOutbox.objects.filter(case=case).values("event_id", "case_id", "created_at"))
    case_events_deliver(case_id=case.pk)
    EventOutbox.objects.bulk_create(EventOutbox(**row) for row in rows)  # as if the delete was lost
    count = len(seen)
    case_events_deliver(case_id=case.pk)
    assert len(seen) == count
    assert not EventOutbox.objects.filter(case=case).exists()


def test_a_failing_subscriber_is_retried_later_and_holds_back_only_itself(probe):
    seen, state = probe
    case = make_case(state="received")
    state["fail"] = True
    result = case_events_deliver(case_id=case.pk)
    assert result.failed == ["test.probe"]
    row = EventOutbox.objects.filter(case=case).first()
    assert row.attempts == 1 and row.next_attempt_at is not None and "probe down" in row.last_error
    # The other subscriber (supervision's volumes) advanced and counted once.
    assert DailyVolume.objects.filter(kind="received", department=case.department).get().count >= 1
    counted = DailyVolume.objects.get(kind="received", department=case.department).count
    # Not due yet: the sweep leaves it alone.
    assert case_events_sweep(now=row.created_at) == 0
    state["fail"] = False
    assert case_events_sweep(now=row.next_attempt_at) == 1
    assert [a for n, _, a in seen if n == case.number] == list(
        CaseEvent.objects.filter(case=case).order_by("seq").values_list("action", flat=True)
    )
    assert DailyVolume.objects.get(kind="received", department=case.department).count == counted


def test_nothing_is_published_when_the_transaction_rolls_back(probe):
    seen, _ = probe
    case = make_case(state="received")
    deliver_all_pending()
    before = len(seen)
    with pytest.raises(RuntimeError), transaction.atomic():
        cast = Cast(case.department)
        from tests.factories import receive_all_materials

        receive_all_materials(case, by=cast.desk)
        case_dispatch(case=case, by=cast.desk)
        raise RuntimeError("rolled back")
    assert not EventOutbox.objects.filter(case=case).exists()
    deliver_all_pending()
    assert len(seen) == before


def test_subscribers_filtered_by_action_still_advance_their_cursor():
    calls = []

    @events.subscribe("test.only-dispatch", actions={Action.DISPATCH})
    def handler(message):
        calls.append(message.action)

    try:
        case = make_case(state="dispatched")
        deliver_all_pending()
        assert calls == ["dispatch"]
        last = CaseEvent.objects.filter(case=case).order_by("-seq").values_list("seq", flat=True).first()
        assert SubscriberCursor.objects.get(subscriber="test.only-dispatch", case=case).last_seq == last
    finally:
        events.unsubscribe("test.only-dispatch")


def test_a_name_cannot_be_taken_by_another_handler():
    @events.subscribe("test.unique")
    def first(message):
        pass

    try:
        with pytest.raises(ValueError):

            @events.subscribe("test.unique")
            def second(message):
                pass
    finally:
        events.unsubscribe("test.unique")
