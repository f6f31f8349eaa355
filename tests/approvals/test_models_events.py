"""The event log is append-only: in code everywhere, and in the database on PostgreSQL."""

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from approvals.models import AppendOnlyError, CaseEvent
from tests.factories import make_case

pytestmark = pytest.mark.django_db


def test_events_refuse_update_and_delete_in_code(item, cast):
    case = make_case(state="received", item=item, cast=cast)
    event = CaseEvent.objects.get(case=case)
    event.note = "改写历史"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        CaseEvent.objects.filter(case=case).update(note="改写历史")
    with pytest.raises(AppendOnlyError):
        CaseEvent.objects.filter(case=case).delete()
    with pytest.raises(AppendOnlyError), transaction.atomic():
        CaseEvent.objects.bulk_update([event], ["note"])
    assert CaseEvent.objects.get(case=case).note == ""


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
def test_postgres_trigger_refuses_raw_update_and_delete(item, cast):
    case = make_case(state="received", item=item, cast=cast)
    for sql in ("UPDATE approvals_caseevent SET note = 'x'", "DELETE FROM approvals_caseevent"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert CaseEvent.objects.filter(case=case).count() == 1
