"""The client's address, believed only when it comes from a proxy the hall runs.

A request that reaches Django straight from the internet carries whatever
X-Forwarded-For the caller chose; only addresses added by our own reverse proxies
(HALL_TRUSTED_PROXIES: addresses or networks) are trusted. The header is read from the
right: each hop a trusted proxy added is peeled off, and the first address not ours is
the client. With no trusted proxies configured the header is ignored entirely.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(entries):
    networks = []
    for entry in entries:
        entry = entry.strip()
        if entry:
            networks.append(ipaddress.ip_network(entry, strict=False))
    return tuple(networks)


def _parse(value):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _trusted(address, networks):
    return address is not None and any(address in network for network in networks)


def client_ip(request):
    """The address lockouts, throttles and session lists count by (a string, never None)."""
    meta = request.META
    remote = meta.get("REMOTE_ADDR", "") or ""
    networks = _networks(tuple(getattr(settings, "HALL_TRUSTED_PROXIES", ()) or ()))
    if not networks or not _trusted(_parse(remote), networks):
        return remote
    hops = [hop for hop in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        address = _parse(hop)
        if address is None:
            return remote  # a malformed hop: fall back to the proxy itself rather than guess
        if not _trusted(address, networks):
            return str(address)
    return remote


def mask_ip(address):
    """An address fit to show a user: 203.0.113.* / 2001:db8:85a3:*."""
    parsed = _parse(address or "")
    if parsed is None:
        return ""
    if parsed.version == 4:
        return ".".join(str(parsed).split(".")[:3]) + ".*"
    return ":".join(parsed.exploded.split(":")[:3]) + ":*"
