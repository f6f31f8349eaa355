"""Extra panels other apps put on the workbench pages, without approvals importing them.

An app registers a function from its AppConfig.ready(): `register(place, name, fn)`, where
`fn(request, **context)` returns HTML (already escaped, e.g. from render_to_string) or "" when
it has nothing to show. The pages render `panels(place, request, ...)` in order of registration.

Places: "case" (the staff case page, with `case=`), "desk" (the front desk), "inbox" (the
department's inbox), "board" (the supervisor board).
"""

import logging

from django.utils.safestring import mark_safe

logger = logging.getLogger("approvals.workbench")

CASE = "case"
DESK = "desk"
INBOX = "inbox"
BOARD = "board"

_PANELS: dict[str, dict[str, object]] = {}


def register(place, name, fn):
    """Add (or replace, by name) one panel of a page."""
    _PANELS.setdefault(place, {})[name] = fn
    return fn


def panels(place, request, **context):
    """The registered panels' HTML for this page, in registration order (empty ones left out)."""
    out = []
    for fn in _PANELS.get(place, {}).values():
        html = fn(request, **context)
        if html:
            out.append(mark_safe(html))  # noqa: S308 - panels return rendered templates
    return out
