"""On PostgreSQL the database refuses UPDATE, DELETE and TRUNCATE on the audit log tables.

The one exception is the retention purge: `audit_purge_through(seq)` (SECURITY DEFINER, owned
by the migrating owner) deletes archived rows older than 180 days; the application role gets
EXECUTE on it (manage.py create_app_role) but no DELETE on the table.
"""

from django.db import migrations

TABLES = ("audit_auditentry", "audit_auditanchor")

CREATE = """
CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        IF current_setting('hall.allow_truncate', true) = 'on' THEN
            RETURN NULL;  -- only the test suite's flush sets this
        END IF;
    ELSIF TG_OP = 'DELETE' AND TG_TABLE_NAME = 'audit_auditentry' THEN
        IF current_setting('hall.audit_purge', true) = 'on' AND OLD.at < now() - interval '180 days' THEN
            RETURN OLD;  -- the archived, expired rows audit_purge_through() removes
        END IF;
    END IF;
    RAISE EXCEPTION '审计日志只能追加，不能修改、删除或清空 (% is append-only, % refused)', TG_TABLE_NAME, TG_OP;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION audit_purge_through(through_seq bigint) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
    purged bigint;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM audit_auditanchor WHERE last_seq >= through_seq) THEN
        RAISE EXCEPTION '未归档的审计日志不能清理 (no archive anchor covers seq %)', through_seq;
    END IF;
    PERFORM set_config('hall.audit_purge', 'on', true);
    DELETE FROM audit_auditentry WHERE seq <= through_seq AND at < now() - interval '180 days';
    GET DIAGNOSTICS purged = ROW_COUNT;
    PERFORM set_config('hall.audit_purge', 'off', true);
    RETURN purged;
END;
$$;
REVOKE ALL ON FUNCTION audit_purge_through(bigint) FROM PUBLIC;
"""

TRIGGERS = """
DROP TRIGGER IF EXISTS {table}_append_only ON {table};
CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};
CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
"""

DROP = """
DROP FUNCTION IF EXISTS audit_purge_through(bigint);
""" + "".join(
    f"DROP TRIGGER IF EXISTS {t}_append_only ON {t}; DROP TRIGGER IF EXISTS {t}_no_truncate ON {t};" for t in TABLES
) + "DROP FUNCTION IF EXISTS audit_append_only();"


def create(apps, schema_editor):
    apps.get_model("audit", "AuditChainHead").objects.get_or_create(pk=1)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)
        for table in TABLES:
            schema_editor.execute(TRIGGERS.format(table=table), params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_security_audit_log")]

    operations = [migrations.RunPython(create, drop)]
