"""Migration operations for tables that hold a city's cases.

A plain CREATE INDEX on approvals_case or approvals_caseevent blocks every write to the table
while it builds (tens of seconds at a million cases, minutes at a province's volume): the hall
would stop taking cases during an upgrade. On PostgreSQL these build CONCURRENTLY instead
(reads and writes go on; the migration must say `atomic = False`); elsewhere they are plain.
"""

from django.db.migrations.operations import AddIndex


class AddIndexOnline(AddIndex):
    """AddIndex that does not lock writes on PostgreSQL (CREATE / DROP INDEX CONCURRENTLY)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return super().database_forwards(app_label, schema_editor, from_state, to_state)
        model = to_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            schema_editor.add_index(model, self.index, concurrently=True)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return super().database_backwards(app_label, schema_editor, from_state, to_state)
        model = from_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            schema_editor.remove_index(model, self.index, concurrently=True)

    def describe(self):
        return f"{super().describe()} (CONCURRENTLY on PostgreSQL)"
