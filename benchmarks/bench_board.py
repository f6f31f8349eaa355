"""The supervisor board (`/board/`, signed in as `supervisor`) p95 over HTTP (gunicorn, one
client, one worker at a time), beside the bare `SELECT department_id, state, count(*) …
GROUP BY 1, 2` p95 run in-process in the same run.
"""

from django.db import connection

from benchmarks.common import (
    Figure,
    count_queries,
    get_ms,
    gunicorn,
    http_session,
    percentile,
    session_cookie,
    timed_ms,
)

BARE = "SELECT department_id, state, count(*) FROM approvals_case GROUP BY 1, 2"


def board_statements():
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username="supervisor"))
    client.get("/board/")  # warm caches as the server's would be
    with count_queries() as n:
        response = client.get("/board/")
    assert response.status_code == 200, response.status_code
    return n()


def bare():
    with connection.cursor() as cursor:
        cursor.execute(BARE)
        cursor.fetchall()


def main(ctx):
    repeat = 8 if ctx.quick else 40
    statements = board_statements()
    reference = timed_ms(bare, repeat)
    with gunicorn(ctx, workers=1) as base:
        session = http_session(cookies=session_cookie("supervisor"))
        samples = {}

        def record(kind, ms):
            samples.setdefault(kind, []).append(ms)

        get_ms(session, base + "/board/", lambda *_: None, "warm-up")
        for _ in range(repeat):
            get_ms(session, base + "/board/", record, "board")
    reference += timed_ms(bare, repeat)  # before and after: the same conditions as the pages
    return [
        Figure(
            name="supervisor board /board/ p95",
            value=percentile(samples["board"], 95),
            unit="ms",
            reference_name="bare GROUP BY department, state p95",
            reference=percentile(reference, 95),
            sql=f"{statements}/request (bare: 1)",
            note=f"p50 {percentile(samples['board'], 50):.1f} ms over {repeat} requests",
        )
    ]
