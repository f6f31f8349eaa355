"""Case events for the rest of the hall: the message every subscriber receives, and the registry.

Every committed CaseEvent (transitions and state-less events such as urge) is delivered once,
after commit, to every subscriber registered here, in `seq` order per case. Subscribers are
other apps (supervision, portal, messaging, chains, ...): they register in their AppConfig.ready
by name, so approvals imports none of them:

    from approvals.events import subscribe

    @subscribe("supervision.volumes", actions={"create", "decide"})
    def count(message):  # runs inside a transaction with the subscriber's cursor
        ...

A handler runs inside the transaction that advances its cursor, so its database writes commit
exactly once with it; it must not talk to the outside world directly (queue a task on commit
instead). Raising rolls the handler back and the event is retried later with backoff.
See approvals/services/publishing.py for delivery.
"""

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class CaseMessage:
    """What a subscriber learns of one event: enough to act without reading the case first."""

    event_id: int
    case_id: int
    case_number: str
    department_id: int
    item_id: int
    seq: int
    action: str
    from_state: str
    to_state: str
    at: datetime
    actor_id: int | None
    actor_role: str
    public: bool
    note: str = ""
    payload: dict = field(default_factory=dict)

    @classmethod
    def from_event(cls, event, *, case):
        return cls(
            event_id=event.pk,
            case_id=event.case_id,
            case_number=case.number,
            department_id=case.department_id,
            item_id=case.item_id,
            seq=event.seq,
            action=event.action,
            from_state=event.from_state,
            to_state=event.to_state,
            at=event.at,
            actor_id=event.actor_id,
            actor_role=event.actor_role,
            public=event.public,
            note=event.note,
            payload=dict(event.payload or {}),
        )

    @property
    def state_changed(self):
        return self.from_state != self.to_state


@dataclass(frozen=True)
class Subscriber:
    name: str
    handler: Callable[[CaseMessage], None]
    actions: frozenset | None = None  # None: every action

    def wants(self, message):
        return self.actions is None or message.action in self.actions


_registry: dict[str, Subscriber] = {}


def subscribe(name: str, *, actions: Iterable[str] | None = None):
    """Register `handler(message)` under a unique, stable name (the name keys its cursors)."""

    def register(handler):
        existing = _registry.get(name)
        if existing is not None and existing.handler is not handler:
            qualname = f"{handler.__module__}.{handler.__qualname__}"
            if f"{existing.handler.__module__}.{existing.handler.__qualname__}" != qualname:
                raise ValueError(f"Event subscriber {name!r} is already registered")
        _registry[name] = Subscriber(name=name, handler=handler, actions=frozenset(actions) if actions else None)
        return handler

    return register


def unsubscribe(name: str):
    _registry.pop(name, None)


def subscribers() -> list[Subscriber]:
    """Registered subscribers, in a stable order (by name)."""
    return [_registry[name] for name in sorted(_registry)]


def load_extra_subscribers(module_names: Iterable[str]):
    """Import modules that register subscribers (settings.HALL_EXTRA_EVENT_SUBSCRIBERS)."""
    for module_name in module_names:
        importlib.import_module(module_name)
