"""The small interface the hall floor sends text messages through.

`send_text(phone=..., text=...)` hands one message to the backend named by
HALL_QUEUE_SMS_BACKEND. The default backend only logs (with the phone masked); a gateway (the
`messaging` app, an operator's SMS API) plugs in as a class with `send(*, phone, text)`.
"""

import logging

from django.conf import settings
from django.utils.module_loading import import_string

from hall.identity import mask_phone

logger = logging.getLogger("hallfloor.sms")


class LogBackend:
    sent: list = []  # (masked phone, text) of every message, for the demo and tests

    def send(self, *, phone, text):
        LogBackend.sent.append((mask_phone(phone), text))
        logger.info("SMS to %s: %s", mask_phone(phone), text)


def send_text(*, phone, text):
    backend = import_string(settings.HALL_QUEUE_SMS_BACKEND)()
    backend.send(phone=phone, text=text)
