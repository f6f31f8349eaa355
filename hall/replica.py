"""Reads that may go to a PostgreSQL read replica (`DATABASE_REPLICA_URL`), with read-your-writes.

Only pages that say so read from the replica — the board, statistics and long lists, where a
second or two of replication lag is harmless — and only for a user who has not written
recently: whoever just moved a case must see the move (read-your-writes). Writes, reads inside
a transaction, and every other page use the primary. Without a replica nothing changes.

- `reads_from_replica` — view decorator: the view's reads go to the replica when allowed.
- `RecentWriterMiddleware` — remembers (in the shared cache) that a user just sent a write
  (any non-safe request), for `HALL_REPLICA_LAG_SECONDS`.
- `ReplicaRouter` — the database router that carries it out.
"""

import contextlib
import contextvars
import functools

from django.conf import settings
from django.core.cache import cache
from django.db import connections

REPLICA = "replica"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_replica_reads = contextvars.ContextVar("hall_replica_reads", default=False)


def replica_enabled():
    return bool(getattr(settings, "HALL_READ_REPLICA", False)) and REPLICA in settings.DATABASES


def _writer_key(user_id):
    return f"hall:recent-write:{user_id}"


def note_write(user):
    if user is not None and user.is_authenticated and replica_enabled():
        cache.set(_writer_key(user.pk), 1, timeout=settings.HALL_REPLICA_LAG_SECONDS)


def wrote_recently(user):
    return user is not None and user.is_authenticated and cache.get(_writer_key(user.pk)) is not None


@contextlib.contextmanager
def replica_reads(*, user):
    """Inside this block, reads go to the replica unless `user` wrote within the lag window."""
    token = _replica_reads.set(replica_enabled() and not wrote_recently(user))
    try:
        yield
    finally:
        _replica_reads.reset(token)


def reads_from_replica(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in _SAFE_METHODS:
            return view(request, *args, **kwargs)  # a write reads what it changes from the primary
        with replica_reads(user=getattr(request, "user", None)):
            return view(request, *args, **kwargs)

    return wrapped


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        # A read inside a transaction on the primary must see that transaction's own writes.
        if _replica_reads.get() and not connections["default"].in_atomic_block:
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class RecentWriterMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in _SAFE_METHODS:
            # After the view: a token-authenticated API user is known only once DRF ran.
            user = getattr(request, "user", None)
            note_write(user)
        return response
