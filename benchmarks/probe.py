"""Celery tasks the benchmark worker loads with `--include benchmarks.probe` (never in production):
`ping` proves the worker consumes, `noop` records how late a countdown ran, in Redis.
"""

import time

from celery import shared_task

LATE_KEY = "bench:noop-lateness"
PING_KEY = "bench:ping"


def _redis(url):
    import redis

    return redis.Redis.from_url(url)


def _own_url():
    from django.conf import settings

    return settings.CELERY_BROKER_URL


@shared_task(name="benchmarks.probe.pong")
def pong(token):
    _redis(_own_url()).rpush(PING_KEY, token)


@shared_task(name="benchmarks.probe.noop")
def noop(due):
    """Does nothing but note its lateness (seconds after `due`, a Unix time)."""
    _redis(_own_url()).rpush(LATE_KEY, time.time() - due)


def ping(redis_url, timeout=1.0):
    """True when a worker ran a task sent now within `timeout` seconds."""
    token = f"{time.time()}"
    client = _redis(redis_url)
    pong.apply_async(args=[token])
    got = client.blpop(PING_KEY, timeout=max(1, int(timeout)))
    return bool(got)
