"""Marks other apps put beside a case on every staff list and the board (重点企业, 上门办…).

Approvals never imports those apps: each registers a provider from its AppConfig.ready().
A provider is `provider(case, cache) -> list[Flag]`; `cache` is a dict that lives for one
page render, so a provider loads what it needs once per page, not once per row.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Flag:
    code: str  # CSS modifier and test hook, e.g. "key-account"
    label: str  # short Chinese word shown in the badge
    title: str = ""  # longer explanation (tooltip)


_PROVIDERS = {}


def register(name, provider):
    """Add (or replace) the provider called `name`."""
    _PROVIDERS[name] = provider


def flags_for(case, cache=None):
    cache = {} if cache is None else cache
    flags = []
    for name in sorted(_PROVIDERS):
        try:
            flags.extend(_PROVIDERS[name](case, cache.setdefault(name, {})))
        except Exception:  # a mark must never break a list page
            import logging

            logging.getLogger("approvals").exception("case flag provider %s failed", name)
    return flags
