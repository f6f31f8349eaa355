"""Case.save_changes writes the columns a service changed, and nothing it did not touch."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from approvals import services as s
from approvals.models import Case
from hall import crypto
from tests.factories import make_case

pytestmark = pytest.mark.django_db


def _update_sql(captured):
    (sql,) = [q["sql"] for q in captured.captured_queries if q["sql"].startswith('UPDATE "approvals_case"')]
    return sql


def test_an_action_updates_only_the_columns_it_changed(item, cast):
    case = make_case(state="dispatched", item=item, cast=cast)
    fresh = Case.objects.get(pk=case.pk)
    with CaptureQueriesContext(connection) as captured:
        s.case_acknowledge(case=fresh, by=cast.chief)
    sql = _update_sql(captured)
    assert '"state"' in sql and '"accepted_at"' in sql and '"deadline_at"' in sql and '"last_event_seq"' in sql
    # The applicant's data is neither re-encrypted nor rewritten.
    assert '"applicant_name"' not in sql and '"applicant_id_number"' not in sql and '"number"' not in sql
    assert Case.objects.get(pk=case.pk).state == "in_review"


def test_a_column_another_writer_changed_is_not_overwritten_with_what_was_read(item, cast):
    case = make_case(state="dispatched", item=item, cast=cast)
    fresh = Case.objects.get(pk=case.pk)
    Case.objects.filter(pk=case.pk).update(applicant_name="王五")  # e.g. a correction elsewhere
    fresh.last_event_seq += 1
    fresh.save_changes()
    assert Case.objects.get(pk=case.pk).applicant_name == "王五"


def test_json_changed_in_place_and_a_new_phone_with_its_blind_index_are_saved(item, cast):
    case = make_case(state="received", item=item, cast=cast)
    fresh = Case.objects.get(pk=case.pk)
    fresh.delivery_details["note"] = "放在前台"
    fresh.applicant_phone = "13900001111"
    with CaptureQueriesContext(connection) as captured:
        fresh.save_changes()
    assert '"applicant_phone_index"' in _update_sql(captured)
    saved = Case.objects.get(pk=case.pk)
    assert saved.delivery_details["note"] == "放在前台"
    assert saved.applicant_phone == "13900001111"
    assert Case.objects.filter(applicant_phone_index=crypto.blind_index("13900001111"), pk=case.pk).exists()


def test_a_second_save_compares_with_what_the_first_wrote(item, cast):
    case = make_case(state="received", item=item, cast=cast)
    fresh = Case.objects.get(pk=case.pk)
    fresh.applicant_name = "赵六"
    fresh.save_changes()
    Case.objects.filter(pk=case.pk).update(applicant_name="钱七")
    fresh.applicant_name = "赵六"  # unchanged since the first save: not written again
    with CaptureQueriesContext(connection) as captured:
        fresh.save_changes()
    assert '"applicant_name"' not in _update_sql(captured)


def test_an_unread_or_refreshed_case_is_saved_whole(item, cast):
    case = make_case(state="received", item=item, cast=cast)
    fresh = Case.objects.get(pk=case.pk)
    fresh.refresh_from_db()
    assert fresh.changed_fields() is None
    assert Case.objects.only("id", "state").get(pk=case.pk).changed_fields() is None
