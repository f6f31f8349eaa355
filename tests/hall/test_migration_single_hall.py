"""A single-hall database of the previous version migrates into a one-hall tree without loss (issue 19)."""

import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from approvals.models import Case, CaseEvent
from audit.verify import verify_all
from catalog.models import Department
from hall.models import Hall, StaffProfile, Window
from tests.factories import make_case

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]

# The last migrations before the network of halls.
BEFORE = [
    ("hall", "0005_projects_agent_role"),
    ("catalog", "0005_dept_validity_opinion"),
    ("approvals", "0017_projects_case_agent"),
    ("hallfloor", "0001_hall_floor"),
]


def _counts():
    return {
        "cases": Case.objects.count(),
        "events": CaseEvent.objects.count(),
        "windows": Window.objects.count(),
        "staff": StaffProfile.objects.count(),
        "departments": Department.objects.count(),
    }


def test_a_single_hall_database_becomes_a_tree_of_one_hall():
    cases = [make_case(state=state) for state in ("received", "in_review", "delivered")]
    before = _counts()
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(BEFORE)
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM approvals_case")
            assert cursor.fetchone()[0] == before["cases"]
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    assert _counts() == before
    (home,) = Hall.objects.all()
    assert (home.code, home.name, home.path, home.parent_id) == (
        settings.HALL_CODE,
        settings.HALL_NAME,
        f"/{settings.HALL_CODE}/",
        None,
    )
    assert set(Case.objects.values_list("hall_id", "decision_hall_id").distinct()) == {(home.pk, home.pk)}
    assert set(Window.objects.values_list("hall_id", flat=True)) == {home.pk}
    assert set(StaffProfile.objects.values_list("hall_id", flat=True)) == {home.pk}
    assert set(Department.objects.values_list("hall_id", flat=True)) == {home.pk}
    assert {c.number for c in Case.objects.all()} == {c.number for c in cases}
    run = verify_all()
    assert run.ok, run.problems
