"""The outbox row of every case event is written by the database, in the event's own INSERT.

Before, write_event inserted the EventOutbox row itself: one more statement on every action
request. An AFTER INSERT trigger on approvals_caseevent writes the same row (event, case,
`created_at` = the event's time) inside the same statement, so an event can never be committed
without its outbox row, whoever inserts it.

On PostgreSQL a session may set `hall.events_without_outbox = 'on'` to write events that no
subscriber should receive (benchmarks.generate_cases: generated history, whose figures it
counts itself). SQLite has no session settings; the generator deletes its rows there.

Caution for later migrations on SQLite: Django rebuilds a table to alter it, and the rebuild
drops its triggers. tests/approvals/test_outbox_trigger.py fails if that happens.
"""

from django.db import migrations

POSTGRES_CREATE = """
CREATE OR REPLACE FUNCTION approvals_caseevent_to_outbox() RETURNS trigger AS $$
BEGIN
    INSERT INTO approvals_eventoutbox (event_id, case_id, created_at, attempts, next_attempt_at, last_error)
    VALUES (NEW.id, NEW.case_id, NEW.at, 0, NULL, '');
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS approvals_caseevent_to_outbox ON approvals_caseevent;
CREATE TRIGGER approvals_caseevent_to_outbox
    AFTER INSERT ON approvals_caseevent
    FOR EACH ROW
    WHEN (current_setting('hall.events_without_outbox', true) IS DISTINCT FROM 'on')
    EXECUTE FUNCTION approvals_caseevent_to_outbox();
"""
POSTGRES_DROP = """
DROP TRIGGER IF EXISTS approvals_caseevent_to_outbox ON approvals_caseevent;
DROP FUNCTION IF EXISTS approvals_caseevent_to_outbox();
"""
SQLITE_CREATE = """
CREATE TRIGGER IF NOT EXISTS approvals_caseevent_to_outbox
AFTER INSERT ON approvals_caseevent
BEGIN
    INSERT INTO approvals_eventoutbox (event_id, case_id, created_at, attempts, next_attempt_at, last_error)
    VALUES (NEW.id, NEW.case_id, NEW.at, 0, NULL, '');
END;
"""
SQLITE_DROP = "DROP TRIGGER IF EXISTS approvals_caseevent_to_outbox;"


# Per database: (create, drop). Other databases get no trigger (and no outbox rows).
SQL = {"postgresql": (POSTGRES_CREATE, POSTGRES_DROP), "sqlite": (SQLITE_CREATE, SQLITE_DROP)}


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor in SQL:
        schema_editor.execute(SQL[schema_editor.connection.vendor][0])


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor in SQL:
        schema_editor.execute(SQL[schema_editor.connection.vendor][1])


class Migration(migrations.Migration):
    dependencies = [("approvals", "0020_case_plan_indexes")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
