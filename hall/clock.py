"""The hall's "now": the moment services stamp on what they write.

Every case service reads the time from `now()` here, never from `timezone.now()` directly,
so a caller that replays the past (the demo seeds months of cases through the real services)
can set the moment in-process with `replay(moment)`: deadlines, acknowledgement windows,
event times and case numbers are then exactly what work at that moment makes. Outside a
replay `now()` is the wall clock. The override is a context variable, so it is confined to
the current thread/task and never leaks into other requests.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.utils import timezone

_replayed = ContextVar("hall_replayed_now", default=None)


def now():
    """The current moment: the replayed one inside `replay()`, else the wall clock."""
    moment = _replayed.get()
    return timezone.now() if moment is None else moment


def localdate():
    return timezone.localdate(now())


def replaying():
    return _replayed.get() is not None


@contextmanager
def replay(moment):
    """Run the block as if it were `moment` (an aware datetime); nestable, always restored."""
    if timezone.is_naive(moment):
        raise ValueError("replay() needs an aware datetime")
    token = _replayed.set(moment)
    try:
        yield moment
    finally:
        _replayed.reset(token)
