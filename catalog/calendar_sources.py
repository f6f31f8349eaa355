"""Where a year's special days come from when the database has none: the chinese-calendar
package (official State Council schedules, 2004–2026 in the pinned version), or, for a
year nobody has published yet, the fixed-date statutory holidays.

A "named day" is a day that differs from an ordinary week (or a weekend day inside a
holiday span): (date, is_workday, note). Pure data, no database.
"""

from datetime import date, timedelta
from functools import cache
from typing import NamedTuple

from chinese_calendar import constants as package_data
from django.utils.translation import gettext as _


class NamedDay(NamedTuple):
    date: date
    is_workday: bool
    note: str


_PACKAGE_YEARS = sorted({d.year for d in package_data.holidays})
PACKAGE_FIRST_YEAR = _PACKAGE_YEARS[0]
PACKAGE_LAST_YEAR = _PACKAGE_YEARS[-1]
_CHINESE_NAMES = {holiday.value: holiday.chinese for holiday in package_data.Holiday}


def package_covers(year: int) -> bool:
    return PACKAGE_FIRST_YEAR <= year <= PACKAGE_LAST_YEAR


def package_years() -> range:
    return range(PACKAGE_FIRST_YEAR, PACKAGE_LAST_YEAR + 1)


@cache
def _package_by_year():
    by_year: dict[int, list[tuple[date, bool, str]]] = {}
    for day, name in package_data.holidays.items():
        by_year.setdefault(day.year, []).append((day, False, _CHINESE_NAMES.get(name, name)))
    for day, name in package_data.workdays.items():
        by_year.setdefault(day.year, []).append((day, True, _CHINESE_NAMES.get(name, name)))
    return {year: sorted(days) for year, days in by_year.items()}


def package_days(year: int) -> list[NamedDay]:
    """The package's holidays and make-up working days (调休上班) of one year."""
    return [
        NamedDay(day, is_workday, _("%(name)s调休上班") % {"name": name} if is_workday else name)
        for day, is_workday, name in _package_by_year().get(year, [])
    ]


def package_flags(year: int) -> dict[date, bool]:
    """Same as package_days without notes (no translation work on the clock's hot path)."""
    return {day: is_workday for day, is_workday, _name in _package_by_year().get(year, [])}


# The fixed-date statutory holidays of 《全国年节及纪念日放假办法》, by the revision in force.
# Lunar holidays (春节, 清明, 端午, 中秋) move every year and the State Council's 调休
# (weekend make-up days, substitute days when a holiday falls on a weekend) are decided
# each November, so a year without published data can only count these.
_FIXED_HOLIDAYS = (
    # (first year in force, [(month, day, name), ...])
    (
        2025,
        [(1, 1, "元旦"), (5, 1, "劳动节"), (5, 2, "劳动节"), (10, 1, "国庆节"), (10, 2, "国庆节"), (10, 3, "国庆节")],
    ),
    (2008, [(1, 1, "元旦"), (5, 1, "劳动节"), (10, 1, "国庆节"), (10, 2, "国庆节"), (10, 3, "国庆节")]),
    (
        2000,
        [
            (1, 1, "元旦"),
            (5, 1, "劳动节"),
            (5, 2, "劳动节"),
            (5, 3, "劳动节"),
            (10, 1, "国庆节"),
            (10, 2, "国庆节"),
            (10, 3, "国庆节"),
        ],
    ),
    (1, [(1, 1, "元旦"), (5, 1, "劳动节"), (10, 1, "国庆节"), (10, 2, "国庆节")]),
)


def fixed_holidays(year: int) -> list[NamedDay]:
    """The fixed-date statutory holidays of a year (provisional counting)."""
    for first_year, days in _FIXED_HOLIDAYS:
        if year >= first_year:
            return [NamedDay(date(year, month, day), False, _(name)) for month, day, name in days]
    return []


def year_dates(year: int):
    day = date(year, 1, 1)
    while day.year == year:
        yield day
        day += timedelta(days=1)
