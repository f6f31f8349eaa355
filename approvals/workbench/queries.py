"""Reads the workbench lists need, built on approvals.selectors (so scoping stays in one place)."""

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.utils import timezone

from approvals.constants import Action, CaseState
from approvals.models import CaseEvent
from approvals.selectors import case_list, cases_visible_to, day_range, search_q


def _last_event(field):
    return Subquery(CaseEvent.objects.filter(case=OuterRef("pk")).order_by("-seq").values(field)[:1])


def _last_urge(field):
    return Subquery(
        CaseEvent.objects.filter(case=OuterRef("pk"), action=Action.URGE).order_by("-seq").values(field)[:1]
    )


def with_last_urge(qs):
    """督办 marker for the department's lists: when and what the latest urge said, in the same query."""
    return qs.annotate(last_urged_at=_last_urge("at"), last_urge_note=_last_urge("note"))


def returned_cases(*, user, limit=20):
    """Cases a department sent back, newest first, with the reason (`return_reason`).

    Found from the return events (index on action, at), newest first: an event that is still
    its case's last one (seq = last_event_seq) on a received case — not by reading the last
    event of every received case. The first `limit`, then the rows shown.
    """
    last_returns = (
        CaseEvent.objects.filter(
            action=Action.RETURN,
            seq=F("case__last_event_seq"),
            case__in=cases_visible_to(user).filter(state=CaseState.RECEIVED).values("pk"),
        )
        .order_by("-at")
        .values("case_id")[:limit]
    )
    return (
        case_list(user=user, filters={"state": CaseState.RECEIVED})
        .filter(pk__in=last_returns)
        .annotate(last_action=_last_event("action"), return_reason=_last_event("note"), returned_at=_last_event("at"))
        .filter(last_action=Action.RETURN)
        .order_by("-returned_at")
    )


def online_queue(*, user, limit=20):
    """网上预审: online applications waiting for the front desk, longest waiting first.

    `submitted_at` is the latest submit (or the re-submission after a pre-review return). The
    first `limit` are picked by a narrow query over the submitted rows only (partial index
    case_submitted_created, no joins); the wide row with its joins is read for those alone.
    """

    def submitted():
        return Subquery(
            CaseEvent.objects.filter(case=OuterRef("pk"), action__in=[Action.SUBMIT, Action.SUPPLEMENT])
            .order_by("-seq")
            .values("at")[:1]
        )

    first = (
        cases_visible_to(user)
        .filter(state=CaseState.SUBMITTED)
        .annotate(submitted_at=submitted())
        .order_by("submitted_at", "id")
        .values("pk")[:limit]
    )
    return (
        case_list(user=user, filters={"state": CaseState.SUBMITTED})
        .filter(pk__in=first)
        .annotate(submitted_at=submitted())
        .order_by("submitted_at", "id")
    )


# The pre-review answers an online application within one working day (the hall's promise).
PRE_REVIEW_WORKING_DAYS = 1


def waiting_age(since, *, now=None):
    """How long something has waited, on the hall's clock: (hours, working days, late?).

    Late means more than PRE_REVIEW_WORKING_DAYS working days have begun since `since`.
    """
    from catalog import clock
    from hall import clock as hall_clock

    now = now or hall_clock.now()
    if since is None:
        return {"hours": 0, "working_days": 0, "late": False}
    days = clock.working_days_between(timezone.localdate(since), timezone.localdate(now))
    hours = max(0, int((now - since).total_seconds() // 3600))
    return {"hours": hours, "working_days": days, "late": days > PRE_REVIEW_WORKING_DAYS}


def todays_window_cases(*, user, window):
    today = timezone.localdate()
    if window is None:
        return case_list(user=user).none()
    return case_list(user=user, filters={"window": window.pk, "created_from": today, "created_to": today})


def inbox_dispatched(*, user, department_id):
    """Waiting for the department's acknowledgement: the soonest deemed acceptance first."""
    return with_last_urge(
        case_list(user=user, filters={"state": CaseState.DISPATCHED, "department": department_id})
    ).order_by("auto_accept_at", "id")


def inbox_in_review(*, user, department_id):
    """In review or suspended, most urgent first (earliest deadline; suspended after running ones)."""
    return with_last_urge(
        case_list(user=user, filters={"state": [CaseState.IN_REVIEW, CaseState.SUSPENDED], "department": department_id})
    ).order_by("state", "deadline_at", "id")


def inbox_decided(*, user, department_id):
    """Decided, waiting for the department to issue the result."""
    return case_list(
        user=user, filters={"state": [CaseState.GRANTED, CaseState.DENIED], "department": department_id}
    ).order_by("decided_at", "id")


def delivery_waiting(*, user, text=""):
    """Results at the completed-item window, longest waiting first.

    Search by the 6-digit 取件码, or as anywhere (number, name, full ID number, phone, query code).
    """
    qs = (
        case_list(user=user, filters={"state": CaseState.READY})
        .select_related("result", "delivery_preference")
        .order_by("result__issued_at", "id")
    )
    text = (text or "").strip()
    if text:
        found = search_q(text)
        code = "".join(text.split())
        if len(code) == 6 and code.isdigit():
            found |= Q(result__pickup_code=code)
        qs = qs.filter(found)
    return qs


def delivered_today(*, user):
    start, end = day_range(timezone.localdate())  # a range, not a cast: index case_delivered_at
    return (
        case_list(user=user, filters={"state": CaseState.DELIVERED})
        .filter(delivered_at__gte=start, delivered_at__lt=end)
        .order_by("-delivered_at")
    )


# What the window's tally counts, by the audit events of the day (a case notified in the
# morning and dispatched in the afternoon counts in both columns).
_TALLY_ACTIONS = {
    "forwarded": [Action.DISPATCH, Action.ACCEPT_ON_THE_SPOT],
    "supplement": [Action.REQUEST_SUPPLEMENT, Action.RETURN_ONLINE],
    "refused": [Action.REFUSE],
}


def window_tally_today(*, cases):
    """Today's tally for the cases of this window: registered, forwarded, notified, refused (one query)."""
    actions = [action for group in _TALLY_ACTIONS.values() for action in group]
    start, end = day_range(timezone.localdate())
    done = dict(
        CaseEvent.objects.filter(case__in=[case.pk for case in cases], at__gte=start, at__lt=end, action__in=actions)
        .values("action")
        .annotate(n=Count("case", distinct=True))
        .values_list("action", "n")
    )
    tally = {key: sum(done.get(action, 0) for action in group) for key, group in _TALLY_ACTIONS.items()}
    return {"total": len(cases), **tally}
