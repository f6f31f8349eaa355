"""The supervisor board's reads: one grouped SQL query per table, nothing per row.

Warning levels come from the stored clock (DESIGN.md §5): red if now > deadline_at,
yellow if now >= warn_at, else green — for cases whose clock runs (in review).
"""

from dataclasses import dataclass

from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from approvals.constants import CaseState
from approvals.models import Case
from catalog import clock
from catalog.models import Department, Item
from supervision.constants import VolumeKind
from supervision.models import DailyVolume

# The running states the board counts; the partial covering indexes case_running_dept and
# case_running_item (approvals) hold exactly these rows, so the counts are index-only scans.
_RUNNING_STATES = [CaseState.IN_REVIEW, CaseState.SUSPENDED]


def scope_q(halls):
    """Cases of these halls (received or decided there); `halls` None = the whole network."""
    if halls is None:
        return Q()
    return Q(decision_hall_id__in=halls) | Q(hall_id__in=halls)


def _running(halls=None):
    return Case.objects.filter(scope_q(halls), state__in=_RUNNING_STATES, deadline_at__isnull=False)


def _counts(key, now, halls=None):
    """{key value: counts}: GROUP BY one integer column only (a hash aggregate, no sort, no join).

    The whole network (halls None) reads the covering partial indexes only; a hall's scope adds
    its hall filter."""
    running = Q(state=CaseState.IN_REVIEW)
    red = running & Q(deadline_at__lt=now)
    yellow = running & Q(deadline_at__gte=now, warn_at__lte=now)
    green = running & Q(deadline_at__gte=now) & (Q(warn_at__gt=now) | Q(warn_at__isnull=True))
    rows = (
        _running(halls)
        .order_by()
        .values(key)
        .annotate(
            # COUNT(state), not COUNT(id): state is in the index, the id is not (index-only scans).
            green=Count("state", filter=green),
            yellow=Count("state", filter=yellow),
            red=Count("state", filter=red),
            suspended=Count("state", filter=Q(state=CaseState.SUSPENDED)),
            total=Count("state"),
        )
    )
    return {row.pop(key): row for row in rows}


def level_counts_by_department(*, now=None, halls=None):
    """[{department_id, department__name, green, yellow, red, suspended, total}]: the grouped
    counts, then the names of the departments shown (two queries, neither per row)."""
    counts = _counts("department_id", now or timezone.now(), halls)
    names = dict(Department.objects.filter(pk__in=counts).values_list("pk", "name"))
    rows = [{"department_id": pk, "department__name": names.get(pk, ""), **c} for pk, c in counts.items()]
    return sorted(rows, key=lambda r: (-r["red"], -r["yellow"], r["department__name"]))


def level_counts_by_item(*, now=None, halls=None):
    """[{item_id, item__code, item__name, department__name, green, yellow, red, ...}]: grouped by
    item id only (hundreds of items never spill a sort), then the items' names in one query."""
    counts = _counts("item_id", now or timezone.now(), halls)
    items = {
        row["pk"]: row for row in Item.objects.filter(pk__in=counts).values("pk", "code", "name", "department__name")
    }
    rows = []
    for pk, c in counts.items():
        item = items.get(pk, {})
        rows.append(
            {
                "item_id": pk,
                "item__code": item.get("code", ""),
                "item__name": item.get("name", ""),
                "department__name": item.get("department__name", ""),
                **c,
            }
        )
    return sorted(rows, key=lambda r: (-r["red"], -r["yellow"], r["item__code"]))


def level_counts_by_hall(*, hall, now=None):
    """The drill-down of the network (市 → 县 → 乡): one row per hall directly below `hall` (and
    `hall` itself), each summing the running cases decided in it or anywhere below it. One grouped
    query by deciding hall; the roll-up to the children is done over the (small) hall tree."""
    from hall.models import Hall

    fields = ("pk", "code", "name", "level", "path", "parent_id")
    tree = list(Hall.objects.filter(path__startswith=hall.path).only(*fields))
    rows_by_hall = _counts("decision_hall_id", now or timezone.now(), [h.pk for h in tree])
    children = sorted((h for h in tree if h.parent_id == hall.pk), key=lambda h: h.path)
    keys = ("green", "yellow", "red", "suspended", "total")
    out = []
    for top in [hall, *children]:
        own_only = top.pk == hall.pk
        members = [h.pk for h in tree if (h.pk == top.pk if own_only else h.path.startswith(top.path))]
        sums = dict.fromkeys(keys, 0)
        for pk in members:
            for k in keys:
                sums[k] += rows_by_hall.get(pk, {}).get(k, 0)
        out.append({"hall": top, "own": own_only, "has_children": any(h.parent_id == top.pk for h in tree), **sums})
    return out


def level_totals(rows):
    keys = ("green", "yellow", "red", "suspended", "total")
    return {k: sum(r[k] for r in rows) for k in keys}


@dataclass
class OverdueRow:
    case: Case
    days_overdue: int  # working days past the deadline day (at least 1)
    holder: str  # department and current step


def overdue_cases(*, now=None, limit=200, halls=None):
    """Red cases, longest overdue first, with who holds each (department and current step)."""
    now = now or timezone.now()
    cases = (
        Case.objects.overdue(now)
        .filter(scope_q(halls))
        .select_related("item", "department", "item_version")
        .order_by("deadline_at", "id")[:limit]
    )
    today = timezone.localdate(now)
    rows = []
    for case in cases:
        due = timezone.localdate(case.deadline_at)
        step = case.step(case.current_step) if case.current_step is not None else None
        holder = case.department.name + (f" · {step['name']}" if step else "")
        rows.append(OverdueRow(case=case, days_overdue=max(clock.working_days_between(due, today), 1), holder=holder))
    return rows


def todays_volumes(*, now=None, halls=None):
    """{received, accepted, decided, delivered} of today (Beijing), from the counts kept by the
    case-event subscriber (supervision.subscribers) — one query over a few rows per department."""
    now = now or timezone.now()
    in_scope = Q() if halls is None else Q(department__hall_id__in=halls)
    rows = (
        DailyVolume.objects.filter(in_scope, day=timezone.localdate(now))
        .values("kind")
        .annotate(total=Sum("count"))
        .values_list("kind", "total")
    )
    volumes = dict.fromkeys(VolumeKind.values, 0)
    volumes.update(rows)
    return volumes


def board_case_list(*, user, department=None, item=None, level=None, now=None, halls=None):
    """The drill-down list behind a count (read-only; supervisors see every case)."""
    from approvals.selectors import case_list

    filters = {"state": [CaseState.IN_REVIEW, CaseState.SUSPENDED]}
    if department:
        filters["department"] = department
    if item:
        filters["item"] = item
    if level == "suspended":
        filters["state"] = CaseState.SUSPENDED
    elif level:
        filters["level"] = level
    cases = case_list(user=user, filters=filters, now=now).filter(scope_q(halls))
    return cases.order_by(F("deadline_at").asc(nulls_last=True), "id")
