"""verify_audit finds an edited, a deleted and an inserted row in both chained logs.

The rows are tampered with by raw SQL, as someone with database access would; on PostgreSQL
that needs the owner to switch the append-only triggers off first (as done here). Run on
PostgreSQL with DATABASE_URL=postgres://postgres@127.0.0.1:5432/hall_auditdata.
"""

from contextlib import contextmanager
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from approvals.services.publishing import deliver_all_pending
from audit.models import AuditEntry, VerificationRun
from audit.verify import verify_all
from hall.security_signals import security_event
from tests.factories import make_case, make_item

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@contextmanager
def tampering(table):
    """Raw SQL on a log table; on PostgreSQL the owner switches its triggers off meanwhile."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending FK checks block ALTER TABLE
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        yield cursor
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")


@pytest.fixture
def logs():
    """A case with a few events and a few security audit rows."""
    case = make_case(state="in_review", item=make_item())
    for kind in ("otp-enrolled", "export", "otp-reset", "session-ended"):
        security_event.send(sender=None, kind=kind, user=None, request=None, outcome="success")
    assert case.last_event_seq >= 4
    deliver_all_pending()  # delivered long ago: no outbox row points at the events tampered with
    return case


def _drop_rows_pointing_at(cursor, case_id, seq):
    """A tamperer removing an event also removes what refers to it (messages sent about it)."""
    cursor.execute(
        "DELETE FROM messaging_message WHERE event_id IN"
        " (SELECT id FROM approvals_caseevent WHERE case_id = %s AND seq = %s)",
        [case_id, seq],
    )


def problems():
    run = verify_all()
    return run.problems


def test_untouched_logs_verify_and_the_run_is_stored(logs):
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert "审计日志完整" in out.getvalue()
    run = VerificationRun.objects.first()
    assert run.ok and run.audit_rows >= 4 and run.event_rows >= logs.last_event_seq and run.problems == []


def test_an_edited_audit_row_is_found(logs):
    with tampering("audit_auditentry") as cursor:
        cursor.execute("UPDATE audit_auditentry SET outcome = 'failure' WHERE seq = 2")
    found = problems()
    assert len(found) == 1 and "第 2 条" in found[0] and "被修改" in found[0]
    with pytest.raises(CommandError):
        call_command("verify_audit", stdout=StringIO())
    assert not VerificationRun.objects.first().ok


def test_a_deleted_audit_row_is_found(logs):
    with tampering("audit_auditentry") as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE seq = 2")
    assert any("缺少第 2–2 条" in p for p in problems())


def test_a_deleted_last_audit_row_is_found(logs):
    last = AuditEntry.objects.order_by("-seq").first().seq
    with tampering("audit_auditentry") as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE seq = %s", [last])
    assert any(f"缺少第 {last}–{last} 条" in p for p in problems())


def test_an_inserted_audit_row_is_found(logs):
    last = AuditEntry.objects.order_by("-seq").first()
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with tampering("audit_auditentry") as cursor:
        cursor.execute(
            "INSERT INTO audit_auditentry (seq, at, username, user_agent, kind, target_type, target, outcome,"
            " details, prev_hash, hash)"
            " VALUES (%s, %s, 'ghost', '', 'login', 'user', 'ghost', 'success', '{}', %s, %s)",
            [last.seq + 1, now, last.hash, "f" * 64],
        )
    found = problems()
    assert any(f"第 {last.seq + 1} 条" in p and "被修改" in p for p in found)
    assert any("链头之后" in p for p in found)


def test_an_edited_case_event_is_found(logs):
    with tampering("approvals_caseevent") as cursor:
        cursor.execute("UPDATE approvals_caseevent SET note = '篡改' WHERE case_id = %s AND seq = 2", [logs.pk])
    found = problems()
    assert len(found) == 1 and logs.number in found[0] and "第 2 条" in found[0] and "被修改" in found[0]


def test_a_deleted_case_event_is_found(logs):
    with tampering("approvals_caseevent") as cursor:
        _drop_rows_pointing_at(cursor, logs.pk, 2)
        cursor.execute("DELETE FROM approvals_caseevent WHERE case_id = %s AND seq = 2", [logs.pk])
    assert any(logs.number in p and "缺少第 2–2 条" in p for p in problems())


def test_a_deleted_last_case_event_is_found(logs):
    last = logs.last_event_seq
    with tampering("approvals_caseevent") as cursor:
        _drop_rows_pointing_at(cursor, logs.pk, last)
        cursor.execute("DELETE FROM approvals_caseevent WHERE case_id = %s AND seq = %s", [logs.pk, last])
    assert any(logs.number in p and "末尾被删除" in p for p in problems())


def test_an_inserted_case_event_is_found(logs):
    event = logs.events.order_by("-seq").first()
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with tampering("approvals_caseevent") as cursor:
        cursor.execute(
            "INSERT INTO approvals_caseevent (case_id, seq, action, from_state, to_state, actor_role, at, note,"
            " payload, public, prev_hash, hash) VALUES (%s, %s, 'decide', 'in_review', 'granted', 'chief', %s, '',"
            " '{}', %s, %s, %s)",
            [logs.pk, event.seq + 1, now, True, event.hash, "e" * 64],
        )
    found = problems()
    assert any(logs.number in p and "被修改" in p for p in found)
    assert any(logs.number in p and "超出办件的事件计数" in p for p in found)


def test_the_admin_shows_the_last_verification(admin_client, logs):
    from django.urls import reverse

    page = admin_client.get(reverse("admin:audit_auditentry_changelist")).content.decode()
    assert "尚未校验审计日志" in page
    call_command("verify_audit", stdout=StringIO())
    for name in ("admin:audit_auditentry_changelist", "admin:audit_verificationrun_changelist"):
        page = admin_client.get(reverse(name)).content.decode()
        assert "最近一次审计日志校验" in page and "完整" in page
    with tampering("audit_auditentry") as cursor:
        cursor.execute("UPDATE audit_auditentry SET target = 'x' WHERE seq = 1")
    with pytest.raises(CommandError):
        call_command("verify_audit", stdout=StringIO())
    page = admin_client.get(reverse("admin:audit_auditentry_changelist")).content.decode()
    assert "发现 1 个问题" in page and "第 1 条" in page


def test_the_beat_task_stores_a_run(logs):
    from audit.tasks import verify_chains

    assert verify_chains() is True and VerificationRun.objects.get().ok


def test_the_audit_pages_are_for_admins_only(client):
    from django.urls import reverse

    from hall.constants import Role
    from tests.factories import make_staff

    urls = [reverse("admin:audit_auditentry_changelist"), reverse("admin:audit_verificationrun_changelist")]
    for url in urls:
        assert client.get(url).status_code == 302  # anonymous: to the admin login
    client.force_login(make_staff(role=Role.FRONT_DESK))
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
