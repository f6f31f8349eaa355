"""Celery tasks the benchmark worker loads with `--include benchmarks.probe` (never in production):
`ping` proves the worker consumes, `noop` records how late a countdown ran, in Redis. The keys
carry the run's queue name (CELERY_TASK_DEFAULT_QUEUE, set by benchmarks.run).
"""

import time

from celery import shared_task


def _queue():
    from django.conf import settings

    return settings.CELERY_TASK_DEFAULT_QUEUE


def late_key():
    """Per queue (per run): two runs sharing a Redis db never read each other's samples."""
    return f"bench:noop-lateness:{_queue()}"


def ping_key():
    return f"bench:ping:{_queue()}"


def _redis(url):
    import redis

    return redis.Redis.from_url(url)


def _own_url():
    from django.conf import settings

    return settings.CELERY_BROKER_URL


@shared_task(name="benchmarks.probe.pong")
def pong(token, key):
    _redis(_own_url()).rpush(key, token)


@shared_task(name="benchmarks.probe.noop")
def noop(due, key):
    """Does nothing but note its lateness (seconds after `due`, a Unix time) under `key`."""
    _redis(_own_url()).rpush(key, time.time() - due)


def ping(redis_url, timeout=1.0):
    """True when a worker ran a task sent now within `timeout` seconds."""
    token, key = f"{time.time()}", ping_key()
    client = _redis(redis_url)
    pong.apply_async(args=[token, key])
    got = client.blpop(key, timeout=max(1, int(timeout)))
    return bool(got)
