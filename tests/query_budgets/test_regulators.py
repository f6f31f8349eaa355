"""Budgets of 审管互动: the regulator inbox and board, handoffs (pages and API), joint reviews
and threads."""

import pytest
from django.urls import reverse

from approvals.services.publishing import deliver_all_pending
from hall.constants import Role
from regulators.models import Handoff
from regulators.services.joint_reviews import joint_review_request
from regulators.services.threads import thread_open, thread_reply
from tests.factories import Cast, make_case, make_department, make_item, make_staff
from tests.query_budgets.budget import assert_budget
from tests.query_budgets.conftest import api_client, page_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    dept = make_department(code="xzsp", name="行政审批服务局")
    regulator = make_department(code="scjg", name="市场监督管理局")
    item = make_item(department=dept, name="食品经营许可", materials=2)
    item.regulators.add(regulator)
    return {"item": item, "cast": Cast(dept), "regulator": regulator, "reg_cast": Cast(regulator)}


def handoffs(n, world):
    """n cases decided (each handed off to the regulator and to a new one), with a joint review inviting the
    regulator on another n cases and n threads to the regulator with a reply each."""

    def make():
        made = []
        for i in range(n):
            world["item"].regulators.add(make_department())  # one more board row each time
            case = make_case(state="granted", item=world["item"], cast=world["cast"])
            deliver_all_pending()
            made.append(Handoff.objects.get(case=case, regulator=world["regulator"]))
            review_case = make_case(state="in_review", item=world["item"], cast=world["cast"])
            joint_review_request(
                case=review_case,
                kind="review",
                subject="联合审查",
                departments=[world["regulator"]],
                limit_days=3,
                by=world["cast"].reviewer,
            )
            thread = thread_open(
                kind="change_notice",
                to_department=world["regulator"],
                subject=f"办法修订{i}",
                body="自下月起按新办法审批",
                by=world["cast"].reviewer,
            )
            thread_reply(thread=thread, body="收到", by=world["reg_cast"].reviewer)
        return made

    return make


@pytest.mark.parametrize("route", ["regulators:inbox", "api-regulator-handoffs", "regulators:board"])
def test_lists(world, route):
    handoffs(1, world)()
    user = make_staff(role=Role.SUPERVISOR) if route == "regulators:board" else world["reg_cast"].reviewer
    client = (api_client if route.startswith("api-") else page_client)(user)
    assert_budget(client, route, add_rows=handoffs(4, world))


@pytest.mark.parametrize("route", ["regulators:handoff", "api-regulator-handoff"])
def test_handoff(world, route):
    handoff = handoffs(1, world)()[0]

    def other():
        return reverse(route, kwargs={"pk": handoffs(1, world)()[0].pk})

    client = (api_client if route.startswith("api-") else page_client)(world["reg_cast"].reviewer)
    assert_budget(client, route, kwargs={"pk": handoff.pk}, add_rows=other)


def review(world, *, invited):
    departments = [world["regulator"], *(make_department() for _ in range(invited - 1))]
    case = make_case(state="in_review", item=world["item"], cast=world["cast"])
    return joint_review_request(
        case=case, kind="review", subject="联合审查", departments=departments, limit_days=3, by=world["cast"].reviewer
    )


def test_joint_review(world):
    first = review(world, invited=1)

    def bigger():  # a review with 5 invited departments
        return reverse("regulators:joint-review", kwargs={"pk": review(world, invited=5).pk})

    client = page_client(world["cast"].reviewer)
    assert_budget(client, "regulators:joint-review", kwargs={"pk": first.pk}, add_rows=bigger)


def test_joint_review_forms(world):
    """The new-review form lists the departments to invite and the case's materials."""
    case = make_case(state="in_review", item=world["item"], cast=world["cast"])

    def more():
        for _ in range(4):
            make_department()
        bigger = make_item(department=world["cast"].department, name="食品经营许可", materials=6)
        return reverse(
            "regulators:joint-review-new",
            kwargs={"number": make_case(state="in_review", item=bigger, cast=world["cast"]).number},
        )

    client = page_client(world["cast"].reviewer)
    assert_budget(client, "regulators:joint-review-new", kwargs={"number": case.number}, add_rows=more)
    # the inbox's "case number" box: a redirect to that form
    assert_budget(
        client,
        "regulators:joint-review-start",
        query=f"?number={case.number}",
        status=302,
        add_rows=lambda: [make_department() for _ in range(4)],
    )


def thread(world, *, replies):
    made = thread_open(
        kind="change_notice",
        to_department=world["regulator"],
        subject="办法修订",
        body="修订",
        by=world["cast"].reviewer,
    )
    for i in range(replies):
        who = world["reg_cast"].reviewer if i % 2 == 0 else world["cast"].reviewer
        thread_reply(thread=made, body=f"答复{i}", by=who)
    return made


def test_threads(world):
    first = thread(world, replies=1)

    def bigger():
        return reverse("regulators:thread", kwargs={"pk": thread(world, replies=5).pk})

    client = page_client(world["cast"].reviewer)
    assert_budget(client, "regulators:thread", kwargs={"pk": first.pk}, add_rows=bigger)
    # the new-thread form lists the departments
    assert_budget(client, "regulators:thread-new", add_rows=lambda: [make_department() for _ in range(4)])
