"""Writers on separate PostgreSQL connections append at the same time: the locked chain head
lines them up, so the chain has no fork, no gap and no duplicate."""

import threading

import pytest
from django.db import connection, connections

from audit.models import AuditEntry
from audit.services import record
from audit.verify import verify_all

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent PostgreSQL connections"),
]


def test_concurrent_writers_make_one_unbroken_chain():
    per_thread, threads = 15, 4
    barrier = threading.Barrier(threads)
    errors = []

    def write(n):
        try:
            barrier.wait()
            for i in range(per_thread):
                record(kind="export", username=f"writer{n}", details={"i": i})
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=write, args=(n,)) for n in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert errors == []
    seqs = list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, per_thread * threads + 1))
    run = verify_all()
    assert run.ok, run.problems
