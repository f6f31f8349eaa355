"""PIPL / 等保: a dump of the demo database shows no ID number or phone in clear."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from approvals.models import Case, DeliveryPreference
from hall.models import ApplicantProfile

pytestmark = pytest.mark.django_db


def database_dump():
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return "\n".join(connection.connection.iterdump())
    lines = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            lines += [repr(row) for row in cursor.fetchall()]
    return "\n".join(lines)


def test_no_id_number_or_phone_is_readable_in_a_dump_of_the_demo():
    call_command("seed_demo", stdout=StringIO())
    secrets = set()
    for case in Case.objects.all():
        secrets |= {case.applicant_id_number, case.applicant_phone, case.agent_id_number}
        secrets.add((case.delivery_details or {}).get("collector_id_number"))
    for profile in ApplicantProfile.objects.all():
        secrets |= {profile.id_number, profile.phone}
    secrets |= set(DeliveryPreference.objects.values_list("phone", flat=True))
    secrets = {s for s in secrets if s}
    id_numbers = {s for s in secrets if len(s) == 18}
    assert len(id_numbers) >= 2 and Case.objects.count() > 10  # the demo has people and companies

    dump = database_dump()
    assert "enc1:" in dump
    readable = sorted(s for s in secrets if s in dump)
    assert readable == [], f"in clear in the dump: {readable[:5]}"
