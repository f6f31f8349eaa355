"""Placeholder values other apps provide, without messaging importing them.

An app registers `provide("rating", fn)` in its AppConfig.ready; `fn(*, message, case)` returns
the text for that placeholder ("" when it has nothing to say). evaluations provides the 好差评
invitation with its one-time rating link for the delivered message.
"""

_providers = {}


def provide(placeholder, fn):
    _providers[placeholder] = fn


def provided_values(*, message, case):
    return {name: (fn(message=message, case=case) or "") for name, fn in _providers.items()}
