"""GET cases/: scoping, filters, levels, pagination and masked personal data."""

from datetime import timedelta

import pytest
import time_machine

from approvals import services as s
from hall.constants import Role
from tests.approvals.api_helpers import client_for
from tests.factories import Cast, make_case, make_item, make_staff

pytestmark = pytest.mark.django_db


def numbers(response):
    assert response.status_code == 200, response.content.decode()
    return {row["number"] for row in response.json()["results"]}


def test_list_is_scoped_filtered_paginated_and_masked(item, cast, other_dept):
    received = make_case(state="received", item=item, cast=cast)
    review = make_case(state="in_review", item=item, cast=cast)
    other_cast = Cast(other_dept)
    foreign = make_case(state="in_review", item=make_item(department=other_dept), cast=other_cast)

    body = client_for(cast.reviewer).get("/api/v1/cases/").json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert {r["number"] for r in body["results"]} == {received.number, review.number}
    row = next(r for r in body["results"] if r["number"] == review.number)
    assert "*" in row["applicant_id_number"] and row["applicant_id_number"] != review.applicant_id_number
    assert "*" in row["applicant_phone"]
    assert row["level"] == "green" and row["department"] == "scjg"

    supervisor = make_staff(role=Role.SUPERVISOR)
    client = client_for(supervisor)
    assert numbers(client.get("/api/v1/cases/")) >= {received.number, review.number, foreign.number}
    assert numbers(client.get("/api/v1/cases/?state=in_review&department=scjg")) == {review.number}
    assert numbers(client.get(f"/api/v1/cases/?item={item.code}&state=received,in_review")) == {
        received.number,
        review.number,
    }
    assert numbers(client.get("/api/v1/cases/?window=1")) >= {received.number}
    assert client.get("/api/v1/cases/?state=bogus").status_code == 400
    assert client.get("/api/v1/cases/?level=purple").status_code == 400
    assert client.get("/api/v1/cases/?department=nope").status_code == 400
    assert client.get("/api/v1/cases/?created_from=yesterday").status_code == 400
    page = client.get("/api/v1/cases/?page_size=1").json()
    assert page["count"] == 3 and len(page["results"]) == 1 and page["next"]

    # Supervisors read personal data masked even in the detail; the front desk sees it in full.
    assert "*" in client.get(f"/api/v1/cases/{review.number}/").json()["applicant_id_number"]
    full = client_for(cast.desk).get(f"/api/v1/cases/{review.number}/").json()
    assert full["applicant_id_number"] == review.applicant_id_number


def test_level_and_overdue_filters_follow_the_stored_clock(item, cast):
    case = make_case(state="in_review", item=item, cast=cast)
    client = client_for(cast.chief)
    assert numbers(client.get("/api/v1/cases/?level=green")) == {case.number}
    with time_machine.travel(case.warn_at + timedelta(minutes=1), tick=False):
        assert numbers(client.get("/api/v1/cases/?level=yellow")) == {case.number}
        assert numbers(client.get("/api/v1/cases/?overdue=true")) == set()
    with time_machine.travel(case.deadline_at + timedelta(minutes=1), tick=False):
        assert numbers(client.get("/api/v1/cases/?level=red")) == {case.number}
        assert numbers(client.get("/api/v1/cases/?overdue=true")) == {case.number}


def test_detail_lists_materials_with_id_and_status(item, cast):
    case = make_case(state="received", item=item, cast=cast)
    detail = client_for(cast.desk).get(f"/api/v1/cases/{case.number}/").json()
    assert [(m["id"], m["status"]) for m in detail["materials"]] == [
        (m.requirement_id, "missing") for m in case.materials.order_by("position")
    ]
    assert detail["query_code"] == case.query_code and detail["level"] == "none"
    assert detail["timeline"][0]["action"] == "create"


def test_detail_lists_the_actions_the_user_may_take_now(item, cast):
    case = make_case(state="in_review", item=item, cast=cast)
    actions = lambda user: client_for(user).get(f"/api/v1/cases/{case.number}/").json()["actions"]  # noqa: E731
    assert set(actions(cast.reviewer)) == {"advance", "suspend"}  # not at the decision step yet
    assert set(actions(cast.desk)) == {"withdraw"}
    assert actions(make_staff(role=Role.SUPERVISOR)) == []
    while case.has_next_step():
        s.case_advance(case=case, by=cast.reviewer)
        case.refresh_from_db()
    assert set(actions(cast.chief)) == {"decide", "suspend"}


def test_an_empty_or_too_long_filter_is_a_400_not_ignored(item, cast):
    make_case(state="received", item=item, cast=cast)
    client = client_for(make_staff(role=Role.SUPERVISOR))
    for query in ("window=", "window=%20", "state=", "department=", "q=", "created_from=", "overdue="):
        response = client.get(f"/api/v1/cases/?{query}")
        assert response.status_code == 400, query
        name = query.split("=")[0]
        assert response.json()[name] == ["筛选条件不能为空；不按此条件筛选时请省略该参数。"]
    assert client.get("/api/v1/cases/?window=" + "9" * 17).status_code == 400
    assert client.get("/api/v1/cases/?page_size=abc").status_code == 400
