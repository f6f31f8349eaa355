"""Encryption at rest of ID numbers and phones, and their blind indexes (PIPL, 等保 2.0 §8.1.4).

Values are encrypted with Fernet (AES-128-CBC with HMAC-SHA256, from `cryptography`) under
the keys in `HALL_FIELD_KEYS`: the first encrypts, every key decrypts (MultiFernet), so a new
key is put first, `manage.py rotate_field_keys` re-encrypts every row, then the old key goes.
A stored value is `enc1:<fernet token>`; anything without the prefix is a value written before
encryption (read as is, re-encrypted on the next save or by the data migration).

Exact search uses a blind index: HMAC-SHA256 of the normalised value under a separate key
(`HALL_BLIND_INDEX_KEY`), so the database can find equal values without holding them.
"""

import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

PREFIX = "enc1:"


class FieldKeyError(Exception):
    """A stored value could not be decrypted with any configured key."""


@lru_cache(maxsize=8)
def _multi(keys):
    return MultiFernet([Fernet(key.encode() if isinstance(key, str) else key) for key in keys])


def _fernet():
    keys = tuple(k.strip() for k in settings.HALL_FIELD_KEYS if k and k.strip())
    if not keys:
        raise FieldKeyError("HALL_FIELD_KEYS is empty")
    return _multi(keys)


def is_encrypted(value):
    return isinstance(value, str) and value.startswith(PREFIX)


def encrypt(value):
    """Plaintext -> `enc1:` token; empty and None stay as they are (nothing to hide)."""
    if value is None or value == "" or is_encrypted(value):
        return value
    return PREFIX + _fernet().encrypt(str(value).encode()).decode()


def decrypt(value):
    if not is_encrypted(value):
        return value
    try:
        return _fernet().decrypt(value[len(PREFIX) :].encode()).decode()
    except InvalidToken as exc:
        raise FieldKeyError("no key in HALL_FIELD_KEYS decrypts this value") from exc


def rotate(value):
    """Re-encrypt a stored value under the current (first) key; plaintext gets encrypted."""
    if not is_encrypted(value):
        return encrypt(value)
    try:
        return PREFIX + _fernet().rotate(value[len(PREFIX) :].encode()).decode()
    except InvalidToken as exc:
        raise FieldKeyError("no key in HALL_FIELD_KEYS decrypts this value") from exc


def normalise(value):
    """How values are compared: spaces dropped, letters upper-case (the ID check letter X)."""
    return "".join(str(value or "").split()).upper()


def blind_index(value):
    """HMAC-SHA256 (hex) of the normalised value; "" for an empty value."""
    text = normalise(value)
    if not text:
        return ""
    key = settings.HALL_BLIND_INDEX_KEY.encode()
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()
