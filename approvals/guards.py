"""Checks other apps add to case services, without approvals importing them.

An app registers `register(Action.DISPATCH, fn)` in its AppConfig.ready(); the service calls
`check(Action.DISPATCH, case=..., by=...)` inside its transaction, with the case locked, and
`fn(*, case, by, **context)` raises ValidationError (a 400 with a Chinese message) to refuse.
commitments uses it: a signed 告知承诺书 before acceptance on commitment, no commitment route
for an applicant on the 失信名单, the decision or result withheld until 容缺 materials arrive.
"""

_guards: dict[str, list] = {}


def register(action, fn):
    """Add a check for an Action value; registering the same function again is a no-op."""
    fns = _guards.setdefault(str(action), [])
    if fn not in fns:
        fns.append(fn)
    return fn


def unregister(action, fn):
    fns = _guards.get(str(action), [])
    if fn in fns:
        fns.remove(fn)


def check(action, *, case, by, **context):
    """Run every check registered for `action`; the first to object raises ValidationError."""
    for fn in list(_guards.get(str(action), [])):
        fn(case=case, by=by, **context)
