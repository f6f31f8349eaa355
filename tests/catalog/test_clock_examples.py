"""Hand-worked examples across the Spring Festival, National Day and 2026's make-up days
(调休上班). The start day never counts; the N-th working day after it is the deadline day.

2026 (State Council): 春节 2/15–2/23 off, Sat 2/14 and Sat 2/28 worked; 劳动节 5/1–5/5 off,
Sat 5/9 worked; 中秋 9/25–9/27 off; 国庆 10/1–10/7 off, Sun 9/20 and Sat 10/10 worked;
元旦 1/1–1/3 off, Sun 1/4 worked.
2025: 春节 1/28–2/4 off, Sun 1/26 and Sat 2/8 worked; 国庆+中秋 10/1–10/8 off, Sun 9/28 and
Sat 10/11 worked.
"""

from datetime import date

import pytest

from catalog import clock

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "start, days, expected",
    [
        # Spring Festival 2026: Fri 2/13 -> Sat 2/14 (worked) is day 1, then 2/24 Tue...
        (date(2026, 2, 13), 1, date(2026, 2, 14)),
        (date(2026, 2, 13), 2, date(2026, 2, 24)),
        (date(2026, 2, 13), 5, date(2026, 2, 27)),
        (date(2026, 2, 13), 6, date(2026, 2, 28)),  # Sat 2/28 is worked
        (date(2026, 2, 13), 7, date(2026, 3, 2)),
        (date(2026, 2, 14), 1, date(2026, 2, 24)),  # accepted on the make-up Saturday
        (date(2026, 2, 15), 1, date(2026, 2, 24)),  # accepted during the holiday
        # Spring Festival 2025
        (date(2025, 1, 24), 1, date(2025, 1, 26)),  # Sun 1/26 worked
        (date(2025, 1, 27), 1, date(2025, 2, 5)),
        (date(2025, 2, 7), 1, date(2025, 2, 8)),  # Sat 2/8 worked
        # National Day 2025 (with Mid-autumn, 8 days)
        (date(2025, 9, 26), 1, date(2025, 9, 28)),
        (date(2025, 9, 30), 1, date(2025, 10, 9)),
        (date(2025, 9, 30), 3, date(2025, 10, 11)),  # Sat 10/11 worked
        (date(2025, 9, 30), 4, date(2025, 10, 13)),
        # Mid-autumn and National Day 2026
        (date(2026, 9, 18), 1, date(2026, 9, 20)),  # Sun 9/20 worked
        (date(2026, 9, 24), 1, date(2026, 9, 28)),  # 9/25 Fri is Mid-autumn
        (date(2026, 9, 30), 1, date(2026, 10, 8)),
        (date(2026, 9, 30), 3, date(2026, 10, 10)),  # Sat 10/10 worked
        (date(2026, 9, 30), 4, date(2026, 10, 12)),
        # Labour Day 2026 and New Year 2026
        (date(2026, 4, 30), 1, date(2026, 5, 6)),
        (date(2026, 5, 8), 1, date(2026, 5, 9)),  # Sat 5/9 worked
        (date(2025, 12, 31), 1, date(2026, 1, 4)),  # Sun 1/4 worked
        # Zero days is the start itself
        (date(2026, 2, 15), 0, date(2026, 2, 15)),
    ],
)
def test_add_working_days(start, days, expected):
    assert clock.add_working_days(start, days) == expected


def test_2026_make_up_days_are_working_days_and_the_breaks_are_not():
    for day in [
        date(2026, 1, 4),
        date(2026, 2, 14),
        date(2026, 2, 28),
        date(2026, 5, 9),
        date(2026, 9, 20),
        date(2026, 10, 10),
    ]:
        assert clock.is_workday(day), day
    for day in [
        date(2026, 1, 2),
        date(2026, 2, 16),
        date(2026, 2, 23),
        date(2026, 5, 5),
        date(2026, 9, 25),
        date(2026, 10, 7),
    ]:
        assert not clock.is_workday(day), day
    assert clock.is_workday(date(2026, 3, 2)) and not clock.is_workday(date(2026, 3, 7))  # ordinary Mon / Sat


@pytest.mark.parametrize(
    "start, end, expected",
    [
        (date(2026, 2, 13), date(2026, 2, 24), 2),  # 2/14 and 2/24
        (date(2026, 2, 13), date(2026, 2, 13), 0),
        (date(2026, 2, 24), date(2026, 2, 13), 0),  # end before start
        (date(2025, 9, 30), date(2025, 10, 12), 3),  # 10/9, 10/10, 10/11
        (date(2025, 12, 31), date(2026, 12, 31), 248),  # the whole of 2026
    ],
)
def test_working_days_between(start, end, expected):
    assert clock.working_days_between(start, end) == expected
