"""`make bench` does not rot: its in-process parts run on 200 generated cases (the servers,
the load and the timings are left to `make bench` itself)."""

from io import StringIO

import pytest
from django.core.management import call_command

from benchmarks import bench_board, bench_clerks, bench_lifecycle, bench_sweep
from benchmarks.common import Context, Figure, api_token, count_queries, print_table
from hall.constants import Role
from tests.factories import make_item, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_cast(dept):
    """The demo usernames the benchmarks sign in as."""
    make_staff(role=Role.FRONT_DESK, username="desk")
    make_staff(role=Role.REVIEWER, department=dept, username="reviewer")
    make_staff(role=Role.CHIEF, department=dept, username="chief")
    make_staff(role=Role.DELIVERY, username="delivery")
    make_staff(role=Role.SUPERVISOR, username="supervisor")
    make_item(department=dept, materials=3, steps=("受理", "审查", "决定"))


def test_harness_runs_on_a_tiny_dataset(demo_cast):
    call_command("generate_cases", 200, "--seed", "22", stdout=StringIO())

    tokens = {role: api_token(role) for role in ("desk", "reviewer", "chief", "delivery")}
    bench_lifecycle.bench_item()
    with count_queries() as n:
        number = bench_lifecycle.inprocess_walker(tokens).run(1)
    assert number and n() > bench_lifecycle.REQUESTS
    raw, control = bench_lifecycle.raw_statements()
    assert raw - control > bench_lifecycle.REQUESTS and control >= 2 * bench_lifecycle.REQUESTS

    assert bench_board.board_statements() > 0
    bench_board.bare()
    counts = bench_clerks.statements(bench_clerks.sample_numbers())
    assert set(counts) == {*bench_clerks.PAGES.values(), "list API", "detail API"}

    ctx = Context(database_url="", redis_url="", quick=True)
    figures = bench_sweep.main(ctx)
    assert figures[0].value >= 0 and figures[0].reference >= 0

    lines = []
    print_table([*figures, Figure("x", 2.0, "/s", "ref", 4.0, "3/request")], out=lines.append)
    assert "0.500" in "\n".join(lines) and "warning sweep" in "\n".join(lines)
