"""What supervision learns from case events (registered in SupervisionConfig.ready)."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from approvals.constants import Action, CaseState
from approvals.events import subscribe
from supervision.constants import VolumeKind
from supervision.models import DailyVolume

ACCEPTED_ACTIONS = {Action.ACKNOWLEDGE, Action.DEEM_ACCEPTED, Action.ACCEPT_ON_THE_SPOT}
VOLUME_ACTIONS = {Action.CREATE, Action.TAKE_IN, *ACCEPTED_ACTIONS, Action.DECIDE, Action.DELIVER}


def volume_kind(message):
    """Which daily volume an event counts towards, or None.

    "received" is a case registered at a window or an online application taken in; an online
    application's own creation (a draft or submitted case) is not yet received.
    """
    if message.action == Action.TAKE_IN or (message.action == Action.CREATE and message.to_state == CaseState.RECEIVED):
        return VolumeKind.RECEIVED
    if message.action in ACCEPTED_ACTIONS:
        return VolumeKind.ACCEPTED
    if message.action == Action.DECIDE:
        return VolumeKind.DECIDED
    if message.action == Action.DELIVER:
        return VolumeKind.DELIVERED
    return None


@subscribe("supervision.daily-volumes", actions={a.value for a in VOLUME_ACTIONS})
def count_daily_volume(message):
    kind = volume_kind(message)
    if kind is None:
        return
    key = {"day": timezone.localdate(message.at), "department_id": message.department_id, "kind": kind}
    if DailyVolume.objects.filter(**key).update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            DailyVolume.objects.create(**key, count=1)
    except IntegrityError:  # a concurrent delivery for another case created the row first
        DailyVolume.objects.filter(**key).update(count=F("count") + 1)


@subscribe("supervision.monitoring")
def watch_case(message):
    """电子监察: keep the case's due times and apply the rules an event alone can break."""
    from supervision.monitoring import watch_event

    watch_event(message)
