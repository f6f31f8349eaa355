"""Budgets of 好差评 (ratings, tickets, rankings, votes) pages and API."""

import itertools
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations import selectors, services
from evaluations.constants import RatingChannel
from hall.constants import Role
from tests.evaluations.helpers import delivered_online_case
from tests.factories import make_applicant_user, make_department, make_item, make_staff, make_window
from tests.query_budgets.budget import assert_budget
from tests.query_budgets.conftest import api_client, page_client

pytestmark = pytest.mark.django_db

BAD = {"score": "1", "bad_indicator": "efficiency", "reason": "等了很久才办好"}


@pytest.fixture
def item():
    return make_item(department=make_department())


def rated(n, *, item, applicant=None, rate=True):
    """n delivered online cases of `item`, rated badly (each opens a ticket)."""

    def make():
        made = []
        for _ in range(n):
            case, occasion = delivered_online_case(item=item, applicant=applicant)
            if rate:
                services.rating_submit(occasion=occasion, channel=RatingChannel.SMS, **BAD)
            made.append((case, occasion))
        return made

    return make


@pytest.mark.parametrize(
    "route", ["evaluations:tickets", "api-evaluation-tickets", "api-ratings", "api-ratings-exchange"]
)
def test_staff_lists(item, route):
    rated(2, item=item)()
    user = make_staff(role=Role.SUPERVISOR)
    client = (api_client if route.startswith("api-") else page_client)(user)
    assert_budget(client, route, add_rows=rated(4, item=item))


@pytest.mark.parametrize("route", ["evaluations:rankings", "evaluations:stars", "evaluations:board-satisfaction"])
def test_standing_pages(route):
    def more(n):
        def make():
            for _ in range(n):
                rated(1, item=make_item(department=make_department()))()

        return make

    more(2)()
    assert_budget(page_client(make_staff(role=Role.SUPERVISOR)), route, add_rows=more(4))


def test_rankings_with_ranked_windows():
    """With windows rated this month and last, the 约谈 check also reads last month's window
    ranking: the page's fullest path. 2 windows, then 6."""
    from datetime import datetime, time

    from catalog.clock import SHANGHAI
    from evaluations import rankings
    from tests.evaluations.test_rankings import rate

    this = rankings.current_month()
    days = [datetime.combine(p.start, time(10), tzinfo=SHANGHAI) for p in (this, this.previous())]

    def windows(n):
        def make():
            for i in range(n):
                window = make_window(department=make_department())
                staff = make_staff(role=Role.FRONT_DESK, window=window)
                for at in days:
                    rate(window, staff, [5 - i % 4], at)

        return make

    windows(2)()
    client = page_client(make_staff(role=Role.SUPERVISOR))
    assert_budget(client, "evaluations:rankings", add_rows=windows(4))


def test_ticket_detail(item):
    from evaluations.models import Ticket

    rated(1, item=item)()
    ticket = Ticket.objects.get()
    reviewer = make_staff(role=Role.REVIEWER, department=item.department)

    def bigger():
        services.ticket_callback(ticket=ticket, note="已回访", by=reviewer)
        services.ticket_respond(ticket=ticket, verdict="fixed", response="已整改到位", by=reviewer)

    assert_budget(page_client(reviewer), "evaluations:ticket", kwargs={"pk": ticket.pk}, add_rows=bigger)


def test_my_ratings(item):
    applicant = make_applicant_user()
    rated(2, item=item, applicant=applicant)()
    assert_budget(page_client(applicant), "evaluations:my-ratings", add_rows=rated(4, item=item, applicant=applicant))


def test_rate_pages(item):
    applicant = make_applicant_user()
    ((case, occasion),) = rated(1, item=item, applicant=applicant, rate=False)()
    assert_budget(
        page_client(applicant), "evaluations:rate-case", kwargs={"number": case.number}, add_rows=lambda: None
    )
    url = occasion.sms_link
    assert_budget(page_client(None), "evaluations:sms-rate", url=url[url.index("/r/") :], add_rows=lambda: None)


@pytest.mark.parametrize("route", ["evaluations:complain", "evaluations:complaint-record"])
def test_complaint_forms(route):
    user = make_applicant_user() if route == "evaluations:complain" else make_staff(role=Role.COMPLAINT_DESK)
    assert_budget(page_client(user), route, add_rows=lambda: None)


def test_window_and_pad():
    window = make_window()
    clerk = make_staff(role=Role.FRONT_DESK, window=window)
    assert_budget(page_client(clerk), "evaluations:window", add_rows=lambda: None)
    args = {"number": window.number, "key": selectors.pad_key(window)}
    assert_budget(page_client(None), "evaluations:pad", kwargs=args, add_rows=lambda: None)
    assert_budget(
        page_client(None), "evaluations:pad-poll", kwargs=args, query="?current=", status=204, add_rows=lambda: None
    )


@pytest.fixture
def campaign():
    today = timezone.localdate()
    a, b = make_department(), make_department()
    return services.campaign_create(
        title="最难办事科室评议",
        starts_on=today - timedelta(days=1),
        ends_on=today + timedelta(days=10),
        offices=[(a, "审批科"), (b, "登记科"), (b, "综合科")],
        by=make_staff(role=Role.SUPERVISOR),
    )


_voters = itertools.count(10_000_000)


def ballots(campaign, n):
    def make():
        offices = list(campaign.offices.all())
        for i in range(n):
            services.ballot_cast(
                campaign=campaign,
                office_id=offices[i % len(offices)].pk,
                behaviours=["cold"],
                example="来回跑了四趟。" * 2,
                voter=f"139{next(_voters):08d}",
            )

    return make


def test_vote_page(campaign):
    ballots(campaign, 3)()
    assert_budget(page_client(None), "evaluations:vote", kwargs={"pk": campaign.pk}, add_rows=ballots(campaign, 6))


def test_vote_results(campaign):
    supervisor = make_staff(role=Role.SUPERVISOR)
    ballots(campaign, 3)()
    services.campaign_publish(campaign=campaign, by=supervisor)

    def bigger():
        today = timezone.localdate()
        offices = [(make_department(), f"科室{i}") for i in range(5)]
        big = services.campaign_create(
            title="评议",
            starts_on=today - timedelta(days=1),
            ends_on=today + timedelta(days=5),
            offices=offices,
            by=supervisor,
        )
        ballots(big, 10)()
        services.campaign_publish(campaign=big, by=supervisor)
        return reverse("evaluations:vote-results", kwargs={"pk": big.pk})

    assert_budget(page_client(supervisor), "evaluations:vote-results", kwargs={"pk": campaign.pk}, add_rows=bigger)


def test_campaigns(campaign):
    supervisor = make_staff(role=Role.SUPERVISOR)

    ballots(campaign, 3)()

    def more():
        today = timezone.localdate()
        for _ in range(3):
            made = services.campaign_create(
                title="评议",
                starts_on=today - timedelta(days=1),
                ends_on=today + timedelta(days=5),
                offices=[(make_department(), "审批科"), (make_department(), "登记科")],
                by=supervisor,
            )
            ballots(made, 4)()

    assert_budget(page_client(supervisor), "evaluations:campaigns", add_rows=more)
