"""Keyed hashes of phones and ID numbers: equal inputs match, the number itself is never stored."""

import hashlib
import hmac
import re

from django.conf import settings


def _key():
    return (settings.EVALUATIONS_HASH_KEY or settings.SECRET_KEY).encode()


def normalise(value):
    """Digits and the ID's final X only, upper-cased; '+86'/'86' prefixes of mobile numbers dropped."""
    text = re.sub(r"[^0-9Xx]", "", value or "").upper()
    if len(text) == 13 and text.startswith("86"):
        text = text[2:]
    return text


def keyed_hash(value, *, scope=""):
    """HMAC-SHA256 of the normalised value within a scope (e.g. a campaign), hex."""
    message = f"{scope}|{normalise(value)}".encode()
    return hmac.new(_key(), message, hashlib.sha256).hexdigest()


def mask_phone(value):
    digits = normalise(value)
    if len(digits) < 7:
        return "*" * len(digits)
    return digits[:3] + "****" + digits[-4:]
