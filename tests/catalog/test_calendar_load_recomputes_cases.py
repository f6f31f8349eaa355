"""Done-when of issue 4, end to end: a case accepted on 2026-12-20 with a 20-working-day
limit gets a provisional deadline and no error; loading 2027 (here from the admin's file
service) recomputes it through the calendar_year_loaded signal."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from catalog import calendar_services
from tests.factories import Cast, make_case, make_department, make_item

pytestmark = pytest.mark.django_db
BJ = ZoneInfo("Asia/Shanghai")
CAL_2027 = "date,is_workday,note\n2027-01-01,0,元旦\n2027-01-04,0,元旦补休\n"


def test_a_provisional_case_deadline_becomes_official_when_2027_is_loaded():
    item = make_item(department=make_department(), promised_limit_days=20)
    with time_machine.travel(datetime(2026, 12, 20, 10, 0, tzinfo=BJ), tick=False):
        case = make_case(state="in_review", item=item, cast=Cast(item.department))
    assert case.provisional
    assert case.deadline_at.astimezone(BJ).date() == date(2027, 1, 18)

    calendar_services.calendar_import_file(content=CAL_2027.encode(), filename="2027.csv")

    case.refresh_from_db()
    assert not case.provisional
    assert case.deadline_at.astimezone(BJ).date() == date(2027, 1, 19)  # 1/4 is now a holiday
