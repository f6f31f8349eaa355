"""API token look-ups remembered in the cache for HALL_API_TOKEN_CACHE_SECONDS.

Without it every token request runs the token + user + staff profile query. The entry holds
the token and its user exactly as that query leaves them, under a SHA-256 of the key (the raw
key is never written to the cache, nor the password hash: both are put back, or read again if
needed, on the way out). The caller still checks expiry and `is_active` on every request.

Invalidation is immediate, from signals (accounts.receivers):
- a token, its user, the user's staff profile or the user's groups and permissions change:
  the entry of that user's token becomes a short-lived tombstone. Entries are written with
  `add`, so a request that read the old row just before the change cannot write it back over
  the tombstone;
- a department, window or group changes (shared by many users): a generation number kept in
  the cache goes up, and it is read in the same round trip as the entry; an entry written
  under another generation is a miss.
Both happen at once and again when the transaction commits (a request reading between the two
sees the old row and would otherwise cache it).

The cache failing (Redis down) never fails authentication: the database answers, and a
warning is logged once per outage. Nor does it fail the change itself: an entry the cache
could not drop is logged as an error and lives out its HALL_API_TOKEN_CACHE_SECONDS.
"""

import hashlib
import logging
import pickle
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

PREFIX = "hall:api-token"
GENERATION_KEY = f"{PREFIX}:generation"
TOMBSTONE = "forgotten"
# Longer than any look-up takes between reading the row and writing the entry.
TOMBSTONE_SECONDS = 10

# Relations the token query fills in, per model (anything else cached on an object is dropped).
_KEPT_RELATIONS = {
    "token": {"user"},
    "user": {"staff_profile"},
    "staff_profile": {"user", "department", "window"},
    "department": set(),
    "window": set(),
}

_outage = {"warned": False}


def enabled():
    return settings.HALL_API_TOKEN_CACHE_SECONDS > 0


def entry_key(key):
    return f"{PREFIX}:{hashlib.sha256(key.encode()).hexdigest()}"


def fetch(*, key, load):
    """The token for `key` (with user and staff profile), or None: from the cache when it holds
    a current entry, else `load(key)` (the database), remembered for next time."""
    if not enabled():
        return load(key)
    entry_name = entry_key(key)
    try:
        found = cache.get_many([GENERATION_KEY, entry_name])
        generation = found.get(GENERATION_KEY)
        entry = found.get(entry_name)
        if generation is not None and isinstance(entry, dict) and entry.get("generation") == generation:
            _recovered()
            return _rebuilt(entry["token"], key)
        if generation is None:
            generation = _start_generation()
        if isinstance(entry, dict):
            # Stale: gone before the read, so a tombstone written after it is never overwritten.
            cache.delete(entry_name)
    except Exception:  # noqa: BLE001 - any cache failure: the database answers
        _failed()
        return load(key)
    _recovered()
    token = load(key)
    if token is not None:
        try:
            value = {"generation": generation, "token": _clean_copy(token)}
            cache.add(entry_name, value, timeout=settings.HALL_API_TOKEN_CACHE_SECONDS)
        except Exception:  # noqa: BLE001
            _failed()
    return token


def forget_tokens(*, keys):
    """The entries of these token keys are dropped now and again on commit."""
    keys = [k for k in keys if k]
    if keys and enabled():
        _now_and_on_commit(lambda: _tombstone(keys))


def forget_user(*, user_id):
    """The entry of the user's token (DRF: at most one per user)."""
    if user_id is not None and enabled():
        from rest_framework.authtoken.models import Token

        forget_tokens(keys=list(Token.objects.filter(user_id=user_id).values_list("key", flat=True)))


def forget_all():
    """Every entry: a department, window or group many users share changed."""
    if enabled():
        _now_and_on_commit(_bump_generation)


# --- internals ------------------------------------------------------------------------------


def _now_and_on_commit(action):
    if transaction.get_connection().in_atomic_block:
        _guarded(action)
    transaction.on_commit(lambda: _guarded(action))  # outside a transaction: runs at once


def _guarded(action):
    try:
        action()
    except Exception:  # noqa: BLE001 - the write stands; a cached entry lives out its timeout
        logger.error("API token cache: could not drop entries after a change", exc_info=True)


def _tombstone(keys):
    cache.set_many({entry_key(k): TOMBSTONE for k in keys}, timeout=TOMBSTONE_SECONDS)


def _bump_generation():
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet (cleared, evicted): any new one orphans old entries
        _start_generation()


def _start_generation():
    """A random start, so that entries from before an eviction never match."""
    fresh = secrets.randbits(62)
    if cache.add(GENERATION_KEY, fresh, timeout=None):
        return fresh
    return cache.get(GENERATION_KEY)


def _clean_copy(token):
    """A copy of the token and what the query joined, with nothing a request may have cached on
    them, without the key (the cache key is its hash) and without the password hash (deferred:
    read again if a request needs it, and not written back by a save)."""
    copy = pickle.loads(pickle.dumps(token))
    copy.key = ""
    _strip(copy, "token")
    user = copy.user
    _strip(user, "user")
    user.__dict__.pop("password", None)
    profile = user._state.fields_cache.get("staff_profile")
    if profile is not None:
        _strip(profile, "staff_profile")
        for name in ("department", "window"):
            related = profile._state.fields_cache.get(name)
            if related is not None:
                _strip(related, name)
    return copy


def _strip(obj, kind):
    fields = {f.attname for f in obj._meta.concrete_fields}
    for name in [n for n in obj.__dict__ if n not in fields and n != "_state"]:
        del obj.__dict__[name]  # _perm_cache, _hall_* memos, prefetch caches
    cached = obj._state.fields_cache
    for name in [n for n in cached if n not in _KEPT_RELATIONS[kind]]:
        del cached[name]


def _rebuilt(token, key):
    token.key = key
    return token


def _failed():
    if not _outage["warned"]:
        _outage["warned"] = True
        logger.warning("API token cache unavailable; authenticating from the database", exc_info=True)


def _recovered():
    _outage["warned"] = False
