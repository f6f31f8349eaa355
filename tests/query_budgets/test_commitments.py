"""Budgets of 告知承诺: the commitments list and counts, the public credit list and the API."""

import pytest

from commitments.models import Commitment
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
