"""Encrypt personal data already stored in clear; chain the existing case events; refuse TRUNCATE.

Events are chained case by case in sequence order (audit.chain); on PostgreSQL the append-only
trigger is switched off for the backfill only, by the owner running the migration.
"""

from django.db import migrations

from audit import chain
from audit.constants import GENESIS
from hall.fields import rewrite_encrypted_rows

NO_TRUNCATE = """
CREATE OR REPLACE FUNCTION approvals_caseevent_no_truncate() RETURNS trigger AS $$
BEGIN
    IF current_setting('hall.allow_truncate', true) = 'on' THEN
        RETURN NULL;  -- only the test suite's flush sets this
    END IF;
    RAISE EXCEPTION '办件事件只能追加，不能清空 (approvals_caseevent is append-only)';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS approvals_caseevent_no_truncate ON approvals_caseevent;
CREATE TRIGGER approvals_caseevent_no_truncate
    BEFORE TRUNCATE ON approvals_caseevent
    FOR EACH STATEMENT EXECUTE FUNCTION approvals_caseevent_no_truncate();
"""
DROP_NO_TRUNCATE = """
DROP TRIGGER IF EXISTS approvals_caseevent_no_truncate ON approvals_caseevent;
DROP FUNCTION IF EXISTS approvals_caseevent_no_truncate();
"""


def encrypt_rows(apps, schema_editor):
    rewrite_encrypted_rows(apps.get_model("approvals", "Case"))
    rewrite_encrypted_rows(apps.get_model("approvals", "DeliveryPreference"))


def chain_events(apps, schema_editor):
    CaseEvent = apps.get_model("approvals", "CaseEvent")
    connection = schema_editor.connection
    postgres = connection.vendor == "postgresql"
    fields = ["id", "case_id", "seq", "action", "from_state", "to_state", "actor_id", "actor_role", "at", "note"]
    rows = CaseEvent.objects.order_by("case_id", "seq").values(*fields, "payload", "public").iterator(chunk_size=2000)
    updates, current_case, prev = [], None, GENESIS
    for row in rows:
        if row["case_id"] != current_case:
            current_case, prev = row["case_id"], GENESIS
        content = chain.case_event_content(
            case_id=row["case_id"],
            seq=row["seq"],
            action=row["action"],
            from_state=row["from_state"],
            to_state=row["to_state"],
            actor_id=row["actor_id"],
            actor_role=row["actor_role"],
            at=row["at"],
            note=row["note"],
            payload=row["payload"],
            public=row["public"],
        )
        digest = chain.link(prev, content)
        updates.append((prev, digest, row["id"]))
        prev = digest
    if not updates:
        return
    with connection.cursor() as cursor:
        if postgres:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE approvals_caseevent DISABLE TRIGGER approvals_caseevent_append_only")
        for start in range(0, len(updates), 1000):
            cursor.executemany(
                "UPDATE approvals_caseevent SET prev_hash = %s, hash = %s WHERE id = %s", updates[start : start + 1000]
            )
        if postgres:
            cursor.execute("ALTER TABLE approvals_caseevent ENABLE TRIGGER approvals_caseevent_append_only")


def add_no_truncate(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(NO_TRUNCATE)


def drop_no_truncate(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_NO_TRUNCATE)


class Migration(migrations.Migration):
    dependencies = [("approvals", "0007_encrypt_personal_data_and_chain_events")]

    operations = [
        migrations.RunPython(encrypt_rows, migrations.RunPython.noop),
        migrations.RunPython(chain_events, migrations.RunPython.noop),
        migrations.RunPython(add_no_truncate, drop_no_truncate),
    ]
