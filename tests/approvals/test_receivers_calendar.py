"""Loading a year's calendar recomputes the provisional deadlines of running cases."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from approvals.models import Case
from catalog import clock
from catalog.calendar_services import calendar_load_days
from catalog.calendar_sources import NamedDay
from catalog.models.calendar import CalendarYear
from tests.factories import make_case

pytestmark = pytest.mark.django_db
BEIJING = ZoneInfo("Asia/Shanghai")
YEAR = 2031  # far enough ahead that no official calendar exists for it


def test_provisional_deadline_is_recomputed_when_the_year_is_loaded(item, cast):
    clock.invalidate_cache()
    with time_machine.travel(datetime(YEAR, 3, 3, 9, 0, tzinfo=BEIJING), tick=False):
        case = make_case(state="in_review", item=item, cast=cast)
        finished = make_case(state="granted", item=item, cast=cast)
    assert case.provisional and finished.provisional
    old_deadline = case.deadline_at.astimezone(BEIJING).date()  # Mon 3 Mar + 5 working days = Mon 10 Mar
    assert old_deadline == date(YEAR, 3, 10)

    # The State Council publishes the year (say 4 March becomes a holiday) and the hall loads it.
    calendar_load_days(year=YEAR, days=[NamedDay(date(YEAR, 3, 4), False, "假日")], origin=CalendarYear.Origin.FILE)

    case.refresh_from_db()
    assert not case.provisional
    assert case.deadline_at.astimezone(BEIJING).date() == date(YEAR, 3, 11)
    event = case.events.get(action="recompute-deadline")
    assert event.actor is None and not event.public and event.payload["year"] == YEAR
    # Only running cases move; a decided case keeps its record.
    assert Case.objects.get(pk=finished.pk).provisional
    clock.invalidate_cache()


def test_recompute_after_a_suspension_keeps_the_yellow_lead_of_the_promised_limit(item, cast):
    """Resume and recompute must agree: suspended days move the deadline, not the yellow lead."""
    from approvals.services import case_resume, case_suspend

    clock.invalidate_cache()
    with time_machine.travel(datetime(YEAR, 3, 3, 9, 0, tzinfo=BEIJING), tick=False):
        case = make_case(state="in_review", item=item, cast=cast)
    with time_machine.travel(datetime(YEAR, 3, 4, 9, 0, tzinfo=BEIJING), tick=False):
        case_suspend(case=case, kind="expert_review", reason="专家评审", by=cast.chief)
    with time_machine.travel(datetime(YEAR, 3, 20, 9, 0, tzinfo=BEIJING), tick=False):
        case = case_resume(case=case, by=cast.chief)
    assert case.suspended_days > 0 and case.provisional
    lead_after_resume = clock.working_days_between(
        case.warn_at.astimezone(BEIJING).date(), case.deadline_at.astimezone(BEIJING).date()
    )

    # The year as published: Tomb-Sweeping Day (清明) off, nothing else moved near the case.
    calendar_load_days(year=YEAR, days=[NamedDay(date(YEAR, 4, 5), False, "清明节")], origin=CalendarYear.Origin.FILE)

    case.refresh_from_db()
    assert not case.provisional
    lead_after_recompute = clock.working_days_between(
        case.warn_at.astimezone(BEIJING).date(), case.deadline_at.astimezone(BEIJING).date()
    )
    assert lead_after_recompute == lead_after_resume == clock.warn_lead_days(item.promised_limit_days)
    clock.invalidate_cache()
