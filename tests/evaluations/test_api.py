"""REST: ratings (scoped), the national exchange shape, tickets, complaints; all in the OpenAPI schema."""

import pytest
from rest_framework.test import APIClient

from evaluations import services
from evaluations.constants import RatingChannel
from hall.constants import Role
from tests.evaluations.helpers import delivered_online_case
from tests.factories import make_applicant_user, make_department, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def rated():
    case, occasion = delivered_online_case()
    rating = services.rating_submit(
        occasion=occasion,
        channel=RatingChannel.SMS,
        score=2,
        bad_indicator="guide",
        reason="办事指南写得不清楚",
        indicators={"guide": 2, "platform": 4},
    )
    return case, rating


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_ratings_are_scoped(rated):
    case, rating = rated
    assert api().get("/api/v1/ratings/").status_code in (401, 403)
    assert (
        api(make_staff(role=Role.REVIEWER, department=make_department())).get("/api/v1/ratings/").json()["count"] == 0
    )
    own = api(make_staff(role=Role.REVIEWER, department=case.department)).get("/api/v1/ratings/").json()
    assert own["count"] == 1 and own["results"][0]["case"] == case.number and own["results"][0]["score"] == 2
    assert api(case.applicant_user).get("/api/v1/ratings/").json()["count"] == 1
    assert api(make_applicant_user()).get("/api/v1/ratings/").json()["count"] == 0
    supervisor = api(make_staff(role=Role.SUPERVISOR))
    assert supervisor.get("/api/v1/ratings/?score=5").json()["count"] == 0
    assert supervisor.get(f"/api/v1/ratings/?department={case.department.code}").json()["count"] == 1


def test_the_exchange_shape(rated):
    case, rating = rated
    body = api(make_staff(role=Role.SUPERVISOR)).get("/api/v1/ratings/exchange/").json()
    record = body["results"][0]
    assert record["evaluateLevel"] == 2 and record["evaluateLevelName"] == "不满意"
    assert record["projectNo"] == case.number and record["taskCode"] == case.item.code
    assert record["deptCode"] == case.department.code and record["channel"] == "4" and record["evaluateType"] == "2"
    assert {"code": "guide", "level": 2} in record["indicators"] and record["badIndicator"] == "guide"
    assert record["evaluateTime"].startswith(rating.rated_at.astimezone().strftime("%Y-"))


def test_tickets_and_complaints(rated):
    case, _rating = rated
    assert (
        api(make_staff(role=Role.REVIEWER, department=make_department()))
        .get("/api/v1/evaluation-tickets/")
        .json()["count"]
        == 0
    )
    assert (
        api(make_staff(role=Role.REVIEWER, department=case.department))
        .get("/api/v1/evaluation-tickets/")
        .json()["count"]
        == 1
    )
    applicant = api(case.applicant_user)
    assert applicant.post("/api/v1/complaints/", {"subject": "", "content": "x"}, format="json").status_code == 400
    assert (
        applicant.post(
            "/api/v1/complaints/", {"subject": "慢", "content": "办理太慢了", "case": "NOPE"}, format="json"
        ).status_code
        == 400
    )
    created = applicant.post(
        "/api/v1/complaints/", {"subject": "办理太慢", "content": "办理太慢了", "case": case.number}, format="json"
    )
    assert created.status_code == 201 and created.json()["ticket"]
    assert (
        api(make_staff(role=Role.FRONT_DESK))
        .post("/api/v1/complaints/", {"subject": "办理太慢", "content": "办理太慢了"}, format="json")
        .status_code
        == 403
    )
    assert api().post("/api/v1/complaints/", {"subject": "a", "content": "b"}, format="json").status_code in (401, 403)


def test_the_schema_documents_the_endpoints(client):
    schema = client.get("/api/schema/").content.decode()
    for path in ("/api/v1/ratings/", "/api/v1/ratings/exchange/", "/api/v1/evaluation-tickets/", "/api/v1/complaints/"):
        assert path in schema
