"""The legal clock (法定时限): working days, deadlines, warning times and warning levels.

Administrative licensing law counts limits in working days and the day of acceptance does
not count, so a limit of N working days ends at the close of the N-th working day *after*
the acceptance date (DESIGN.md §5). Day boundaries are Beijing time (Asia/Shanghai).

Which days are working days, per year:
1. If the year has official rows in `CalendarDay` (seeded from the package, or loaded from
   a file for a new year), those rows plus the ordinary week (Mon–Fri work, Sat/Sun rest).
2. Else if the chinese-calendar package covers the year, the package.
3. Else the year is PROVISIONAL: Monday–Friday minus the fixed-date statutory holidays
   (元旦, 劳动节, 国庆节; see `calendar_sources`). Lunar holidays and 调休 cannot be known
   before the State Council publishes them, so such deadlines are marked `provisional`
   and recomputed when the year is loaded (signal `calendar_year_loaded`).
Days an admin set (source=admin) override all three for their dates.

Speed: each year is built once into a per-process cache (a prefix count of working days
over a contiguous span of years), so a call does list indexing, not queries. Edits made in
this process call `invalidate_cache`; edits made by another process are noticed by a cheap
version query (row count and newest `updated_at`) run at most every few seconds.

Dates from 1900-01-01 to 2200-12-31 are accepted; anything else raises ValueError with a
Chinese message (the API turns it into a 400).
"""

import math
import threading
import time as _time
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.db import DatabaseError
from django.utils.translation import gettext as _

from catalog import calendar_sources

SHANGHAI = ZoneInfo("Asia/Shanghai")
MIN_DATE = date(1900, 1, 1)
MAX_DATE = date(2200, 12, 31)
# Results may run past MAX_DATE (a long limit counted from late 2200); the span may grow to here.
_LAST_SPAN_YEAR = 2299
# How often (seconds) a process asks the database whether the calendar changed elsewhere.
VERSION_CHECK_SECONDS = 3.0
# The default yellow threshold: 2 working days before the deadline, or 20% of the limit
# (rounded up) if larger.
DEFAULT_WARN_DAYS = 2

LEVEL_RED = "red"
LEVEL_YELLOW = "yellow"
LEVEL_GREEN = "green"
LEVEL_NONE = "none"


@dataclass(frozen=True)
class Deadline:
    deadline_at: datetime  # close of the deadline day: 23:59:59.999999 Asia/Shanghai (aware)
    warn_at: datetime  # yellow from here
    provisional: bool  # any day counted lies in a year without official data


# ---------------------------------------------------------------------------- public API


def is_workday(day: date) -> bool:
    _check_date(day)
    span = _span_covering(day.year, day.year)
    i = day.toordinal() - span.base
    return span.prefix[i + 1] != span.prefix[i]


def add_working_days(start: date, days: int) -> date:
    """The `days`-th working day AFTER `start` (start itself is not counted); days=0 -> start."""
    _check_date(start)
    _check_days(days)
    if days == 0:
        return start
    return date.fromordinal(_nth_workday_after(start.toordinal(), start.year, days))


def working_days_between(start: date, end: date) -> int:
    """Working days in (start, end]: start not counted, end counted; 0 if end <= start."""
    _check_date(start)
    _check_date(end)
    if end <= start:
        return 0
    span = _span_covering(start.year, end.year)
    return span.prefix[end.toordinal() - span.base + 1] - span.prefix[start.toordinal() - span.base + 1]


def is_provisional(day: date) -> bool:
    """True if the day's year has no official data (counted by the fixed-date rule)."""
    _check_date(day)
    return day.year in _span_covering(day.year, day.year).provisional_years


def any_provisional(start: date, end: date) -> bool:
    """True if any year from start's to end's has no official data."""
    _check_date(start)
    if end.year > _LAST_SPAN_YEAR:
        raise ValueError(_("日期%(day)s超出可计算范围。") % {"day": end})
    return _any_provisional(start.year, max(start.year, end.year))


def year_origin(year: int) -> str:
    """Where the clock takes `year` from: "database", "package" or "provisional"."""
    if not MIN_DATE.year <= year <= MAX_DATE.year:
        raise ValueError(
            _("年度%(year)s超出可计算范围（%(min)s至%(max)s）。")
            % {"year": year, "min": MIN_DATE.year, "max": MAX_DATE.year}
        )
    return _span_covering(year, year).origins[year]


def compute_deadline(
    *, accepted_at: datetime, limit_days: int, instant: bool = False, warn_days: int | None = None
) -> Deadline:
    """The deadline and warning time for a case accepted at `accepted_at`.

    - instant (or limit_days=0): due at the close of the acceptance day, warn_at = deadline_at.
    - otherwise: due at the close of the `limit_days`-th working day after the acceptance
      date; yellow from the close of the working day `warn_days` (default: max(2, ceil(20%
      of the limit))) working days before the deadline day, never before accepted_at.
    - provisional if any day counted lies in a year without official data.
    """
    # The hot path (100,000 calls well under a second): plain checks inline, one look at
    # the cached span, list indexing; the general helpers handle everything unusual.
    if type(accepted_at) is datetime and accepted_at.tzinfo is SHANGHAI:
        local_day = accepted_at.date()
    else:
        local_day = _local_date(accepted_at, "accepted_at")
    start = local_day.toordinal()
    if not _MIN_ORDINAL <= start <= _MAX_ORDINAL:
        local_day = _local_date(accepted_at, "accepted_at")  # raises the range error
    if type(limit_days) is not int or limit_days < 0:
        _check_days(limit_days)
    if instant or limit_days == 0:
        deadline_at = _close_of(start)
        return Deadline(deadline_at, deadline_at, _any_provisional(local_day.year, local_day.year))
    if warn_days is None:
        lead = -(-limit_days // 5)  # ceil(20% of the limit) in integers
        if lead < DEFAULT_WARN_DAYS:
            lead = DEFAULT_WARN_DAYS
    else:
        lead = _warn_lead(limit_days, warn_days)
    year = local_day.year
    span = _state.span
    if (
        span is None
        or year < span.first_year
        or year + limit_days // 240 + 1 > span.last_year
        or _time.monotonic() - _state.checked_at >= VERSION_CHECK_SECONDS
    ):
        span = _span_covering(year, year + limit_days // 240 + 1)
    rank = span.prefix[start - span.base + 1] + limit_days
    if rank <= len(span.workdays) and rank - lead >= 1:
        due = span.workdays[rank - 1]
        warn = span.workdays[rank - lead - 1]
    else:
        due = _nth_workday_after(start, year, limit_days)
        warn = _nth_workday_before(due, date.fromordinal(due).year, lead)
    deadline_at = _closes.get(due) or _close_of(due)
    # The close of a day before the acceptance day is the only way to fall before accepted_at.
    warn_at = accepted_at if warn < start else (_closes.get(warn) or _close_of(warn))
    pending = span.provisional_years
    if pending:
        last_year = deadline_at.year
        provisional = (
            year in pending or last_year in pending or (last_year - year > 1 and _any_provisional(year, last_year))
        )
    else:
        provisional = False
    return Deadline(deadline_at, warn_at, provisional)


def extend_for_suspension(
    *,
    deadline: Deadline,
    suspended_at: datetime,
    resumed_at: datetime,
    limit_days: int,
    warn_days: int | None = None,
) -> tuple[Deadline, int]:
    """Add the working days a case spent suspended (中止计时) to its deadline and warning time.

    Convention: days_added = working_days_between(local date of suspended_at, local date of
    resumed_at), i.e. the working days in (suspension day, resumption day]. A suspension
    lifted the same day adds 0; one lifted on the next working day adds 1; one that spans a
    weekend or a holiday adds only the working days inside it.

    The new warning time is `warn_days` (default rule as in compute_deadline) working days
    before the new deadline day, never earlier than the old warning time; an instant
    deadline (warn_at == deadline_at) stays that way. `provisional` is recomputed over the
    days now counted. Returns (new deadline, days_added).
    """
    _check_days(limit_days)
    start_day = _local_date(suspended_at, "suspended_at")
    end_day = _local_date(resumed_at, "resumed_at")
    old_day = _local_date(deadline.deadline_at, "deadline_at")
    days_added = working_days_between(start_day, end_day)
    if days_added == 0:
        return deadline, 0
    due = _nth_workday_after(old_day.toordinal(), old_day.year, days_added)
    deadline_at = _close_of(due)
    if deadline.warn_at >= deadline.deadline_at:
        warn_at = deadline_at
    else:
        lead = _warn_lead(limit_days, warn_days)
        warn_at = max(_close_of(_nth_workday_before(due, deadline_at.year, lead)), deadline.warn_at)
    # Official years run contiguously from the past, so the years from the suspension (or
    # the old deadline) to the new deadline decide it; a year loaded since then clears it.
    provisional = _any_provisional(min(start_day.year, old_day.year), deadline_at.year)
    return Deadline(deadline_at, warn_at, provisional), days_added


def level_for(*, now: datetime, deadline_at: datetime | None, warn_at: datetime | None, clock_running: bool) -> str:
    """The warning level (红黄绿) from stored times: "red" past the deadline, "yellow" from
    the warning time, "green" otherwise; "none" when the clock is stopped (not yet
    accepted, suspended, decided) or no deadline is set. Mirrors the SQL annotation."""
    if not clock_running or deadline_at is None:
        return LEVEL_NONE
    if now > deadline_at:
        return LEVEL_RED
    if warn_at is not None and now >= warn_at:
        return LEVEL_YELLOW
    return LEVEL_GREEN


def close_of_day(day: date) -> datetime:
    """23:59:59.999999 Beijing time on `day` (the moment a deadline day ends)."""
    if isinstance(day, datetime) or not isinstance(day, date):
        raise ValueError(_("日期格式不正确，应为日期（YYYY-MM-DD）。"))
    return _close_of(day.toordinal())


def invalidate_cache(year: int | None = None) -> None:
    """Forget the cached calendar (call after editing calendar days or loading a year).

    `year` names the year that changed; the whole cache is dropped either way, because a
    rebuild is one query and a few milliseconds.
    """
    with _lock:
        _state.years = {}
        _state.span = None
        _state.version = None
        _state.checked_at = _time.monotonic()


# ---------------------------------------------------------------------------- internals


_CLOSE = time(23, 59, 59, 999999)
_MIN_ORDINAL = MIN_DATE.toordinal()
_MAX_ORDINAL = MAX_DATE.toordinal()
# Close-of-day datetimes by ordinal: immutable, so shared; bounded by clearing.
_closes: dict[int, datetime] = {}


def _close_of(ordinal: int) -> datetime:
    close = _closes.get(ordinal)
    if close is None:
        if len(_closes) > 100_000:
            _closes.clear()
        close = _closes[ordinal] = datetime.combine(date.fromordinal(ordinal), _CLOSE, tzinfo=SHANGHAI)
    return close


def _local_date(moment: datetime, name: str) -> date:
    if type(moment) is datetime and moment.tzinfo is not None:  # fast path
        day = (moment if moment.tzinfo is SHANGHAI else moment.astimezone(SHANGHAI)).date()
        if _MIN_ORDINAL <= day.toordinal() <= _MAX_ORDINAL:
            return day
    if not isinstance(moment, datetime):
        raise ValueError(_("%(name)s 必须是日期时间。") % {"name": name})
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(_("%(name)s 必须带时区（aware datetime）。") % {"name": name})
    day = moment.astimezone(SHANGHAI).date()
    _check_date(day)
    return day


def _check_date(day) -> None:
    if isinstance(day, datetime) or not isinstance(day, date):
        raise ValueError(_("日期格式不正确，应为日期（YYYY-MM-DD）。"))
    if not MIN_DATE <= day <= MAX_DATE:
        raise ValueError(
            _("日期%(day)s超出可计算范围（%(min)s至%(max)s）。") % {"day": day, "min": MIN_DATE, "max": MAX_DATE}
        )


def _check_days(days) -> None:
    if isinstance(days, bool) or not isinstance(days, int):
        raise ValueError(_("工作日天数必须是整数。"))
    if days < 0:
        raise ValueError(_("工作日天数不能为负数。"))


def warn_lead_days(limit_days: int, warn_days: int | None = None) -> int:
    """How many working days before the deadline the yellow light comes on for this limit."""
    return _warn_lead(limit_days, warn_days)


def _warn_lead(limit_days: int, warn_days: int | None) -> int:
    if warn_days is None:
        # ceil(20% of the limit) in integers (no float rounding surprises), at least 2.
        return max(DEFAULT_WARN_DAYS, -(-limit_days // 5))
    _check_days(warn_days)
    return warn_days


def _any_provisional(first_year: int, last_year: int) -> bool:
    provisional = _span_covering(first_year, last_year).provisional_years
    return any(year in provisional for year in range(first_year, last_year + 1))


def _nth_workday_after(start_ordinal: int, start_year: int, n: int) -> int:
    """Ordinal of the n-th (n >= 1) working day after the day `start_ordinal`."""
    # About 245 working days a year; ask for enough years at once, extend if still short.
    last_year = start_year + n // 240 + 1
    while True:
        span = _span_covering(start_year, last_year)
        rank = span.prefix[start_ordinal - span.base + 1] + n
        if rank <= len(span.workdays):
            return span.workdays[rank - 1]
        if span.last_year >= _LAST_SPAN_YEAR:
            raise ValueError(_("工作日天数过大，超出可计算范围。"))
        last_year = min(span.last_year + 1 + n // 240, _LAST_SPAN_YEAR)


def _nth_workday_before(day_ordinal: int, day_year: int, n: int) -> int:
    """Ordinal of the working day n working days before the working day `day_ordinal`
    (n=0 -> the day itself)."""
    first_year = day_year - n // 240 - 1
    while True:
        first_year = max(first_year, MIN_DATE.year)
        span = _span_covering(first_year, day_year)
        rank = span.prefix[day_ordinal - span.base + 1]  # working days up to and including the day
        if rank - n >= 1:
            return span.workdays[rank - n - 1]
        if span.first_year <= MIN_DATE.year:
            return span.workdays[0] if span.workdays else day_ordinal
        first_year = span.first_year - 1 - n // 240


class _Span:
    """Working days of a contiguous run of years, prepared for O(1) counting.

    prefix[i] is the number of working days among the first i days of the span, so the
    working days in (a, b] are prefix[b - base + 1] - prefix[a - base + 1]; `workdays` lists
    their ordinals in order, so the k-th working day of the span is workdays[k - 1].
    """

    __slots__ = ("first_year", "last_year", "base", "prefix", "workdays", "provisional_years", "origins")

    def __init__(self, first_year: int, last_year: int, years: dict):
        self.first_year = first_year
        self.last_year = last_year
        self.base = date(first_year, 1, 1).toordinal()
        prefix = [0]
        workdays = []
        count = 0
        for year in range(first_year, last_year + 1):
            flags = years[year].flags
            ordinal = date(year, 1, 1).toordinal()
            end = date(year, 12, 31).toordinal()
            weekday = date(year, 1, 1).weekday()
            while ordinal <= end:
                worked = flags.get(ordinal)
                if worked is None:
                    worked = weekday < 5
                if worked:
                    count += 1
                    workdays.append(ordinal)
                prefix.append(count)
                ordinal += 1
                weekday = (weekday + 1) % 7
        self.prefix = prefix
        self.workdays = workdays
        self.provisional_years = frozenset(y for y in range(first_year, last_year + 1) if years[y].provisional)
        self.origins = {y: years[y].origin for y in range(first_year, last_year + 1)}


@dataclass(frozen=True)
class _Year:
    flags: dict  # ordinal -> is_workday, only for days that differ from Mon–Fri work / Sat–Sun rest
    provisional: bool
    origin: str  # "database" | "package" | "provisional"
    holidays: frozenset  # ordinals of rest days (for inspection)
    workdays: frozenset  # ordinals of weekend make-up working days


class _State:
    def __init__(self):
        self.years: dict[int, _Year] = {}
        self.span: _Span | None = None
        self.version = None
        self.checked_at = -math.inf


_state = _State()
_lock = threading.RLock()


def _span_covering(first_year: int, last_year: int) -> _Span:
    now = _time.monotonic()
    if now - _state.checked_at >= VERSION_CHECK_SECONDS or now < _state.checked_at:
        _check_version(now)
    span = _state.span
    if span is not None and span.first_year <= first_year and last_year <= span.last_year:
        return span
    with _lock:
        span = _state.span
        if span is not None:
            first_year = min(first_year, span.first_year)
            last_year = max(last_year, span.last_year)
        # Build a few years either side at once: deadlines run into the next year.
        first_year = max(MIN_DATE.year, min(first_year, last_year - 1))
        last_year = min(_LAST_SPAN_YEAR, max(last_year, first_year + 2))
        missing = [y for y in range(first_year, last_year + 1) if y not in _state.years]
        if missing:
            _state.years.update(_load_years(missing))
        span = _Span(first_year, last_year, _state.years)
        _state.span = span
        return span


def _check_version(now: float) -> None:
    with _lock:
        _state.checked_at = now
        version = _db_version()
        if version is None:
            return
        if version != _state.version:
            _state.years = {}
            _state.span = None
            _state.version = version


def _db_version():
    from django.db.models import Count, Max

    from catalog.models.calendar import CalendarDay

    try:
        row = CalendarDay.objects.aggregate(n=Count("id"), latest=Max("updated_at"))
    except DatabaseError:
        return None  # no table yet (during migrate) or no database: keep what we have
    return (row["n"], row["latest"])


def _load_years(years: list[int]) -> dict[int, _Year]:
    """Build the given years in one query."""
    from catalog.models.calendar import CalendarDay

    rows_by_year: dict[int, list] = {year: [] for year in years}
    try:
        rows = CalendarDay.objects.filter(date__gte=date(min(years), 1, 1), date__lte=date(max(years), 12, 31))
        for day, worked, source in rows.values_list("date", "is_workday", "source"):
            if day.year in rows_by_year:
                rows_by_year[day.year].append((day, worked, source))
    except DatabaseError:
        # No table (during migrate): count from the package / fixed rule, and look again soon.
        _state.version = ("unreadable",)
        _state.checked_at = -math.inf
    return {year: _build_year(year, rows_by_year[year]) for year in years}


def _build_year(year: int, rows: list) -> _Year:
    official = [(day, worked) for day, worked, source in rows if source != "admin"]
    admin = [(day, worked) for day, worked, source in rows if source == "admin"]
    if official:
        base, origin = dict(official), "database"
    elif calendar_sources.package_covers(year):
        base, origin = calendar_sources.package_flags(year), "package"
    else:
        base, origin = {d.date: d.is_workday for d in calendar_sources.fixed_holidays(year)}, "provisional"
    merged = {**base, **dict(admin)}
    flags = {}
    for day, worked in merged.items():
        if worked != (day.weekday() < 5):
            flags[day.toordinal()] = worked
    return _Year(
        flags=flags,
        provisional=origin == "provisional",
        origin=origin,
        holidays=frozenset(o for o, w in flags.items() if not w),
        workdays=frozenset(o for o, w in flags.items() if w),
    )
