"""Reads of the figures: who may see which departments, and the grouped, derived rows.

Every figure is a SUM over DailyFigure rows in an index range (department/item and day), never
a scan of the cases. Rates are derived from the sums, so a month's rate is right whatever the
grouping (not an average of daily rates).
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import F, Sum
from django.db.models.functions import ExtractIsoWeekDay, TruncMonth, TruncQuarter, TruncWeek, TruncYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.models import Department, Item
from hall.constants import SEE_ALL_ROLES, Role
from hall.selectors import scope_hall_ids, staff_profile_of
from stats.constants import COUNTER_FIELDS, GroupBy
from stats.models import DailyFigure, HourlyReceipt, MonthlyFigure, StaffFigure


def visible_department_ids(user):
    """None: every department (supervisors, hall admins); a set: only these; empty: nothing."""
    if user is None or not user.is_authenticated:
        return set()
    if user.is_superuser:
        return None
    profile = staff_profile_of(user)
    if profile is None:
        return set()
    if profile.role in SEE_ALL_ROLES:
        # A supervisor's figures cover the departments of their hall and every hall below it.
        halls = scope_hall_ids(profile)
        return None if halls is None else set(Department.objects.filter(hall_id__in=halls).values_list("pk", flat=True))
    if profile.role == Role.CHIEF and profile.department_id:
        return {profile.department_id}  # a chief representative answers for their department
    return set()


def may_see_figures(user):
    return visible_department_ids(user) != set()


@dataclass(frozen=True)
class FigureFilters:
    date_from: date
    date_to: date
    group_by: str = GroupBy.DEPARTMENT
    department_id: int | None = None
    item_id: int | None = None
    channel: str | None = None
    window: str | None = None


_PERIODS = {
    GroupBy.WEEK: TruncWeek,
    GroupBy.MONTH: TruncMonth,
    GroupBy.QUARTER: TruncQuarter,
    GroupBy.YEAR: TruncYear,
}


def _grouped(queryset, group_by, date_field):
    """values(key, label[, code]) for the grouping; `date_field` is "day" or "month"."""
    if group_by == GroupBy.DEPARTMENT:
        return queryset.values(key=F("department_id"), label=F("department__name"))
    if group_by == GroupBy.HALL:  # the hall whose departments decided; in tree order (city, county, township)
        return queryset.values(
            key=F("department__hall_id"), label=F("department__hall__name"), code=F("department__hall__path")
        )
    if group_by == GroupBy.ITEM:
        return queryset.values(key=F("item_id"), label=F("item__name"), code=F("item__code"))
    if group_by == GroupBy.WINDOW:
        return queryset.values(key=F("window"), label=F("window"))
    if group_by == GroupBy.STAFF:
        return queryset.values(key=F("user_id"), label=F("user__username"), name=F("user__first_name"))
    if group_by == GroupBy.CHANNEL:
        return queryset.values(key=F("channel"), label=F("channel"))
    if group_by == GroupBy.DAY:
        return queryset.values(key=F("day"), label=F("day"))
    trunc = _PERIODS[GroupBy(group_by)]
    return queryset.annotate(period=trunc(date_field)).values(key=F("period"), label=F("period"))


def _next_month(day):
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


def split_by_whole_months(first, last):
    """([(first, last) day ranges], (first month, last month) or None): whole months in between
    are read from MonthlyFigure, the ragged ends from DailyFigure."""
    start = first if first.day == 1 else _next_month(first)
    after = _next_month(last) if _next_month(last) - timedelta(days=1) == last else last.replace(day=1)
    if start >= after:
        return [(first, last)], None
    days = []
    if first < start:
        days.append((first, start - timedelta(days=1)))
    if after <= last:
        days.append((after, last))
    return days, (start, after - timedelta(days=1))


@dataclass
class FigureRow:
    key: object
    label: str
    counts: dict = field(default_factory=dict)

    def __getattr__(self, name):  # row.received etc. in templates
        counts = self.__dict__.get("counts", {})
        if name in counts:
            return counts[name]
        raise AttributeError(name)

    @property
    def on_time_rate(self):
        return _rate(self.counts["on_time_promised"], self.counts["timed_decisions"])

    @property
    def legal_on_time_rate(self):
        return _rate(self.counts["on_time_legal"], self.counts["timed_decisions"])

    @property
    def online_rate(self):
        return _rate(self.counts["online_received"], self.counts["received"])

    @property
    def notice_rate(self):
        return _rate(self.counts["notices"], self.counts["received"])

    @property
    def return_rate(self):
        return _rate(self.counts["returned"], self.counts["returned"] + self.counts["accepted"])

    @property
    def deemed_rate(self):
        return _rate(self.counts["deemed"], self.counts["deemed"] + self.counts["acknowledged"])

    @property
    def average_days(self):
        timed = self.counts["timed_decisions"]
        return round(self.counts["days_taken"] / timed, 1) if timed else None

    @property
    def actual_vs_promised(self):
        """Working days taken as a share of the days promised (below 1: faster than promised)."""
        return _rate(self.counts["days_taken"], self.counts["promised_days"])

    @property
    def zero_or_one_visit_rate(self):
        total = self.counts["visits_0"] + self.counts["visits_1"] + self.counts["visits_2"]
        return _rate(self.counts["visits_0"] + self.counts["visits_1"], total)

    @property
    def zero_visit_rate(self):
        total = self.counts["visits_0"] + self.counts["visits_1"] + self.counts["visits_2"]
        return _rate(self.counts["visits_0"], total)


def _rate(part, whole):
    return round(part / whole, 4) if whole else None


def figure_rows(*, filters: FigureFilters, user=None, every_department=False):
    """[FigureRow] for the user's departments (or, for public totals, every department), grouped
    as asked. Whole months come from MonthlyFigure and the ragged ends from DailyFigure (at most
    three grouped queries), so a year reads ~12 rows per key instead of ~250."""
    visible = None if every_department else visible_department_ids(user)
    if filters.group_by == GroupBy.STAFF:  # what each person did, by the day of the event
        parts = [(StaffFigure, "day", filters.date_from, filters.date_to)]
    elif filters.group_by in (GroupBy.DAY, GroupBy.WEEK):
        parts = [(DailyFigure, "day", filters.date_from, filters.date_to)]
    else:
        days, months = split_by_whole_months(filters.date_from, filters.date_to)
        parts = [(DailyFigure, "day", a, b) for a, b in days]
        if months:
            parts.append((MonthlyFigure, "month", *months))
    merged = {}
    for model, date_field, first, last in parts:
        queryset = model.objects.filter(**{f"{date_field}__gte": first, f"{date_field}__lte": last})
        queryset = _narrowed(queryset, filters, visible)
        grouped = _grouped(queryset, filters.group_by, date_field)
        for row in grouped.annotate(**{name: Sum(name) for name in COUNTER_FIELDS}).order_by():
            entry = merged.get(row["key"])
            if entry is None:
                label = row["label"]
                if filters.group_by == GroupBy.ITEM:
                    label = f"{row['label']}（{row['code']}）"
                elif filters.group_by == GroupBy.STAFF and row.get("name"):
                    label = f"{row['name']}（{row['label']}）"
                sort_key = row.get("code") or (row["label"] if filters.group_by == GroupBy.DEPARTMENT else row["key"])
                entry = merged[row["key"]] = (sort_key, FigureRow(key=row["key"], label=str(label or "—"), counts={}))
            counts = entry[1].counts
            for name in COUNTER_FIELDS:
                counts[name] = counts.get(name, 0) + (row[name] or 0)
    return [row for _sort, row in sorted(merged.values(), key=lambda pair: str(pair[0]))]


def _narrowed(queryset, filters, visible):
    staff_rows = queryset.model is StaffFigure  # kept per person and department only
    if visible is not None:
        queryset = queryset.filter(department_id__in=visible)
    if filters.department_id:
        queryset = queryset.filter(department_id=filters.department_id)
    if staff_rows:
        return queryset
    if filters.item_id:
        queryset = queryset.filter(item_id=filters.item_id)
    if filters.channel:
        queryset = queryset.filter(channel=filters.channel)
    if filters.window:
        queryset = queryset.filter(window=filters.window)
    return queryset


def totals(rows):
    return FigureRow(key=None, label="合计", counts={n: sum(r.counts[n] for r in rows) for n in COUNTER_FIELDS})


def compression_by_department(*, user):
    """Catalog compression: promised vs legal working days per department (承诺时限压缩比)."""
    items = Item.objects.filter(is_active=True)
    visible = visible_department_ids(user)
    if visible is not None:
        items = items.filter(department_id__in=visible)
    rows = (
        items.values(department_name=F("department__name"))
        .annotate(legal=Sum("legal_limit_days"), promised=Sum("promised_limit_days"))
        .order_by("department_name")
    )
    return [
        {**row, "compression": _rate((row["legal"] or 0) - (row["promised"] or 0), row["legal"] or 0)} for row in rows
    ]


def filter_choices(*, user):
    visible = visible_department_ids(user)
    departments = Department.objects.order_by("code")
    if visible is not None:
        departments = departments.filter(pk__in=visible)
    return {"departments": list(departments.values("id", "name"))}


WEEKDAYS = [_("周一"), _("周二"), _("周三"), _("周四"), _("周五"), _("周六"), _("周日")]


def week_hour_heatmap(*, user, filters: FigureFilters, hours=range(8, 19)):
    """Receipts by weekday and hour over the range: {"hours", "rows": [(weekday, [(n, shade)])], "max"}."""
    queryset = HourlyReceipt.objects.filter(day__gte=filters.date_from, day__lte=filters.date_to)
    visible = visible_department_ids(user)
    if visible is not None:
        queryset = queryset.filter(department_id__in=visible)
    if filters.department_id:
        queryset = queryset.filter(department_id=filters.department_id)
    cells = {
        (row["weekday"], row["hour"]): row["n"]
        for row in queryset.values("hour", weekday=ExtractIsoWeekDay("day")).annotate(n=Sum("count"))
    }
    hours = sorted(set(hours) | {hour for _day, hour in cells})
    top = max(cells.values(), default=0)
    rows = []
    for weekday in range(1, 8):
        values = [cells.get((weekday, hour), 0) for hour in hours]
        if weekday >= 6 and not any(values):
            continue  # weekends without receipts are left out
        rows.append((WEEKDAYS[weekday - 1], [(n, round(n / top, 2) if top else 0) for n in values]))
    return {"hours": hours, "rows": rows, "max": top}


def lobby_figures(*, today=None):
    """The lobby screen's figures (every department; totals only): today's flow and this month's rates."""
    from approvals.constants import CaseState
    from approvals.models import Case

    today = today or timezone.localdate()
    day = figure_rows(every_department=True, filters=FigureFilters(date_from=today, date_to=today))
    month_filters = FigureFilters(date_from=today.replace(day=1), date_to=today)
    month = totals(figure_rows(every_department=True, filters=month_filters))
    now = totals(day)
    return {
        "date": today.isoformat(),
        "today": {
            "received": now.received,
            "accepted": now.accepted,
            "decided": now.granted + now.denied,
            "delivered": now.delivered,
        },
        "month": {
            "received": month.received,
            "on_time_rate": month.on_time_rate,
            "online_rate": month.online_rate,
            "zero_or_one_visit_rate": month.zero_or_one_visit_rate,
            "average_days": month.average_days,
        },
        "in_review": Case.objects.filter(state=CaseState.IN_REVIEW).count(),
        "departments": [
            {"name": row.label, "received": row.received}
            for row in sorted(day, key=lambda r: -r.received)[:10]
            if row.received
        ],
    }
