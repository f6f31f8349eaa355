"""Budgets of the catalog (API and service guide), the home page, messages and account pages."""

import pytest
from django.urls import reverse

from approvals.services.publishing import deliver_all_pending
from hall.constants import Role
from portal import services as portal
from tests.factories import make_applicant_user, make_department, make_item, make_staff
from tests.portal.helpers import submitted_case
from tests.query_budgets.budget import assert_budget
from tests.query_budgets.conftest import api_client, page_client

pytestmark = pytest.mark.django_db


def items(n):
    def make():
        for _ in range(n):
            make_item(department=make_department(), materials=3, optional_materials=1)

    return make


def big_item():
    return make_item(
        department=make_department(), materials=8, optional_materials=3, steps=("受理", "初审", "复审", "决定")
    )


def make_chain(*, steps=3):
    """A chain of `steps` items, each in its own department."""
    from catalog.models import Chain, ChainStep

    dept = make_department()
    chain = Chain.objects.create(code=f"chain-{dept.code}", name=f"一件事{dept.code}")
    for n in range(1, steps + 1):
        ChainStep.objects.create(chain=chain, position=n, item=make_item(department=dept if n == 1 else None))
    return chain


def chains(n):
    def make():
        return [make_chain() for _ in range(n)]

    return make


@pytest.mark.parametrize("route", ["item-list", "department-list", "catalog:guide-list", "home"])
def test_catalog_lists(route):
    items(3)()
    assert_budget(page_client(None), route, add_rows=items(6))


def test_catalog_export():
    items(3)()
    chains(1)()
    admin = make_staff(role=Role.HALL_ADMIN, department=make_department())
    admin.is_staff = admin.is_superuser = True
    admin.save()
    assert_budget(api_client(admin), "catalog-export", add_rows=lambda: (items(6)(), chains(2)()))


@pytest.mark.parametrize("route", ["item-detail", "catalog:guide-detail"])
def test_item_detail(route):
    item = make_item(department=make_department())

    def bigger():
        return reverse(route, kwargs={"code": big_item().code})

    assert_budget(page_client(None), route, kwargs={"code": item.code}, add_rows=bigger)


def test_department_detail():
    dept = make_department()
    make_item(department=dept)

    def bigger():
        for _ in range(5):
            make_item(department=dept)

    assert_budget(page_client(None), "department-detail", kwargs={"code": dept.code}, add_rows=bigger)


@pytest.mark.parametrize("route", ["chain-list", "catalog:chain-list"])
def test_chain_lists(route):
    chains(1)()
    assert_budget(page_client(None), route, add_rows=chains(3))


@pytest.mark.parametrize("route", ["chain-detail", "catalog:chain-detail"])
def test_chain_detail(route):
    chain = chains(1)()[0]

    def bigger():
        return reverse(route, kwargs={"code": make_chain(steps=7).code})

    assert_budget(page_client(None), route, kwargs={"code": chain.code}, add_rows=bigger)


@pytest.mark.parametrize(
    "route,query", [("calendar-year", "?year=2026"), ("calendar-deadline", "?start=2026-02-13&days=20")]
)
def test_calendar(route, query):
    def longer():
        return reverse("calendar-deadline") + "?start=2026-02-13&days=120" if route == "calendar-deadline" else None

    assert_budget(page_client(None), route, query=query, add_rows=longer)


def test_messages_inbox():
    applicant = make_applicant_user()
    item = make_item(department=make_department())

    def cases(n):
        def make():
            for _ in range(n):
                submitted_case(item=item, by=applicant)
            portal.application_start(item=item, by=applicant)
            deliver_all_pending()

        return make

    cases(2)()
    assert_budget(page_client(applicant), "messaging:inbox", add_rows=cases(5))


@pytest.mark.parametrize(
    "route",
    ["accounts:security", "accounts:password-change", "accounts:otp-setup", "password_change", "password_change_done"],
)
def test_account_pages(route):
    from django.test import Client

    user = make_staff(role=Role.FRONT_DESK)
    client = Client()
    client.force_login(user)

    def more_sessions():
        for _ in range(4):  # the same person signed in elsewhere too
            Client().force_login(user)

    assert_budget(client, route, add_rows=more_sessions)


@pytest.mark.parametrize(
    "route", ["login", "password_reset", "password_reset_done", "password_reset_complete", "accounts:otp-verify"]
)
def test_sign_in_pages(route):
    user = make_staff(role=Role.FRONT_DESK)
    client = page_client(user) if route == "accounts:otp-verify" else page_client(None)
    assert_budget(client, route, status=(302 if route == "accounts:otp-verify" else 200), add_rows=lambda: None)
