"""Budgets of 告知承诺: the commitments list and counts, the public credit list and the API."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from commitments.constants import CommitmentStatus
from commitments.models import Commitment, CreditListing, Rectification
from hall.constants import Role
from tests.commitments.helpers import accept_and_issue, promised_case, sign_at_window, trust_item
from tests.factories import Cast, make_department, make_staff
from tests.query_budgets.budget import assert_budget
from tests.query_budgets.conftest import api_client, page_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def item():
    return trust_item(department=make_department(code="wsjk", name="卫生健康委"))


def promised(n, *, item, cast):
    def make():
        for _ in range(n):
            case, _cast = promised_case(item=item, cast=cast, promise=2)
            sign_at_window(case, cast)
            accept_and_issue(case, cast)

    return make


@pytest.mark.parametrize(
    "route", ["commitments:list", "commitments:counts", "api-commitments", "api-commitment-counts"]
)
def test_commitment_lists(item, route):
    cast = Cast(item.department)
    promised(2, item=item, cast=cast)()
    assert Commitment.objects.count() >= 2
    user = cast.reviewer if route in ("commitments:list", "api-commitments") else make_staff(role=Role.SUPERVISOR)
    client = (api_client if route.startswith("api-") else page_client)(user)
    assert_budget(client, route, add_rows=promised(4, item=item, cast=cast))


def breached(case):
    """Each of the case's commitments breached, with its rectification and an active listing
    (made directly: the budget needs the rows, the services are tested in tests/commitments)."""
    now = timezone.now()
    for row in Commitment.objects.filter(case=case):
        Commitment.objects.filter(pk=row.pk).update(status=CommitmentStatus.BREACHED)
        Rectification.objects.create(
            commitment=row, ordered_at=now, due_at=now + timedelta(days=10), warn_at=now, status="lapsed"
        )
        CreditListing.objects.create(
            case=case,
            commitment=row,
            department_id=case.department_id,
            subject_type=case.applicant_type,
            subject_name=case.applicant_name,
            id_number=case.applicant_id_number,
            reason="逾期未补交",
            listed_at=now,
            publicity_ends_at=now + timedelta(days=5),
            bars_until=now + timedelta(days=365),
        )
    return case


def issued(*, item, cast, promise):
    case, _cast = promised_case(item=item, cast=cast, promise=promise)
    sign_at_window(case, cast)
    return accept_and_issue(case, cast)


def listed(n, *, item, cast):
    def make():
        for _ in range(n):
            breached(issued(item=item, cast=cast, promise=2))

    return make


@pytest.mark.parametrize("route", ["api-rectifications", "api-credit-listings", "commitments:public-list"])
def test_listing_lists(item, route):
    cast = Cast(item.department)
    listed(1, item=item, cast=cast)()
    user = None if route == "commitments:public-list" else cast.reviewer
    client = (api_client if route.startswith("api-") else page_client)(user)
    assert_budget(client, route, add_rows=listed(3, item=item, cast=cast))


@pytest.mark.parametrize("route", ["commitments:case", "commitments:letter-print", "api-commitment-letter"])
def test_case_pages(route):
    # a case with 1 promised material, then one with 5 (each breached, rectified and listed)
    item = trust_item(department=make_department(code="wsjk", name="卫生健康委"), promised=5)
    cast = Cast(item.department)
    case = breached(issued(item=item, cast=cast, promise=1))

    def bigger():
        return reverse(route, kwargs={"number": breached(issued(item=item, cast=cast, promise=5)).number})

    client = (api_client if route.startswith("api-") else page_client)(cast.reviewer)
    assert_budget(client, route, kwargs={"number": case.number}, add_rows=bigger)


def test_commitment_detail(item):
    cast = Cast(item.department)
    case = breached(issued(item=item, cast=cast, promise=1))

    def other():
        case = breached(issued(item=item, cast=cast, promise=2))
        return reverse("api-commitment", kwargs={"pk": Commitment.objects.filter(case=case).last().pk})

    pk = Commitment.objects.get(case=case).pk
    assert_budget(api_client(cast.reviewer), "api-commitment", kwargs={"pk": pk}, add_rows=other)
