"""Rankings of windows, departments and staff; awards the hall admin confirms; 约谈 flags."""

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from catalog.clock import SHANGHAI
from evaluations import rankings, services
from evaluations.constants import AwardKind, OccasionKind, RatingChannel
from evaluations.models import RatingOccasion
from hall.constants import Role, WindowKind
from tests.factories import make_department, make_staff, make_window

pytestmark = pytest.mark.django_db


def rate(window, staff, scores, at):
    for score in scores:
        occasion = RatingOccasion.objects.create(
            kind=OccasionKind.WINDOW,
            window=window,
            staff=staff,
            created_at=at,
            presented_at=at,
            expires_at=at + timedelta(minutes=10),
            department_id=window.department_id,
        )
        services.rating_submit(
            occasion=occasion,
            channel=RatingChannel.PAD,
            score=score,
            bad_indicator="attitude",
            reason="态度不好不耐烦",
            now=at,
        )


@pytest.fixture
def hall():
    dept = make_department(name="市场监管局")
    good = make_window(kind=WindowKind.SPECIALISED, department=dept, number="12")
    bad = make_window(number="1")
    alice = make_staff(role=Role.FRONT_DESK, window=good, username="alice")
    bob = make_staff(role=Role.FRONT_DESK, window=bad, username="bob")
    return dept, good, bad, alice, bob


def test_periods_parse_and_step_back():
    assert rankings.parse_period("2026-11").previous().key == "2026-10"
    assert rankings.parse_period("2026-1").previous().key == "2025-12"
    assert rankings.parse_period("2026-q1").previous().key == "2025-Q4"
    q = rankings.parse_period("2026-Q4")
    assert (q.start.isoformat(), q.end.isoformat()) == ("2026-10-01", "2027-01-01")
    with pytest.raises(ValidationError):
        rankings.parse_period("2026-13")


def test_the_window_ranking_counts_ratings_of_the_period_only(hall):
    _dept, good, bad, alice, bob = hall
    nov = datetime(2026, 11, 10, 10, tzinfo=SHANGHAI)
    rate(good, alice, [5, 5, 4], nov)
    rate(bad, bob, [3, 2, 1, 5], nov)
    rate(bad, bob, [5, 5, 5, 5], datetime(2026, 10, 10, 10, tzinfo=SHANGHAI))  # last month
    rows = rankings.window_ranking(rankings.parse_period("2026-11"))
    assert [r.id for r in rows] == [good.pk, bad.pk]
    first, second = rows
    assert (first.ratings, str(first.average), str(first.satisfaction)) == (3, "4.67", "100.0")
    assert (second.ratings, str(second.average), str(second.satisfaction), second.bad) == (4, "2.75", "50.0", 2)
    assert str(first.score) == "95.4"  # 0.7 * (4.67 * 20) + 0.3 * 100 (no decided cases: on time)
    staff = rankings.staff_ranking(rankings.parse_period("2026-11"))
    assert [r.id for r in staff] == [alice.pk, bob.pk]
    quarter = rankings.window_ranking(rankings.parse_period("2026-Q4"))
    assert {r.id: r.ratings for r in quarter} == {good.pk: 3, bad.pk: 8}


def test_awards_are_proposed_from_the_ranking_and_confirmed_by_the_hall_admin(hall):
    _dept, good, bad, alice, bob = hall
    nov = datetime(2026, 11, 10, 10, tzinfo=SHANGHAI)
    rate(good, alice, [5, 5, 4], nov)
    rate(bad, bob, [4, 4, 3, 2], nov)  # below the star thresholds (average 4, satisfaction 90%)
    with pytest.raises(PermissionDenied):
        services.awards_propose(period="2026-11", by=make_staff(role=Role.SUPERVISOR))
    admin = make_staff(role=Role.HALL_ADMIN)
    made = services.awards_propose(period="2026-11", by=admin)
    assert {(a.kind, a.window_id or a.staff_id) for a in made} == {
        (AwardKind.RED_FLAG, good.pk),
        (AwardKind.STAR_WINDOW, good.pk),
        (AwardKind.SERVICE_STAR, alice.pk),
    }
    assert len(services.awards_propose(period="2026-11", by=admin)) == 3  # idempotent
    services.award_confirm(award=made[0], by=admin)
    with pytest.raises(services.EvaluationConflict):
        services.award_confirm(award=made[0], by=admin)


def test_a_window_last_two_months_running_is_flagged_for_talk(hall):
    _dept, good, bad, alice, bob = hall
    for month in (10, 11):
        at = datetime(2026, month, 12, 10, tzinfo=SHANGHAI)
        rate(good, alice, [5, 4], at)
        rate(bad, bob, [2, 3], at)
    flags = rankings.talk_flags(rankings.parse_period("2026-11"))
    assert [f["window_id"] for f in flags] == [bad.pk]
    assert flags[0]["months"] == ["2026-10", "2026-11"]
    assert rankings.talk_flags(rankings.parse_period("2026-10")) == []  # September had no ratings
    assert [f["window_id"] for f in rankings.talk_flags(rankings.parse_period("2026-Q4"))] == []  # Dec vs Nov
    # the rankings page hands over the month's window ranking it has already read: the same flags
    november = rankings.parse_period("2026-11")
    assert rankings.talk_flags(november, ranked=rankings.window_ranking(november)) == flags
    quarter = rankings.parse_period("2026-Q4")
    assert rankings.talk_flags(quarter, ranked=rankings.window_ranking(quarter)) == rankings.talk_flags(quarter)


def test_a_rating_found_mistaken_on_review_leaves_the_ranking(hall):
    from evaluations.constants import Verdict

    _dept, good, _bad, alice, _bob = hall
    nov = datetime(2026, 11, 10, 10, tzinfo=SHANGHAI)
    rate(good, alice, [5, 1], nov)
    from evaluations.models import Ticket

    ticket = Ticket.objects.get()
    services.ticket_respond(ticket=ticket, verdict=Verdict.MISTAKEN, response="群众误按，已核实视频", by=alice)
    assert rankings.window_ranking(rankings.parse_period("2026-11"))[0].ratings == 2  # not until reviewed
    services.ticket_review(ticket=ticket, decision="approve", by=make_staff(role=Role.SUPERVISOR))
    row = rankings.window_ranking(rankings.parse_period("2026-11"))[0]
    assert (row.ratings, str(row.average)) == (1, "5.00")
