"""The database writes each case event's outbox row in the event's own INSERT (migration 0021)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from approvals.models import CaseEvent, EventOutbox
from approvals.services import case_dispatch
from tests.factories import Cast, make_case, make_item, receive_all_materials

pytestmark = pytest.mark.django_db


def test_an_action_writes_its_event_and_the_database_adds_the_outbox_row():
    item = make_item()
    cast = Cast(item.department)
    case = make_case(state="received", item=item, cast=cast)
    receive_all_materials(case, by=cast.desk)
    EventOutbox.objects.all().delete()
    with CaptureQueriesContext(connection) as captured:
        case_dispatch(case=case, by=cast.desk)
    event = CaseEvent.objects.get(case=case, action="dispatch")
    row = EventOutbox.objects.get(case=case)
    assert (row.event_id, row.created_at, row.attempts, row.next_attempt_at, row.last_error) == (
        event.pk,
        event.at,
        0,
        None,
        "",
    )
    # The outbox row costs no statement of the application's own.
    assert not [q for q in captured.captured_queries if "approvals_eventoutbox" in q["sql"]]


def test_an_event_inserted_by_any_path_gets_its_outbox_row():
    """Also a bulk insert (deemed acceptance in batches) or a hand-written one: never lost."""
    case = make_case(state="received")
    last = CaseEvent.objects.filter(case=case).order_by("-seq").first()
    EventOutbox.objects.all().delete()
    (event,) = CaseEvent.objects.bulk_create(
        [CaseEvent(case=case, seq=last.seq + 1, action="note", from_state="received", to_state="received", at=last.at)]
    )
    assert list(EventOutbox.objects.values_list("event_id", "case_id")) == [(event.pk, case.pk)]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL session setting")
def test_generated_history_can_be_written_without_outbox_rows():
    case = make_case(state="received")
    last = CaseEvent.objects.filter(case=case).order_by("-seq").first()
    EventOutbox.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute("SET hall.events_without_outbox = 'on'")
    try:
        CaseEvent.objects.create(
            case=case, seq=last.seq + 1, action="note", from_state="received", to_state="received", at=last.at
        )
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET hall.events_without_outbox")
    assert not EventOutbox.objects.exists()
    CaseEvent.objects.create(
        case=case, seq=last.seq + 2, action="note", from_state="received", to_state="received", at=last.at
    )
    assert EventOutbox.objects.count() == 1
