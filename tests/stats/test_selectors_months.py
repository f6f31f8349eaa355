"""Whole months are read from the month rows, ragged ends from the day rows: same totals."""

from datetime import date

import pytest

from stats.selectors import FigureFilters, figure_rows, split_by_whole_months
from stats.subscribers import add_to_figures
from tests.factories import make_department, make_item

pytestmark = pytest.mark.django_db


def test_split_by_whole_months():
    assert split_by_whole_months(date(2026, 1, 15), date(2026, 4, 10)) == (
        [(date(2026, 1, 15), date(2026, 1, 31)), (date(2026, 4, 1), date(2026, 4, 10))],
        (date(2026, 2, 1), date(2026, 3, 31)),
    )
    assert split_by_whole_months(date(2026, 1, 1), date(2026, 12, 31)) == ([], (date(2026, 1, 1), date(2026, 12, 31)))
    assert split_by_whole_months(date(2026, 3, 5), date(2026, 3, 20)) == ([(date(2026, 3, 5), date(2026, 3, 20))], None)


@pytest.mark.parametrize("group_by", ["department", "month", "quarter", "day", "week"])
def test_ranges_across_months_count_each_day_once(group_by):
    item = make_item(department=make_department(code="scjg", name="市场监管局"))
    days = [
        date(2026, 1, 30),
        date(2026, 2, 2),
        date(2026, 2, 27),
        date(2026, 3, 2),
        date(2026, 4, 1),
        date(2026, 4, 9),
    ]
    for n, day in enumerate(days, start=1):
        add_to_figures(
            day=day,
            department_id=item.department_id,
            item_id=item.pk,
            channel="window",
            window="1",
            counts={"received": n},
        )
    from django.contrib.auth.models import AnonymousUser

    class Supervisor(AnonymousUser):
        is_authenticated = True
        is_superuser = True

    filters = FigureFilters(date_from=date(2026, 1, 31), date_to=date(2026, 4, 5), group_by=group_by)
    rows = figure_rows(user=Supervisor(), filters=filters)
    assert sum(r.received for r in rows) == 2 + 3 + 4 + 5  # 2026-02-02 .. 2026-04-01
