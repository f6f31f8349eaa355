"""PostgreSQL roles: the owner migrates; the application role reads and writes, but cannot
TRUNCATE, UPDATE or DELETE the log tables, nor ALTER them or DISABLE their triggers (only an
owner can). Run by `manage.py create_app_role` as the owner, after every migrate."""

from psycopg2 import sql

# Append-only tables: the app may SELECT and INSERT only (the audit purge goes through the
# owner's SECURITY DEFINER function audit_purge_through).
LOG_TABLES = ("audit_auditentry", "audit_auditanchor", "audit_verificationrun", "approvals_caseevent")
# Migrations are the owner's business.
READ_ONLY_TABLES = ("django_migrations",)


def grant_statements(*, role, password=None, database, schema="public"):
    r, s = sql.Identifier(role), sql.Identifier(schema)
    out = []
    if password:
        out.append(
            sql.SQL(
                "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = {name}) THEN "
                "CREATE ROLE {role} LOGIN PASSWORD {password} NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT; "
                "ELSE ALTER ROLE {role} LOGIN PASSWORD {password}; END IF; END $$"
            ).format(name=sql.Literal(role), role=r, password=sql.Literal(password))
        )
    else:
        out.append(
            sql.SQL(
                "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = {name}) THEN "
                "CREATE ROLE {role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT; END IF; END $$"
            ).format(name=sql.Literal(role), role=r)
        )
    out += [
        sql.SQL("GRANT CONNECT ON DATABASE {db} TO {role}").format(db=sql.Identifier(database), role=r),
        sql.SQL("REVOKE CREATE ON SCHEMA {schema} FROM {role}").format(schema=s, role=r),
        sql.SQL("GRANT USAGE ON SCHEMA {schema} TO {role}").format(schema=s, role=r),
        sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {role}").format(schema=s, role=r),
        sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {role}").format(
            schema=s, role=r
        ),
        sql.SQL("GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {schema} TO {role}").format(schema=s, role=r),
    ]
    for table in LOG_TABLES:
        out.append(
            sql.SQL("REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {table} FROM {role}").format(
                table=sql.Identifier(table), role=r
            )
        )
    for table in READ_ONLY_TABLES:
        out.append(
            sql.SQL("REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON {table} FROM {role}").format(
                table=sql.Identifier(table), role=r
            )
        )
    out.append(sql.SQL("GRANT EXECUTE ON FUNCTION audit_purge_through(bigint) TO {role}").format(role=r))
    return out


def apply(connection, *, role, password=None):
    """Create (or update) the application role and its grants, in one transaction."""
    database = connection.settings_dict["NAME"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        (schema,) = cursor.fetchone()
        raw = connection.connection  # psycopg2 quotes the identifiers and the password
        for statement in grant_statements(role=role, password=password, database=database, schema=schema):
            cursor.execute(statement.as_string(raw))
