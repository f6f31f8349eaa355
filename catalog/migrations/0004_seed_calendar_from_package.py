# Seeds the work calendar (holidays and make-up working days) for every year the
# chinese-calendar package covers. The clock does not depend on these rows (it falls back
# to the package), but they make the calendar visible and editable in the admin.

from django.db import migrations


def seed(apps, schema_editor):
    from chinese_calendar import constants

    CalendarDay = apps.get_model("catalog", "CalendarDay")
    CalendarYear = apps.get_model("catalog", "CalendarYear")
    names = {holiday.value: holiday.chinese for holiday in constants.Holiday}
    rows = {}
    for day, name in constants.holidays.items():
        rows[day] = CalendarDay(date=day, is_workday=False, note=names.get(name, name)[:60], source="official")
    for day, name in constants.workdays.items():
        label = names.get(name, name) + "调休上班"
        rows[day] = CalendarDay(date=day, is_workday=True, note=label[:60], source="official")
    existing = set(CalendarDay.objects.values_list("date", flat=True))
    CalendarDay.objects.bulk_create([row for day, row in sorted(rows.items()) if day not in existing], batch_size=500)
    counts = {}
    for day in rows:
        counts[day.year] = counts.get(day.year, 0) + 1
    known = set(CalendarYear.objects.values_list("year", flat=True))
    CalendarYear.objects.bulk_create(
        [CalendarYear(year=year, origin="package", day_count=n) for year, n in sorted(counts.items()) if year not in known]
    )


def unseed(apps, schema_editor):
    apps.get_model("catalog", "CalendarYear").objects.filter(origin="package").delete()
    apps.get_model("catalog", "CalendarDay").objects.filter(source="official").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0003_calendaryear"),
    ]

    operations = [
        migrations.RunPython(seed, unseed),
    ]
