"""Budgets of key accounts (重点企业) and home visits (上门办) pages and API."""

import pytest
from django.urls import reverse

from approvals.services.publishing import deliver_all_pending
from hall.constants import Role, WindowKind
from homevisits import services as visits
from keyaccounts import services as accounts
from tests.factories import (
    Cast,
    applicant_data,
    credit_code,
    make_applicant_user,
    make_case,
    make_department,
    make_item,
    make_staff,
    make_window,
)
from tests.query_budgets.budget import assert_budget
from tests.query_budgets.conftest import api_client, page_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def dept():
    return make_department(code="scjg", name="市场监管局")


@pytest.fixture
def cast(dept):
    return Cast(dept)


@pytest.fixture
def admin():
    return make_staff(role=Role.HALL_ADMIN)


@pytest.fixture
def room():
    return make_window(kind=WindowKind.COMPREHENSIVE, number="30")


def key_accounts(n, *, admin, room, dept, cast):
    """n key accounts, each with a routed case and a follow-up."""
    item = make_item(department=dept, applicant_types=["organisation"], materials=1)

    def make():
        made = []
        for _i in range(n):
            code = credit_code()
            account = accounts.account_save(by=admin, name=f"示范企业{code[-6:]}", credit_code=code, window=room)
            case = make_case(
                item=item, cast=cast, applicant=applicant_data(type="organisation", name="企业", id_number=code)
            )
            accounts.followup_record(account=account, by=admin, method="phone", summary="回访", case=None)
            made.append((account, case))
        deliver_all_pending()
        return made

    return make


@pytest.mark.parametrize(
    "route", ["keyaccounts:list", "api-key-accounts", "keyaccounts:window", "api-key-account-queue"]
)
def test_key_account_lists(admin, room, dept, cast, route):
    key_accounts(2, admin=admin, room=room, dept=dept, cast=cast)()
    user = make_staff(role=Role.FRONT_DESK, window=room) if "window" in route or "queue" in route else admin
    client = (api_client if route.startswith("api-") else page_client)(user)
    assert_budget(client, route, add_rows=key_accounts(5, admin=admin, room=room, dept=dept, cast=cast))


@pytest.mark.parametrize("route", ["keyaccounts:detail", "api-key-account-followups"])
def test_key_account_detail(admin, room, dept, cast, route):
    ((account, case),) = key_accounts(1, admin=admin, room=room, dept=dept, cast=cast)()

    def more():
        for _ in range(5):
            accounts.followup_record(account=account, by=admin, method="visit", summary="走访")

    client = (api_client if route.startswith("api-") else page_client)(admin)
    assert_budget(client, route, kwargs={"pk": account.pk}, add_rows=more)


def goer():
    """A front-desk clerk who goes out (one per test database)."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username="goer").first()
    return user or make_staff(role=Role.FRONT_DESK, username="goer")


def ask(by, item):
    return visits.visit_request(
        by=by, item=item, address="示范县幸福里3栋2单元101", preferred_times="工作日上午", reason="disabled"
    )


def home_visits(n, *, item, cast, applicant):
    def make():
        made = []
        for i in range(n):
            visit = ask(applicant, item)
            if i % 2:
                visit = visits.visit_assign(visit=visit, by=cast.desk, staff=goer())
            made.append(visit)
        return made

    return make


@pytest.mark.parametrize("route", ["homevisits:list", "api-home-visits", "homevisits:mine"])
def test_home_visit_lists(dept, cast, route):
    item = make_item(department=dept, materials=2)
    applicant = make_applicant_user()
    home_visits(2, item=item, cast=cast, applicant=applicant)()
    user = applicant if route == "homevisits:mine" else cast.desk
    client = (api_client if route.startswith("api-") else page_client)(user)
    assert_budget(client, route, add_rows=home_visits(5, item=item, cast=cast, applicant=applicant))


@pytest.mark.parametrize("route", ["homevisits:detail", "api-home-visit"])
def test_home_visit_detail(dept, cast, route):
    item = make_item(department=dept, materials=2)
    applicant = make_applicant_user()
    visit = home_visits(1, item=item, cast=cast, applicant=applicant)()[0]

    def bigger():
        big = ask(applicant, make_item(department=dept, materials=8))
        big = visits.visit_assign(visit=big, by=cast.desk, staff=goer())
        return reverse(route, kwargs={"pk": big.pk})

    client = (api_client if route.startswith("api-") else page_client)(cast.desk)
    assert_budget(client, route, kwargs={"pk": visit.pk}, add_rows=bigger)
