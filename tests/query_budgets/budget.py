"""Query budgets: count the SQL statements one request issues, and prove the count does not
grow with the number of rows the page shows.

Counted: every statement on the default connection, except savepoints (the test's own
transaction machinery), django_session reads/writes (the session backend, the same on every
page). The request is made once to warm per-process caches (work calendar, content types),
then counted on the second, identical request: the steady state of a busy server. The work
calendar asks the database whether it changed at most every few seconds, on a timer: that
probe is held off during the counted request, or counts would depend on the machine's speed.
"""

import json
import os
import re
from contextlib import contextmanager
from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog import clock
from tests.query_budgets.budgets import BUDGETS

_IGNORED = re.compile(r"^\s*(SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK TO SAVEPOINT)\b|django_session", re.IGNORECASE)


class Counted:
    def __init__(self):
        self.statements = []

    @property
    def count(self):
        return len(self.statements)

    def listing(self):
        return "\n".join(f"{i + 1:3d}. {sql[:400]}" for i, sql in enumerate(self.statements))


@contextmanager
def count_statements():
    """`with count_statements() as counted: ...`; then counted.count / counted.statements."""
    counted = Counted()
    with CaptureQueriesContext(connection) as ctx:
        yield counted
    counted.statements = [q["sql"] for q in ctx.captured_queries if not _IGNORED.search(q["sql"])]


def _record(name, first, second):
    """Append the measured figures to $HALL_BUDGET_REPORT (a JSON-lines file) when set."""
    path = os.environ.get("HALL_BUDGET_REPORT")
    if path:
        with open(path, "a", encoding="utf-8") as out:
            row = {"name": name, "vendor": connection.vendor, "few": first, "more": second, "budget": BUDGETS[name]}
            out.write(json.dumps(row) + "\n")


def measure(client, url, *, status=200, **extra):
    client.get(url, **extra)  # warm the per-process caches
    with mock.patch.object(clock, "VERSION_CHECK_SECONDS", 10**9), count_statements() as counted:
        response = client.get(url, **extra)
    assert response.status_code == status, f"GET {url}: {response.status_code}\n{response.content[:2000]!r}"
    return counted


def assert_budget(client, name, *, add_rows, kwargs=None, query="", status=200, url=None, **extra):
    """GET the route `name` (reversed with kwargs, plus `query`), assert the statements stay
    within BUDGETS[name]; then call add_rows() (which creates several more rows the page
    shows, or returns the URL of an object with more rows under it) and assert the count did
    not grow."""
    budget = BUDGETS[name]
    url = url or reverse(name, kwargs=kwargs) + query
    first = measure(client, url, status=status, **extra)
    assert first.count <= budget, f"GET {url} issued {first.count} SQL statements, budget {budget}:\n{first.listing()}"
    bigger = add_rows()
    if isinstance(bigger, str):  # a detail: the same page of an object with more rows under it
        url = bigger
    second = measure(client, url, status=status, **extra)
    _record(name, first.count, second.count)
    assert second.count <= first.count, (
        f"GET {url}: {first.count} statements with few rows, {second.count} with more (a query per row?)\n"
        f"--- few rows:\n{first.listing()}\n--- more rows:\n{second.listing()}"
    )
    return first.count, second.count
