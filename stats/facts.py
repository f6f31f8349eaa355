"""What one case event adds to the day's figures (pure: a message and its case in, counters out).

Used by the live subscriber and by `rebuild_figures`, which replays the event log, so the two
can never count differently.

Visits (跑动次数) are counted when a case is delivered: applying at a window is one visit, each
one-time notice answered at a window another, collecting the result in person another;
applying online and receiving the result by post or electronically is zero.
"""

from datetime import date

from django.utils import timezone

from approvals.constants import Action, CaseState, Channel, DeliveryMethod
from catalog import clock

ACCEPTANCE_COUNTERS = {
    Action.ACKNOWLEDGE: "acknowledged",
    Action.DEEM_ACCEPTED: "deemed",
    Action.ACCEPT_ON_THE_SPOT: "instant",
}
SIMPLE_COUNTERS = {
    Action.REFUSE: "refused",
    Action.REQUEST_SUPPLEMENT: "notices",
    Action.RETURN_ONLINE: "notices",
    Action.RETURN: "returned",
    Action.DELIVER: "delivered",
    Action.WITHDRAW: "withdrawn",
    Action.URGE: "urged",
}


def increments(message, case):
    """{counter: n} that this event adds to the figures of its day."""
    action = message.action
    counts = {}
    if action == Action.TAKE_IN or (action == Action.CREATE and message.to_state == CaseState.RECEIVED):
        counts["received"] = 1
        if case.channel == Channel.ONLINE:
            counts["online_received"] = 1
    if action in ACCEPTANCE_COUNTERS:
        counts["accepted"] = 1
        counts[ACCEPTANCE_COUNTERS[action]] = 1
    if action in SIMPLE_COUNTERS:
        counts[SIMPLE_COUNTERS[action]] = 1
    if action == Action.DECIDE:
        counts.update(_decision(message, case))
    if action == Action.DELIVER:
        counts[f"visits_{min(visits(case), 2)}"] = 1
    return counts


def _decision(message, case):
    counts = {"granted" if message.to_state == CaseState.GRANTED else "denied": 1}
    if case.accepted_at is None:
        return counts
    accepted = timezone.localdate(case.accepted_at)
    decided = timezone.localdate(message.at)
    suspended = case.suspended_days or 0
    snapshot = case.snapshot
    promised = snapshot.get("promised_limit_days") or 0
    legal = snapshot.get("legal_limit_days") or promised
    counts["timed_decisions"] = 1
    counts["days_taken"] = max(clock.working_days_between(accepted, decided) - suspended, 0)
    counts["promised_days"] = promised
    counts["on_time_promised"] = int(case.deadline_at is None or message.at <= case.deadline_at)
    counts["on_time_legal"] = int(decided <= _legal_deadline_day(accepted, legal + suspended))
    return counts


def _legal_deadline_day(accepted: date, days: int) -> date:
    return clock.add_working_days(accepted, days) if days else accepted


def visits(case):
    at_window = case.channel in (Channel.WINDOW, Channel.AGENT)
    count = 1 if at_window else 0
    if at_window:
        count += case.notice_rounds or 0
    if case.delivery_method == DeliveryMethod.PICKUP:
        count += 1
    return count
