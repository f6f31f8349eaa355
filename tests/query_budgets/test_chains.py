"""Budgets of 一件事 applications: staff list and board, the applicant's list, details and API."""

import pytest
from django.urls import reverse

from chains.services import chain_application_submit
from hall.constants import Role
from tests.chains.helpers import chain_files, make_chain
from tests.factories import make_applicant_user, make_staff
from tests.query_budgets.budget import assert_budget
from tests.query_budgets.conftest import api_client, page_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain():
    return make_chain()[0]


@pytest.fixture
def applicant():
    return make_applicant_user()


def applications(n, *, chain, user=None):
    def make():
        return [
            chain_application_submit(
                chain=chain, by=user or make_applicant_user(), channel="online", files=chain_files()
            )
            for _ in range(n)
        ]

    return make


@pytest.mark.parametrize(
    "route,role",
    [
        ("chains:staff-list", Role.SUPERVISOR),
        ("chains:staff-list", Role.FRONT_DESK),  # the front desk also sees the chains to register
        ("chains:board", Role.SUPERVISOR),
        ("api-chain-applications", Role.SUPERVISOR),
        ("api-chain-applications", Role.FRONT_DESK),
    ],
)
def test_staff_lists(chain, route, role):
    applications(2, chain=chain)()
    client = (api_client if route.startswith("api-") else page_client)(make_staff(role=role))
    assert_budget(client, route, add_rows=applications(4, chain=chain))


def test_portal_list(chain, applicant):
    applications(2, chain=chain, user=applicant)()
    more = applications(4, chain=chain, user=applicant)
    assert_budget(page_client(applicant), "chains:portal-list", add_rows=more)


@pytest.mark.parametrize(
    "route", ["chains:staff-detail", "chains:receipt", "api-chain-application", "chains:portal-detail"]
)
def test_detail(chain, applicant, route):
    app = applications(1, chain=chain, user=applicant)()[0]
    user = applicant if route == "chains:portal-detail" else make_staff(role=Role.SUPERVISOR)
    if route == "chains:receipt":
        user = make_staff(role=Role.FRONT_DESK)

    def other():  # the same chain's page for a second application (the chain's size is fixed)
        return reverse(route, kwargs={"number": applications(1, chain=chain, user=applicant)()[0].number})

    client = (api_client if route.startswith("api-") else page_client)(user)
    assert_budget(client, route, kwargs={"number": app.number}, add_rows=other)
