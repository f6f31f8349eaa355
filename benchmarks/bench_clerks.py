"""Sixteen busy clerks: each loops over the desk page, the inbox, the case list API, a case
detail API and the delivery page against gunicorn (4 workers); p50/p95/p99 of lists (pages
and list API) and of details, beside `/healthz` p50/p95/p99 fetched under the same load.

Two loads, one after the other. **Busy clerks** (the goal's figures): a clerk reads what a
request showed before the next click — a think time of 0.5–1.5 s, which is still far busier than
a window serving a queue (a case every few minutes). **Stress** (reported beside it): the same
sixteen with no think time at all, so the figures show queueing on two cores, not the request.
"""

import random
import time

from benchmarks.common import (
    Figure,
    api_token,
    count_queries,
    get_ms,
    gunicorn,
    http_session,
    load,
    percentile,
    session_cookie,
)

CLERKS = 16
WORKERS = 4
THINK_SECONDS = (0.5, 1.5)  # a clerk reads the page before the next click
# Who opens which page: the desk, the department's inbox, the delivery window.
PAGES = {"desk": "/workbench/desk/", "reviewer": "/workbench/inbox/", "delivery": "/workbench/delivery/"}


def sample_numbers(limit=200):
    """Case numbers the department's reviewer may open (its own list, running and finished)."""
    from django.contrib.auth import get_user_model

    from approvals.selectors import case_list

    reviewer = get_user_model().objects.get(username="reviewer")
    return list(case_list(user=reviewer, filters={}).values_list("number", flat=True)[:limit])


def statements(numbers):
    """SQL statements of one request of each kind, in-process (test client, same users)."""
    from django.contrib.auth import get_user_model
    from django.test import Client
    from rest_framework.test import APIClient

    User = get_user_model()
    out = {}
    for role, path in PAGES.items():
        client = Client()
        client.force_login(User.objects.get(username=role))
        client.get(path)
        with count_queries() as n:
            assert client.get(path).status_code == 200, path
        out[path] = n()
    api = APIClient()
    api.force_authenticate(User.objects.get(username="reviewer"))
    for label, path in (("list API", "/api/v1/cases/"), ("detail API", f"/api/v1/cases/{numbers[0]}/")):
        api.get(path)
        with count_queries() as n:
            assert api.get(path).status_code == 200, path
        out[label] = n()
    return out


def main(ctx):
    numbers = sample_numbers()
    sql = statements(numbers)
    cookies = {role: session_cookie(role) for role in PAGES}
    token = api_token("reviewer")
    seconds = ctx.seconds
    with gunicorn(ctx, workers=WORKERS) as base:
        pages = list(PAGES.items())
        clerks = []
        for i in range(CLERKS):
            role, path = pages[i % len(pages)]
            clerks.append(
                {
                    "page": (http_session(cookies=cookies[role]), base + path),
                    "api": http_session(token=token),
                    "rng": random.Random(i),
                }
            )

        def job(index, record, think):
            clerk = clerks[index]
            session, url = clerk["page"]

            def pause():
                if think:
                    time.sleep(clerk["rng"].uniform(*THINK_SECONDS))

            if url.endswith(PAGES["desk"]):
                get_ms(session, url, lambda _k, ms: (record("list", ms), record("desk", ms)), "list")
            else:
                get_ms(session, url, record, "list")
            pause()
            get_ms(clerk["api"], base + "/api/v1/cases/?page=1", record, "list")
            pause()
            get_ms(clerk["api"], f"{base}/api/v1/cases/{clerk['rng'].choice(numbers)}/", record, "detail")
            pause()

        def run(think, seconds=seconds):
            health = http_session()
            health_samples = []

            def prober(index, record):
                if index == CLERKS:  # one more thread: /healthz every 50 ms under the same load
                    get_ms(health, base + "/healthz", lambda _k, ms: health_samples.append(ms), "healthz")
                    time.sleep(0.05)
                else:
                    job(index, record, think)

            samples, wall = load(CLERKS + 1, seconds, prober)
            return samples, wall, health_samples

        # Warm every gunicorn worker first (URL resolver, templates, translations are loaded on a
        # worker's first request): a running hall is warm, and four cold first requests per page
        # would otherwise be most of the p95 tail.
        run(think=False, seconds=min(5.0, seconds))
        samples, wall, health_samples = run(think=True)
        stress, _stress_wall, stress_health = run(think=False)
    lists, details, desk = samples.get("list", []), samples.get("detail", []), samples.get("desk", [])

    def trio(values):
        return "/".join(f"{percentile(values, p):.0f}" for p in (50, 95, 99)) if values else "n/a"

    healthz = trio(health_samples)
    under_stress = (
        f"stress (no think time): lists {trio(stress.get('list', []))}, details {trio(stress.get('detail', []))}, "
        f"/healthz {trio(stress_health)} ms"
    )
    return [
        Figure(
            name=f"{CLERKS} busy clerks: lists (pages + list API) p95",
            value=percentile(lists, 95),
            unit="ms",
            reference_name="/healthz p95 under the same load",
            reference=percentile(health_samples, 95),
            sql=", ".join(f"{k} {v}" for k, v in sql.items() if k != "detail API"),
            note=f"lists p50/p95/p99 {trio(lists)} ms ({len(lists)} requests); /healthz {healthz} ms; {under_stress}",
        ),
        Figure(
            name=f"{CLERKS} busy clerks: desk page p95",
            value=percentile(desk, 95) if desk else None,
            unit="ms",
            reference_name="/healthz p95 under the same load",
            reference=percentile(health_samples, 95),
            sql=f"desk {sql.get(PAGES['desk'], '?')}",
            note=f"desk p50/p95/p99 {trio(desk)} ms ({len(desk)} requests); stress {trio(stress.get('desk', []))} ms",
        ),
        Figure(
            name=f"{CLERKS} busy clerks: case detail API p95",
            value=percentile(details, 95),
            unit="ms",
            reference_name="/healthz p95 under the same load",
            reference=percentile(health_samples, 95),
            sql=f"detail API {sql['detail API']}",
            note=f"details p50/p95/p99 {trio(details)} ms ({len(details)} requests in {wall:.0f} s)",
        ),
    ]
