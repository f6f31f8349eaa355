"""Hash chains: each row's hash covers its own content and the previous row's hash.

Pure functions (no models), shared by the security audit log, by approvals' case event log
(which registers its verifier here, so this app never imports approvals) and by migrations.
"""

import hashlib
import json
from datetime import UTC, datetime

from audit.constants import GENESIS

_verifiers = {}


def canonical(value):
    """A stable text for hashing: sorted keys, no spaces, datetimes as UTC ISO."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_default)


def _default(value):
    if isinstance(value, datetime):
        return utc_iso(value)
    return str(value)


def utc_iso(value):
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def link(prev_hash, content):
    """sha256(previous hash + canonical content), hex."""
    return hashlib.sha256(((prev_hash or GENESIS) + "\n" + canonical(content)).encode()).hexdigest()


def case_event_content(*, case_id, seq, action, from_state, to_state, actor_id, actor_role, at, note, payload, public):
    return {
        "case": case_id,
        "seq": seq,
        "action": action,
        "from": from_state or "",
        "to": to_state,
        "actor": actor_id,
        "role": actor_role,
        "at": utc_iso(at),
        "note": note or "",
        "payload": payload or {},
        "public": bool(public),
    }


def register_verifier(name, func):
    """`func(report)` checks one chained log and calls `report(problem_text)` for each problem; returns rows checked."""
    _verifiers[name] = func


def verifiers():
    return dict(_verifiers)
