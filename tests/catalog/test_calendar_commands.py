"""manage.py load_calendar and calendar_status."""

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from catalog.models import CalendarDay, CalendarYear

pytestmark = pytest.mark.django_db
BJ = ZoneInfo("Asia/Shanghai")


def test_load_calendar_from_the_package():
    CalendarDay.objects.filter(date__year=2026).delete()
    out = StringIO()
    call_command("load_calendar", "--year", "2026", stdout=out)
    assert "2026年" in out.getvalue()
    assert CalendarDay.objects.filter(date__year=2026).count() > 30


def test_load_calendar_all_years():
    out = StringIO()
    call_command("load_calendar", "--all", stdout=out)
    assert "已从软件包导入23个年度" in out.getvalue()


def test_load_calendar_from_a_file(tmp_path):
    path = tmp_path / "2027.csv"
    path.write_text("date,is_workday,note\n2027-01-01,0,元旦\n2027-02-06,1,春节调休上班\n", encoding="utf-8")
    call_command("load_calendar", "--file", str(path), stdout=StringIO())
    assert CalendarYear.objects.get(year=2027).origin == "file"


def test_load_calendar_reports_bad_lines(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("2027-01-01,0,元旦\n2027-02-30,1,x\n", encoding="utf-8")
    with pytest.raises(CommandError, match="第2行"):
        call_command("load_calendar", "--file", str(path))
    with pytest.raises(CommandError, match="请指定"):
        call_command("load_calendar")


def test_calendar_status_warns_loudly_near_year_end():
    out, err = StringIO(), StringIO()
    with time_machine.travel(datetime(2026, 11, 22, 10, 0, tzinfo=BJ), tick=False):
        call_command("calendar_status", stdout=out, stderr=err)
        with pytest.raises(CommandError):
            call_command("calendar_status", "--check", stdout=StringIO(), stderr=StringIO())
    assert "2027" in out.getvalue() and "暂定" in out.getvalue()
    assert "2027年工作日历尚未导入" in err.getvalue()


def test_calendar_status_is_quiet_mid_year():
    out = StringIO()
    with time_machine.travel(datetime(2026, 5, 6, 10, 0, tzinfo=BJ), tick=False):
        call_command("calendar_status", "--check", stdout=out, stderr=StringIO())
    assert "工作日历正常" in out.getvalue()
