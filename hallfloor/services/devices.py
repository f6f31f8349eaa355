import secrets

from django.db import transaction

from hallfloor.models import Device
from hallfloor.sealing import keyed_hash
from hallfloor.services.base import log


def device_create(*, name, kind, by=None):
    """A kiosk / screen / locker terminal; returns (device, token). The token is shown once."""
    token = secrets.token_urlsafe(24)
    with transaction.atomic():
        device = Device.objects.create(name=name, kind=kind, token_hash=keyed_hash(token))
        log("device-create", by=by, payload={"device": device.pk, "kind": kind})
    return device, token
