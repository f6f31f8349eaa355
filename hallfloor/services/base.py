"""What the floor's services share: the conflict error, the log row, today's date."""

from django.utils import timezone
from django_fsm import TransitionNotAllowed

from hallfloor.models import FloorEvent


class FloorConflict(TransitionNotAllowed):
    """Not allowed in the current state (or lost a race): HTTP 409 with the message."""


def log(action, *, by=None, window=None, at=None, payload=None, **refs):
    actor = by if getattr(by, "is_authenticated", False) else None
    return FloorEvent.objects.create(
        action=action, actor=actor, window=window, at=at or timezone.now(), payload=payload or {}, **refs
    )


def today(now=None):
    return timezone.localdate(now or timezone.now())
