"""Phone numbers never leave the process unmasked in a log line."""

import logging
import re

from hall.identity import mask_phone

_PHONE_IN_TEXT = re.compile(r"(?<!\d)(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})(?!\d)")


def mask_phones_in(text):
    """Every mobile or landline number in free text, masked (138****5678)."""
    return _PHONE_IN_TEXT.sub(lambda m: mask_phone(m.group(0)), str(text))


class MaskPhonesFilter(logging.Filter):
    """A logging filter for the messaging loggers: masks any phone number in the final message."""

    def filter(self, record):
        message = record.getMessage()
        masked = mask_phones_in(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


# The one logger of the app (a logger's filter sees only records logged on it, so every
# module of messaging logs through this one).
logger = logging.getLogger("messaging")
logger.addFilter(MaskPhonesFilter())
