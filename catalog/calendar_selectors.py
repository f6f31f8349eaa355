"""Reads of the work calendar: which years are official, the warnings admins must see, and
one year's days as the API lists them."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog import calendar_sources, clock
from catalog.models.calendar import CalendarDay, CalendarYear

# Warn when the current year ends within this many days and next year is not loaded.
WARN_DAYS_BEFORE_YEAR_END = 60

# Whole words, so each translates on its own (English: Monday ... Sunday).
WEEKDAYS = (
    gettext_lazy("星期一"),
    gettext_lazy("星期二"),
    gettext_lazy("星期三"),
    gettext_lazy("星期四"),
    gettext_lazy("星期五"),
    gettext_lazy("星期六"),
    gettext_lazy("星期日"),
)


@dataclass(frozen=True)
class YearStatus:
    year: int
    official: bool
    origin: str  # "package" | "file" | "database" | "provisional"
    origin_label: str
    loaded_at: datetime | None
    loaded_by: str
    filename: str
    admin_days: int
    workdays: int
    is_current: bool


def calendar_years(*, today: date | None = None) -> list[YearStatus]:
    """Every year from the package's first to next year (and any year loaded beyond)."""
    today = today or timezone.localdate()
    records = {record.year: record for record in CalendarYear.objects.select_related("loaded_by")}
    admin_days = dict(
        CalendarDay.objects.filter(source=CalendarDay.Source.ADMIN)
        .annotate(year=ExtractYear("date"))
        .values_list("year")
        .annotate(n=Count("id"))
        .values_list("year", "n")
    )
    last = max([today.year + 1, *records, *admin_days])
    first = min([calendar_sources.PACKAGE_FIRST_YEAR, today.year, *records, *admin_days])
    statuses = []
    for year in range(last, first - 1, -1):
        origin = clock.year_origin(year)
        record = records.get(year)
        if origin == "provisional":
            kind, label = "provisional", _("暂定（未导入官方数据）")
        elif record is not None and record.origin == CalendarYear.Origin.FILE:
            kind, label = "file", _("官方（文件导入）")
        elif origin == "package" or (record is not None and record.origin == CalendarYear.Origin.PACKAGE):
            kind, label = "package", _("官方（chinese-calendar 软件包）")
        else:
            kind, label = "database", _("官方（数据库）")
        statuses.append(
            YearStatus(
                year=year,
                official=origin != "provisional",
                origin=kind,
                origin_label=label,
                loaded_at=record.loaded_at if record else None,
                loaded_by=(record.loaded_by.get_username() if record and record.loaded_by else ""),
                filename=record.filename if record else "",
                admin_days=admin_days.get(year, 0),
                workdays=workdays_in_year(year),
                is_current=year == today.year,
            )
        )
    return statuses


def workdays_in_year(year: int) -> int:
    first = date(year, 1, 1)
    return clock.working_days_between(first, date(year, 12, 31)) + clock.is_workday(first)


def calendar_warnings(*, today: date | None = None) -> list[str]:
    """What hall admins must be told: the current year, or next year close to year end,
    has no official calendar, so deadlines counted in it are provisional."""
    today = today or timezone.localdate()
    warnings = []
    if clock.is_provisional(today):
        warnings.append(
            _(
                "%(year)s年工作日历尚未导入：本年度的办件期限只能按周一至周五（扣除元旦、劳动节、国庆节）"
                "临时计算并标记为“暂定”。请立即导入国务院公布的%(year)s年放假安排。"
            )
            % {"year": today.year}
        )
    days_left = (date(today.year, 12, 31) - today).days
    next_year = today.year + 1
    if days_left <= WARN_DAYS_BEFORE_YEAR_END and clock.is_provisional(date(next_year, 1, 1)):
        warnings.append(
            _(
                "%(next)s年工作日历尚未导入：%(year)s年还剩%(days)s天，跨入%(next)s年的办件期限将按临时规则计算"
                "并标记为“暂定”。国务院办公厅公布%(next)s年放假安排后，请在“年度工作日历”中导入。"
            )
            % {"next": next_year, "year": today.year, "days": days_left}
        )
    return warnings


def calendar_year_days(*, year: int, special_only: bool = False) -> dict:
    """One year's days for the API: every day (or only those that differ from an ordinary
    week) with is_workday, note and source.

    source: "official" (State Council data: database or package), "admin" (set by a hall
    admin), "provisional" (a year without official data: counted by the fixed-date rule),
    "regular" (an ordinary day of an official year).
    """
    origin = clock.year_origin(year)
    provisional = origin == "provisional"
    rows = {row.date: row for row in CalendarDay.objects.filter(date__year=year)}
    if origin == "package":
        named = {day.date: day for day in calendar_sources.package_days(year)}
    elif provisional:
        named = {day.date: day for day in calendar_sources.fixed_holidays(year)}
    else:
        named = {}
    days = []
    day = date(year, 1, 1)
    while day.year == year:
        worked = clock.is_workday(day)
        row = rows.get(day)
        special = True
        if row is not None and (row.source == CalendarDay.Source.ADMIN or origin == "database"):
            note, source = row.note, row.source
        elif day in named:
            note, source = named[day].note, "provisional" if provisional else "official"
        else:
            note, source = "", "provisional" if provisional else "regular"
            special = worked != (day.weekday() < 5)
        if special or not special_only:
            days.append(
                {
                    "date": day,
                    "weekday": str(WEEKDAYS[day.weekday()]),
                    "is_workday": worked,
                    "note": note,
                    "source": source,
                }
            )
        day += timedelta(days=1)
    return {
        "year": year,
        "provisional": provisional,
        "origin": origin,
        "workdays": workdays_in_year(year),
        "days": days,
    }
