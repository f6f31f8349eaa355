"""PostgreSQL: the log tables refuse UPDATE, DELETE and TRUNCATE (trigger), and the application
role (manage.py create_app_role) cannot TRUNCATE them, ALTER them or disable their triggers."""

import os
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from audit.models import AuditAnchor, AuditEntry
from audit.services import record
from tests.factories import make_case, make_item

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL roles and triggers"),
]

# Roles are cluster-wide: a name of this run's own, created inside the test's transaction
# (rolled back with it, so nothing is left behind).
ROLE = f"hall_app_test_{os.getpid()}"


def refused(sql, *, role=None):
    with pytest.raises(DatabaseError) as exc, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending FK checks in the way of TRUNCATE/ALTER
        if role:
            cursor.execute(f"SET LOCAL ROLE {role}")
        else:
            cursor.execute("SET LOCAL hall.allow_truncate = off")  # the test suite's flush flag, off
        cursor.execute(sql)
    return str(exc.value)


@pytest.fixture
def logs():
    case = make_case(state="in_review", item=make_item())
    record(kind="export", username="someone")
    return case


def test_the_owner_is_refused_update_delete_and_truncate_by_the_triggers(logs):
    for table in ("audit_auditentry", "approvals_caseevent"):
        assert "append-only" in refused(f"UPDATE {table} SET hash = 'x'")
        assert "append-only" in refused(f"DELETE FROM {table}")
        assert "append-only" in refused(f"TRUNCATE {table} CASCADE")
    AuditAnchor.objects.create(last_seq=0, last_hash="0" * 64, first_seq=0, rows=0, archive="x", archive_sha256="")
    assert "append-only" in refused("DELETE FROM audit_auditanchor")
    assert "append-only" in refused("UPDATE audit_auditanchor SET last_seq = 1")


def test_the_application_role_cannot_truncate_alter_or_disable_triggers(logs):
    out = StringIO()
    call_command("create_app_role", role=ROLE, stdout=out)
    assert ROLE in out.getvalue()
    for table in ("audit_auditentry", "approvals_caseevent"):
        assert "permission denied" in refused(f"TRUNCATE {table}", role=ROLE)
        assert "must be owner" in refused(f"ALTER TABLE {table} DISABLE TRIGGER USER", role=ROLE)
        assert "must be owner" in refused(f"ALTER TABLE {table} DISABLE TRIGGER ALL", role=ROLE)
        assert "must be owner" in refused(f"ALTER TABLE {table} ADD COLUMN x int", role=ROLE)
        assert "permission denied" in refused(f"UPDATE {table} SET hash = 'x'", role=ROLE)
        assert "permission denied" in refused(f"DELETE FROM {table}", role=ROLE)
    assert "must be owner" in refused("DROP TRIGGER audit_auditentry_append_only ON audit_auditentry", role=ROLE)
    assert "permission denied" in refused(
        "INSERT INTO django_migrations (app, name, applied) VALUES ('x', 'y', now())", role=ROLE
    )


def test_the_application_role_still_does_its_work(logs):
    call_command("create_app_role", role=ROLE, stdout=StringIO())
    before = AuditEntry.objects.count()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {ROLE}")
        record(kind="export", username="app")  # appends, moving the chain head
        logs.applicant_name = "改名"
        logs.save()  # ordinary tables: read and write
        cursor.execute("RESET ROLE")
    assert AuditEntry.objects.count() == before + 1


def test_create_app_role_refuses_the_owner_itself():
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("create_app_role", role=connection.settings_dict["USER"], stdout=StringIO())


def test_the_application_role_purges_only_through_the_owners_function(tmp_path):
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    from audit import retention

    with time_machine.travel(timezone.now() - timedelta(days=200), tick=False):
        old = record(kind="login", username="old")
    call_command("create_app_role", role=ROLE, stdout=StringIO())
    assert "permission denied" in refused("DELETE FROM audit_auditentry", role=ROLE)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {ROLE}")
        anchor = retention.archive_and_purge(archive_dir=tmp_path)
        cursor.execute("RESET ROLE")
    assert anchor.last_seq >= old.seq and not AuditEntry.objects.filter(seq=old.seq).exists()
