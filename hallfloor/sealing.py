"""Phones kept for notices: sealed (Fernet), masked for display, and a keyed hash to match on.

A phone number is never stored in clear. The sealed value is opened only to send a text.
"""

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

from hall.identity import mask_phone


def _key_material():
    return (settings.HALL_QUEUE_SEAL_KEY or settings.SECRET_KEY).encode()


def _fernet():
    digest = hashlib.sha256(b"hallfloor-seal:" + _key_material()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def seal(value):
    if not value:
        return ""
    return _fernet().encrypt(value.encode()).decode()


def unseal(token):
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        return ""


def keyed_hash(value):
    """HMAC-SHA256 of a normalised value (phone, ID number): match without keeping the value."""
    if not value:
        return ""
    return hmac.new(b"hallfloor-hash:" + _key_material(), value.strip().upper().encode(), hashlib.sha256).hexdigest()


def phone_fields(phone):
    """The three columns a model keeps for a phone: masked, keyed hash, sealed."""
    return {"phone_masked": mask_phone(phone or ""), "phone_hash": keyed_hash(phone), "phone_sealed": seal(phone)}
