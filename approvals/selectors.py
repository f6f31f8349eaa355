"""Reads of cases, always scoped by who is asking (DESIGN.md §7).

A case outside `cases_visible_to(user)` does not exist for that user: callers answer 404.
"""

from datetime import date

from django.db.models import OuterRef, Q, Subquery
from django.http import Http404
from django.utils import timezone

from approvals.constants import CaseState, DeliveryMethod, Level
from approvals.models import Case, CaseEvent
from hall.constants import SEE_ALL_ROLES, Role, WindowKind
from hall.crypto import blind_index
from hall.parsing import parse_id
from hall.selectors import scope_hall_ids, staff_profile_of

# What the completed-item window works with.
_DELIVERY_STATES = [CaseState.GRANTED, CaseState.DENIED, CaseState.READY, CaseState.DELIVERED]


def visibility_q(user):
    """The Q that scopes cases to the user, or None for "everything"."""
    if user is None or not user.is_authenticated:
        return Q(pk__in=[])
    profile = staff_profile_of(user)
    if profile is None:
        if user.is_superuser:
            return None
        return Q(applicant_user_id=user.pk)
    if profile.role in SEE_ALL_ROLES:
        # A supervisor answers for their hall and every hall below it (the root sees all).
        below = scope_hall_ids(profile)
        if below is None:
            return None
        return Q(hall_id__in=below) | Q(decision_hall_id__in=below)
    not_draft = ~Q(state=CaseState.DRAFT)
    if profile.role in (Role.REVIEWER, Role.CHIEF):
        return Q(department_id=profile.department_id) & not_draft
    if profile.role == Role.FRONT_DESK:
        window = profile.window
        if window is None or not window.is_active:
            return Q(pk__in=[])
        if window.kind == WindowKind.COMPREHENSIVE:
            # One window for all departments, of its own hall: the cases it received or will hand out.
            return Q(hall_id=window.hall_id) & not_draft
        return Q(department_id=window.department_id) & not_draft
    if profile.role == Role.DELIVERY:
        # 就近取件: the completed-item window hands out the results of cases its hall received.
        window = profile.window
        hall_q = Q(hall_id=window.hall_id) if window is not None else Q(pk__in=[])
        return Q(state__in=_DELIVERY_STATES) & hall_q
    if profile.role == Role.AGENT:
        # 代办: the cases the agent carries, while the applicant's authorisation covers them.
        from approvals.policies import agent_visible_q

        return Q(agent_id=user.pk) & agent_visible_q(user)
    return Q(pk__in=[])


def cases_visible_to(user):
    q = visibility_q(user)
    qs = Case.objects.all()
    return qs if q is None else qs.filter(q)


def case_list(*, user, filters=None, now=None):
    """The cases a list page or the API shows, with the warning level annotated.

    filters: state (one or a list), department (id), item (id or code), level, window (id),
    created_from / created_to (dates, Beijing), overdue (bool), q (see search_q).
    """
    filters = filters or {}
    now = now or timezone.now()
    qs = (
        cases_visible_to(user)
        .with_level(now)
        .select_related("item", "department", "window", "item_version")
        .order_by("-created_at", "-id")
    )
    state = filters.get("state")
    if state:
        qs = qs.filter(state__in=state if isinstance(state, list | tuple) else [state])
    if filters.get("department"):
        qs = qs.filter(department_id=filters["department"])
    item = filters.get("item")
    if item:
        item_id = parse_id(item)
        qs = qs.filter(Q(item__code=item) | Q(item_id=item_id) if item_id is not None else Q(item__code=item))
    if filters.get("window"):
        qs = qs.filter(window_id=filters["window"])
    level = filters.get("level")
    if level in Level.values:
        qs = qs.filter(_level_range(level, now)) if level != Level.NONE else qs.filter(level=level)
    # Beijing days as datetime ranges (no cast of the column: the created_at index serves them).
    if filters.get("created_from"):
        qs = qs.filter(created_at__gte=day_start(filters["created_from"]))
    if filters.get("created_to"):
        qs = qs.filter(created_at__lt=day_start(filters["created_to"], days=1))
    if filters.get("overdue"):
        qs = qs.filter(state=CaseState.IN_REVIEW, deadline_at__lt=now)
    text = (filters.get("q") or "").strip()
    if text:
        qs = qs.filter(search_q(text))
    return qs


def day_start(day, *, days=0):
    """The aware moment a local (Beijing) day begins, `days` days later: for sargable day ranges."""
    from datetime import datetime, time, timedelta

    if isinstance(day, str):
        day = date.fromisoformat(day)
    elif isinstance(day, datetime):
        day = timezone.localdate(day)
    return timezone.make_aware(datetime.combine(day + timedelta(days=days), time.min))


def day_range(day):
    """(start, end) of a local day as aware datetimes: filter `field__gte=start, field__lt=end`."""
    return day_start(day), day_start(day, days=1)


def search_q(text):
    """Find any case: number or applicant name (part of), ID number, phone or query code (exact).

    ID numbers and phones are encrypted at rest: an exact one is found through its blind index.
    Always combined with the user's visibility (case_list), never used on its own.
    """
    text = (text or "").strip()
    if not text:
        return Q()
    index = blind_index(text)
    found = (
        Q(number__icontains=text)
        | Q(applicant_name__icontains=text)
        | Q(applicant_id_number_index=index)
        | Q(applicant_phone_index=index)
    )
    compact = "".join(text.split()).upper()
    if len(compact) == 6:  # the query code printed on the acceptance notice
        found |= Q(query_code=compact)
    return found


def _level_range(level, now):
    """Exactly the rows with_level() labels `level`, as plain column ranges the indexes can serve."""
    running = Q(state=CaseState.IN_REVIEW, deadline_at__isnull=False)
    if level == Level.RED:
        return running & Q(deadline_at__lt=now)
    if level == Level.YELLOW:
        return running & Q(deadline_at__gte=now, warn_at__lte=now)
    if level == Level.GREEN:
        return running & Q(deadline_at__gte=now) & (Q(warn_at__isnull=True) | Q(warn_at__gt=now))
    return Q()


def case_get_visible(*, user, number):
    """The case with this number if the user may see it, else Http404."""
    case = (
        cases_visible_to(user)
        .with_level()
        .select_related("item", "item_version", "department", "window", "received_by", "applicant_user")
        .filter(number=number)
        .first()
    )
    if case is None:
        raise Http404("办件不存在或您无权查看。")
    return case


def with_last_hash(qs):
    """Annotate `locked_last_hash`: the hash of the case's last event, for write_event to link to."""
    last_hash = CaseEvent.objects.filter(case_id=OuterRef("pk"), seq=OuterRef("last_event_seq"))
    return qs.annotate(locked_last_hash=Subquery(last_hash.order_by().values("hash")[:1]))


def case_for_action(*, user, number, lock=False):
    """The case an action will act on: one plain lookup scoped by visibility, else Http404.

    No level annotation, only the join the services and the compact answer read. With
    `lock` (inside the caller's transaction) the row is locked by this very query, with the
    last event's hash the service's event links to, and the service's lock_case takes it as
    it is. Without it the service locks the row by key and refreshes *this* object in place.
    Either way the caller sees the state after the action without reading the case again.
    """
    # Only the item version's join: its snapshot is what the services read. The item, the
    # department and the window (about 100 columns more to compile, fetch and build on every
    # action) are loaded by the few paths that use them.
    qs = cases_visible_to(user).select_related("item_version")
    if lock:
        qs = with_last_hash(qs.select_for_update(of=("self",)))
    # The number is unique: no ORDER BY (the model's default ordering) for one row.
    case = next(iter(qs.filter(number=number).order_by()[:1]), None)
    if case is None:
        raise Http404("办件不存在或您无权查看。")
    if lock:
        case.locked_hash_seq, case._row_locked, case._relocked = case.last_event_seq, True, True
    else:
        case._lock_in_place = True
    return case


def case_detail(*, user, number):
    """A visible case with its materials, events, suspensions and result, in a fixed few queries."""
    case = case_get_visible(user=user, number=number)
    case.material_rows = list(case.materials.order_by("position", "requirement_id"))
    case.event_rows = list(case_events(case=case))
    case.suspension_rows = list(case.suspensions.all())
    case.result_row = getattr(case, "result", None) if hasattr(case, "result") else None
    return case


def case_events(*, case, public_only=False):
    qs = CaseEvent.objects.filter(case=case).select_related("actor").order_by("seq")
    return qs.filter(public=True) if public_only else qs


def case_public_progress(*, number, query_code):
    """Progress query without login (number + 6-character code); None when they do not match."""
    case = (
        Case.objects.select_related("item", "department")
        # Phones type lower case; case numbers and query codes are upper case.
        .filter(number=(number or "").strip().upper(), query_code=(query_code or "").strip().upper())
        .first()
    )
    if case is None:
        return None
    case.event_rows = list(case_events(case=case, public_only=True))
    return case


def due_acceptance_ids(*, now=None, limit=500):
    """Dispatched cases whose acknowledgement window has closed (uses the partial index)."""
    now = now or timezone.now()
    return list(
        Case.objects.filter(state=CaseState.DISPATCHED, auto_accept_at__lte=now)
        .order_by("auto_accept_at")
        .values_list("pk", flat=True)[:limit]
    )


def delivery_preference_of(case):
    """The applicant's chosen way of receiving the result, or None if they have not said."""
    from approvals.models import DeliveryPreference

    try:
        return case.delivery_preference
    except DeliveryPreference.DoesNotExist:
        return None


def result_comes_back(case):
    """就近取件: is the result sent back to the receiving hall before it is handed over?

    A case received at one hall and decided at another comes back on paper (picked up there, or
    posted from there) unless delivered electronically. The network opens its return transfer by
    this rule and messaging words the applicant's notices by it, so the two never disagree.
    """
    if case.hall_id == case.decision_hall_id:
        return False
    preference = delivery_preference_of(case)
    return getattr(preference, "method", "") != DeliveryMethod.ELECTRONIC
