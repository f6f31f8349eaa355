"""On PostgreSQL the database itself refuses UPDATE and DELETE on the case event log."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION approvals_caseevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '办件事件只能追加，不能修改或删除 (approvals_caseevent is append-only)';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS approvals_caseevent_append_only ON approvals_caseevent;
CREATE TRIGGER approvals_caseevent_append_only
    BEFORE UPDATE OR DELETE ON approvals_caseevent
    FOR EACH ROW EXECUTE FUNCTION approvals_caseevent_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS approvals_caseevent_append_only ON approvals_caseevent;
DROP FUNCTION IF EXISTS approvals_caseevent_append_only();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("approvals", "0002_initial")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
