"""Budgets of the case API, the workbench and the notices (approvals)."""

import pytest

from hall.constants import Role
from tests.factories import Cast, make_case, make_department, make_item, make_staff
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
def item(dept):
    return make_item(department=dept, materials=2, optional_materials=1)


def cases(n, *, item, cast, states=("received", "in_review", "dispatched", "ready")):
    def make():
        return [make_case(state=states[i % len(states)], item=item, cast=cast) for i in range(n)]

    return make


def big_case(dept, cast, state="delivered"):
    """A case with more materials, steps and events than the first one measured."""
    item = make_item(department=dept, materials=5, optional_materials=2, steps=("受理", "初审", "复审", "会签", "决定"))
    return make_case(state=state, item=item, cast=cast)


# --- API ---


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.SUPERVISOR, Role.FRONT_DESK])
def test_case_list(item, cast, role):
    cases(3, item=item, cast=cast)()
    user = {Role.REVIEWER: cast.reviewer, Role.FRONT_DESK: cast.desk}.get(role) or make_staff(role=role)
    assert_budget(api_client(user), "case-list", add_rows=cases(5, item=item, cast=cast))


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.SUPERVISOR, Role.FRONT_DESK])
def test_case_list_by_window(item, cast, role):
    """?window= resolves the number (per hall) in one statement, whoever asks."""
    cases(3, item=item, cast=cast)()
    user = {Role.REVIEWER: cast.reviewer, Role.FRONT_DESK: cast.desk}.get(role) or make_staff(role=role)
    assert_budget(api_client(user), "case-list", query="?window=1", add_rows=cases(5, item=item, cast=cast))


@pytest.mark.parametrize("route", ["case-detail", "case-events"])
def test_case_detail(dept, item, cast, route):
    case = make_case(state="in_review", item=item, cast=cast)

    def bigger():
        from django.urls import reverse

        return reverse(route, kwargs={"number": big_case(dept, cast).number})

    assert_budget(api_client(cast.chief), route, kwargs={"number": case.number}, add_rows=bigger)


# --- workbench ---


def test_desk(item, cast):
    cases(3, item=item, cast=cast, states=("received", "submitted", "supplement_requested"))()
    more = cases(6, item=item, cast=cast, states=("received", "submitted", "supplement_requested"))
    assert_budget(page_client(cast.desk), "approvals:desk", add_rows=more)


def test_item_picker(dept, item, cast):
    def more():
        for _ in range(5):
            make_item(department=dept)

    assert_budget(page_client(cast.desk), "approvals:item-picker", query="?q=测试", add_rows=more)


def test_search(item, cast):
    cases(2, item=item, cast=cast)()
    assert_budget(page_client(cast.desk), "approvals:search", query="?q=张三", add_rows=cases(4, item=item, cast=cast))


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.CHIEF])
def test_inbox(item, cast, role):
    states = ("dispatched", "in_review", "suspended", "granted", "denied")
    cases(5, item=item, cast=cast, states=states)()
    user = cast.reviewer if role == Role.REVIEWER else cast.chief
    assert_budget(page_client(user), "approvals:inbox", add_rows=cases(10, item=item, cast=cast, states=states))


def test_delivery(item, cast):
    cases(2, item=item, cast=cast, states=("ready", "delivered"))()
    more = cases(5, item=item, cast=cast, states=("ready", "delivered"))
    assert_budget(page_client(cast.delivery), "approvals:delivery", add_rows=more)


def test_workbench_landing(cast):
    assert_budget(page_client(cast.desk), "approvals:workbench", status=302, add_rows=lambda: None)


@pytest.mark.parametrize("who", ["desk", "chief"])
def test_case_page(dept, item, cast, who):
    case = make_case(state="in_review", item=item, cast=cast)
    user = getattr(cast, who)

    def bigger():
        from django.urls import reverse

        return reverse("approvals:case", kwargs={"number": big_case(dept, cast, state="in_review").number})

    assert_budget(page_client(user), "approvals:case", kwargs={"number": case.number}, add_rows=bigger)


NOTICES = {
    "approvals:notice-acceptance": "in_review",
    "approvals:notice-supplement": "supplement_requested",
    "approvals:notice-refusal": "not_accepted",
    "approvals:notice-denial": "denied",
    "approvals:notice-receipt": "received",
    "approvals:notice-service-receipt": "delivered",
    "approvals:notice-certificate": "ready",
}


@pytest.mark.parametrize("route", sorted(NOTICES))
def test_notice(dept, item, cast, route):
    state = NOTICES[route]
    case = make_case(state=state, item=item, cast=cast)

    def bigger():
        from django.urls import reverse

        return reverse(route, kwargs={"number": big_case(dept, cast, state=state).number})

    assert_budget(page_client(cast.desk), route, kwargs={"number": case.number}, add_rows=bigger)
