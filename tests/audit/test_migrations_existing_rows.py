"""The data migrations encrypt ID numbers and phones already stored in clear, fill the blind
indexes, and chain the case events already written, so verify_audit passes right after."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from approvals import services as s
from approvals.models import Case, DeliveryPreference
from audit.verify import verify_all
from hall import crypto
from hall.models import ApplicantProfile
from tests.factories import Cast, make_applicant_user, make_case, make_item

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]

BEFORE = [("approvals", "0005_alter_caseevent_action"), ("hall", "0001_initial")]


def raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else None


def test_rows_from_before_encryption_are_encrypted_and_chained_by_migrate():
    item = make_item()
    cast = Cast(item.department)
    owner = make_applicant_user()
    case = make_case(state="in_review", item=item, cast=cast, applicant=owner, channel="online")
    s.case_choose_delivery(case=case, by=owner, method="post", recipient="张三", phone="13912345678", address="示范县")
    profile = ApplicantProfile.objects.get(user=owner)
    id_number, phone = case.applicant_id_number, case.applicant_phone
    # Put the clear values back, as they were before this change, then step back before it.
    raw(
        "UPDATE approvals_case SET applicant_id_number = %s, applicant_phone = %s WHERE id = %s",
        [id_number, phone, case.pk],
    )
    raw("UPDATE hall_applicantprofile SET id_number = %s, phone = %s WHERE id = %s", [id_number, phone, profile.pk])
    raw("UPDATE approvals_deliverypreference SET phone = %s WHERE case_id = %s", ["13912345678", case.pk])
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(BEFORE)
        assert raw("SELECT applicant_id_number FROM approvals_case WHERE id = %s", [case.pk])[0][0] == id_number
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    stored = raw("SELECT applicant_id_number, applicant_phone, applicant_id_number_index FROM approvals_case")[0]
    assert (
        stored[0].startswith("enc1:") and stored[1].startswith("enc1:") and stored[2] == crypto.blind_index(id_number)
    )
    assert raw("SELECT id_number FROM hall_applicantprofile WHERE id = %s", [profile.pk])[0][0].startswith("enc1:")
    assert raw("SELECT phone FROM approvals_deliverypreference")[0][0].startswith("enc1:")
    assert Case.objects.get(pk=case.pk).applicant_id_number == id_number
    assert DeliveryPreference.objects.get(case=case).phone == "13912345678"
    hashes = raw("SELECT hash FROM approvals_caseevent WHERE case_id = %s ORDER BY seq", [case.pk])
    assert hashes and all(len(h) == 64 for (h,) in hashes)
    run = verify_all()
    assert run.ok and run.event_rows == len(hashes), run.problems
