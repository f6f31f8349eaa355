"""Monthly and quarterly standing of windows, departments and staff: ratings, complaints and the
on-time rate of their cases. Composite score (0–100):

    70% × satisfaction index (average score scaled to 100) + 30% × on-time rate − 2 per complaint

Windows and staff without a rating in the period are not ranked."""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Avg, Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.models import Case
from catalog.clock import SHANGHAI
from catalog.models import Department
from evaluations.constants import PeriodKind, TicketState, Verdict
from evaluations.models import Complaint, Rating
from hall.models import Window


@dataclass(frozen=True)
class Period:
    kind: str
    key: str  # 2026-11 or 2026-Q4
    start: date
    end: date  # exclusive

    @property
    def start_at(self):
        return datetime.combine(self.start, time.min, tzinfo=SHANGHAI)

    @property
    def end_at(self):
        return datetime.combine(self.end, time.min, tzinfo=SHANGHAI)

    @property
    def label(self):
        if self.kind == PeriodKind.MONTH:
            return _("%(y)s年%(m)s月") % {"y": self.start.year, "m": self.start.month}
        return _("%(y)s年第%(q)s季度") % {"y": self.start.year, "q": (self.start.month - 1) // 3 + 1}

    def previous(self):
        if self.kind == PeriodKind.MONTH:
            y, m = (self.start.year, self.start.month - 1) if self.start.month > 1 else (self.start.year - 1, 12)
            return month(y, m)
        q = (self.start.month - 1) // 3 + 1
        y, q = (self.start.year, q - 1) if q > 1 else (self.start.year - 1, 4)
        return quarter(y, q)


def month(y, m):
    end = date(y + 1, 1, 1) if m == 12 else date(y, m + 1, 1)
    return Period(PeriodKind.MONTH, f"{y}-{m:02d}", date(y, m, 1), end)


def quarter(y, q):
    start = date(y, 3 * (q - 1) + 1, 1)
    end = date(y + 1, 1, 1) if q == 4 else date(y, 3 * q + 1, 1)
    return Period(PeriodKind.QUARTER, f"{y}-Q{q}", start, end)


def parse_period(text):
    """'2026-11' or '2026-Q4'; ValidationError (Chinese) otherwise."""
    text = (text or "").strip().upper()
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})", text):
        y, mo = int(m[1]), int(m[2])
        if 2000 <= y <= 2200 and 1 <= mo <= 12:
            return month(y, mo)
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", text):
        y = int(m[1])
        if 2000 <= y <= 2200:
            return quarter(y, int(m[2]))
    raise ValidationError({"period": _("期间格式应为 2026-11（月度）或 2026-Q4（季度）。")})


def current_month(now=None):
    today = timezone.localdate(now or timezone.now())
    return month(today.year, today.month)


def current_quarter(now=None):
    today = timezone.localdate(now or timezone.now())
    return quarter(today.year, (today.month - 1) // 3 + 1)


def _d(value, places="0.01"):
    return Decimal(str(value or 0)).quantize(Decimal(places), rounding=ROUND_HALF_UP)


@dataclass
class Row:
    id: int
    name: str
    ratings: int = 0
    average: Decimal = Decimal("0")
    satisfaction: Decimal = Decimal("0")  # % of 非常满意+满意+基本满意
    bad: int = 0
    complaints: int = 0
    decided: int = 0
    on_time: int = 0
    detail: str = ""
    rank: int = 0

    @property
    def on_time_rate(self):
        return _d(100 * self.on_time / self.decided, "0.1") if self.decided else None

    @property
    def score(self):
        index = float(self.average) * 20
        on_time = float(self.on_time_rate) if self.on_time_rate is not None else 100.0
        return _d(0.7 * index + 0.3 * on_time - 2 * self.complaints, "0.1")


def counted_ratings():
    """Every rating except a 差评 found mistaken on review (误评，申请复核 — 申诉复核 upheld)."""
    return Rating.objects.exclude(ticket__verdict=Verdict.MISTAKEN, ticket__state=TicketState.CLOSED)


def _rating_stats(period, key):
    rows = (
        counted_ratings()
        .filter(rated_at__gte=period.start_at, rated_at__lt=period.end_at, **{f"{key}__isnull": False})
        .values(key)
        .annotate(
            n=Count("id"),
            avg=Avg("score"),
            good=Count("id", filter=Q(score__gte=3)),
            bad=Count("id", filter=Q(score__lte=2)),
        )
    )
    return {r[key]: r for r in rows}


def _complaints(period, key):
    rows = (
        Complaint.objects.filter(
            received_at__gte=period.start_at, received_at__lt=period.end_at, **{f"{key}__isnull": False}
        )
        .values(key)
        .annotate(n=Count("id"))
    )
    return {r[key]: r["n"] for r in rows}


def _on_time(period, key):
    rows = (
        Case.objects.filter(
            decided_at__gte=period.start_at,
            decided_at__lt=period.end_at,
            deadline_at__isnull=False,
            **{f"{key}__isnull": False},
        )
        .values(key)
        .annotate(n=Count("id"), ok=Count("id", filter=Q(decided_at__lte=F("deadline_at"))))
    )
    return {r[key]: (r["n"], r["ok"]) for r in rows}


def _build(period, *, rating_key, case_key, names, complaint_key=None, ranked_only=True):
    stats = _rating_stats(period, rating_key)
    complaints = _complaints(period, complaint_key) if complaint_key else {}
    on_time = _on_time(period, case_key)
    rows = []
    for pk, (name, detail) in names.items():
        s = stats.get(pk)
        if s is None and ranked_only:
            continue
        row = Row(id=pk, name=name, detail=detail)
        if s:
            row.ratings, row.average = s["n"], _d(s["avg"])
            row.satisfaction, row.bad = _d(100 * s["good"] / s["n"], "0.1"), s["bad"]
        row.complaints = complaints.get(pk, 0)
        row.decided, row.on_time = on_time.get(pk, (0, 0))
        rows.append(row)
    rows.sort(key=lambda r: (-r.score, -r.ratings, r.name))
    for i, row in enumerate(rows, 1):
        row.rank = i
    return rows


def window_ranking(period):
    names = {
        w.pk: (str(w), w.department.name if w.department_id else "")
        for w in Window.objects.select_related("department")
    }
    return _build(period, rating_key="window_id", case_key="window_id", names=names, complaint_key="window_id")


def department_ranking(period):
    names = {d.pk: (d.name, "") for d in Department.objects.all()}
    return _build(
        period, rating_key="department_id", case_key="department_id", names=names, complaint_key="department_id"
    )


def staff_ranking(period):
    ids = set(
        counted_ratings()
        .filter(rated_at__gte=period.start_at, rated_at__lt=period.end_at, staff__isnull=False)
        .values_list("staff_id", flat=True)
    )
    users = get_user_model().objects.filter(pk__in=ids).select_related("staff_profile__window")
    names = {}
    for u in users:
        profile = getattr(u, "staff_profile", None)
        window = profile.window if profile and profile.window_id else None
        names[u.pk] = (u.get_full_name() or u.get_username(), str(window) if window else "")
    return _build(period, rating_key="staff_id", case_key="received_by_id", names=names)


def talk_flags(period, *, ranked=None):
    """Windows ranked last in both of the two months before `period`'s month (约谈).

    ranked: window_ranking(period) when the caller has it already (the rankings page), so the
    month it covers is not read twice."""
    if period.kind == PeriodKind.MONTH:
        this = period
    else:
        last_day = period.end - timedelta(days=1)
        this = month(last_day.year, last_day.month)
    last, before = this, this.previous()
    lasts = []
    for p in (last, before):
        rows = ranked if ranked is not None and p.key == period.key else window_ranking(p)
        if len(rows) < 2:
            return []
        lasts.append(rows[-1])
    if lasts[0].id == lasts[1].id:
        return [{"window_id": lasts[0].id, "name": lasts[0].name, "months": [before.key, last.key]}]
    return []
