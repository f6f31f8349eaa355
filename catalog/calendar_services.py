"""Every write to the work calendar: loading a year (package or file) and admin edits.

Each service runs in one transaction, writes the admin history (LogEntry) in it, drops the
clock's cache and sends `calendar_year_loaded(year=...)` inside the transaction, so the
receivers (approvals recomputes provisional deadlines) see the new calendar and their
work commits or rolls back with it.
"""

from contextlib import contextmanager
from datetime import date

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog import calendar_sources, clock
from catalog.calendar_files import parse_calendar_file
from catalog.models.calendar import CalendarDay, CalendarYear
from catalog.signals import calendar_year_loaded

# Years a hall may load: the clock's range, narrowed to what makes sense for a hall.
FIRST_LOADABLE_YEAR = 2000
LAST_LOADABLE_YEAR = 2100


def calendar_load_from_package(*, year: int, by=None, replace_admin: bool = False) -> CalendarYear:
    """Load one year's official calendar from the chinese-calendar package."""
    if not calendar_sources.package_covers(year):
        raise ValidationError(
            _("chinese-calendar 软件包没有%(year)s年的数据（只有%(first)s—%(last)s年），请从文件导入。")
            % {"year": year, "first": calendar_sources.PACKAGE_FIRST_YEAR, "last": calendar_sources.PACKAGE_LAST_YEAR}
        )
    return calendar_load_days(
        year=year,
        days=calendar_sources.package_days(year),
        origin=CalendarYear.Origin.PACKAGE,
        by=by,
        replace_admin=replace_admin,
    )


def calendar_import_file(
    *, content: bytes, filename: str = "", year: int | None = None, by=None, replace_admin: bool = False
) -> CalendarYear:
    """Load one year from a CSV/JSON file (format: catalog.calendar_files), all-or-nothing."""
    if year is not None:
        _check_year(year)
    year, days = parse_calendar_file(content=content, filename=filename, year=year)
    return calendar_load_days(
        year=year,
        days=days,
        origin=CalendarYear.Origin.FILE,
        by=by,
        filename=filename,
        replace_admin=replace_admin,
    )


def calendar_load_days(
    *, year: int, days, origin: str, by=None, filename: str = "", replace_admin: bool = False
) -> CalendarYear:
    """Replace a year's official days with `days` (NamedDay list, all in `year`).

    Days an admin set by hand are kept (they override official data) unless replace_admin.
    """
    _check_year(year)
    strays = [day.date for day in days if day.date.year != year]
    if strays:
        raise ValidationError(_("日期%(day)s不属于%(year)s年。") % {"day": strays[0], "year": year})
    with _calendar_write():
        in_year = CalendarDay.objects.filter(date__year=year)
        if replace_admin:
            in_year.delete()
            kept = set()
        else:
            in_year.filter(source=CalendarDay.Source.OFFICIAL).delete()
            kept = set(in_year.filter(source=CalendarDay.Source.ADMIN).values_list("date", flat=True))
        now = timezone.now()
        CalendarDay.objects.bulk_create(
            [
                CalendarDay(
                    date=day.date,
                    is_workday=day.is_workday,
                    note=day.note[:60],
                    source=CalendarDay.Source.OFFICIAL,
                    updated_at=now,
                )
                for day in days
                if day.date not in kept
            ]
        )
        record, _created = CalendarYear.objects.update_or_create(
            year=year,
            defaults={
                "origin": origin,
                "filename": filename[:200],
                "day_count": len(days),
                "loaded_at": now,
                "loaded_by": by if getattr(by, "pk", None) else None,
            },
        )
        _log(
            by=by,
            obj=record,
            flag=CHANGE,
            message=_("导入%(year)s年工作日历（%(origin)s，%(n)s个特殊日期）")
            % {"year": year, "origin": record.get_origin_display(), "n": len(days)},
        )
        _changed(year)
    return record


def calendar_day_set(*, day: date, is_workday: bool, note: str = "", by=None) -> CalendarDay:
    """An admin marks one day as a working day or a rest day (overrides official data)."""
    _check_year(day.year)
    with _calendar_write():
        row, created = CalendarDay.objects.update_or_create(
            date=day,
            defaults={"is_workday": is_workday, "note": note[:60], "source": CalendarDay.Source.ADMIN},
        )
        _log(
            by=by,
            obj=row,
            flag=ADDITION if created else CHANGE,
            message=_("设置%(day)s为%(kind)s") % {"day": day, "kind": _("工作日") if is_workday else _("休息日")},
        )
        _changed(day.year)
    return row


def calendar_day_reset(*, day: date, by=None) -> None:
    """Undo an admin's setting for one day: back to official data (the package's day for
    package years; an ordinary-week day for years loaded from a file — re-import the file
    to restore a file's day)."""
    with _calendar_write():
        row = CalendarDay.objects.filter(date=day).first()
        if row is None:
            return
        _log(by=by, obj=row, flag=DELETION, message=_("恢复%(day)s为官方安排") % {"day": day})
        row.delete()
        record = CalendarYear.objects.filter(year=day.year).first()
        from_package = calendar_sources.package_covers(day.year) and (
            record is None or record.origin == CalendarYear.Origin.PACKAGE
        )
        if row.source == CalendarDay.Source.ADMIN and from_package:
            official = {d.date: d for d in calendar_sources.package_days(day.year)}.get(day)
            if official is not None:
                CalendarDay.objects.create(
                    date=day, is_workday=official.is_workday, note=official.note, source=CalendarDay.Source.OFFICIAL
                )
        _changed(day.year)


def _check_year(year) -> None:
    if isinstance(year, bool) or not isinstance(year, int) or not FIRST_LOADABLE_YEAR <= year <= LAST_LOADABLE_YEAR:
        raise ValidationError(
            _("年度必须在%(first)s至%(last)s之间。") % {"first": FIRST_LOADABLE_YEAR, "last": LAST_LOADABLE_YEAR}
        )


@contextmanager
def _calendar_write():
    """One transaction; if it rolls back, the clock must forget what it saw inside it."""
    try:
        with transaction.atomic():
            yield
    except BaseException:
        clock.invalidate_cache()
        raise
    transaction.on_commit(clock.invalidate_cache)


def _changed(year: int) -> None:
    clock.invalidate_cache(year)
    calendar_year_loaded.send(sender=CalendarDay, year=year)


def _log(*, by, obj, flag, message) -> None:
    """The admin history row (who changed the calendar), in the caller's transaction."""
    if by is None or not getattr(by, "pk", None):
        return
    LogEntry.objects.log_actions(
        user_id=by.pk,
        queryset=[obj],
        action_flag=flag,
        change_message=str(message),
        single_object=True,
    )
