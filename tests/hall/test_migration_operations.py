"""Indexes on the tables that hold a city's cases build without locking writes (PostgreSQL)."""

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import AddIndex

from hall.migration_operations import AddIndexOnline

BIG_TABLES = {("approvals", "case"), ("approvals", "caseevent")}
FIRST_ONLINE = ("approvals", "0020_case_plan_indexes")


def _loader():
    return MigrationLoader(None, ignore_no_migrations=True, load=True)  # the files, not what is applied


@pytest.mark.django_db(transaction=True)  # SQLite's schema editor refuses to run inside a test transaction
def test_a_case_index_builds_concurrently_on_postgresql_and_plainly_elsewhere():
    loader = _loader()
    migration = loader.get_migration(*FIRST_ONLINE)
    assert migration.atomic is False  # CREATE INDEX CONCURRENTLY cannot run in a transaction
    operation = migration.operations[0]
    before = loader.project_state(("approvals", "0019_network_transfer_actions"))
    after = before.clone()
    operation.state_forwards("approvals", after)
    with connection.schema_editor(collect_sql=True, atomic=False) as editor:
        operation.database_forwards("approvals", editor, before, after)
        operation.database_backwards("approvals", editor, after, before)
    create, drop = editor.collected_sql[0], editor.collected_sql[-1]
    assert create.startswith("CREATE INDEX") and drop.startswith("DROP INDEX")
    concurrent = connection.vendor == "postgresql"
    assert ("CONCURRENTLY" in create) is concurrent and ("CONCURRENTLY" in drop) is concurrent


def test_every_later_index_on_the_case_tables_is_online():
    """A regression guard: a new plain AddIndex on approvals_case / approvals_caseevent fails here."""
    loader = _loader()
    offenders = []
    for (app, name), migration in loader.disk_migrations.items():
        if app != "approvals" or name < FIRST_ONLINE[1]:
            continue
        for operation in migration.operations:
            plain = isinstance(operation, AddIndex) and not isinstance(operation, AddIndexOnline)
            if plain and (app, operation.model_name_lower) in BIG_TABLES:
                offenders.append(f"{name}: {operation.index.name}")
            if isinstance(operation, AddIndexOnline) and migration.atomic:
                offenders.append(f"{name}: AddIndexOnline needs atomic = False")
    assert not offenders, offenders
