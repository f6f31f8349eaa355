"""GET /api/v1/calendar/deadline/ and GET /api/v1/calendar/: open, read-only, 400 in Chinese."""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_deadline_across_the_spring_festival(api):
    response = api.get("/api/v1/calendar/deadline/", {"start": "2026-02-13", "days": 5})
    assert response.status_code == 200
    assert response.json() == {
        "start": "2026-02-13",
        "days": 5,
        "deadline": "2026-02-27",
        "deadline_at": "2026-02-27T23:59:59.999999+08:00",
        "provisional": False,
    }


def test_deadline_into_a_year_without_data_is_provisional(api):
    body = api.get("/api/v1/calendar/deadline/", {"start": "2026-12-20", "days": 20}).json()
    assert body["deadline"] == "2027-01-18" and body["provisional"] is True


@pytest.mark.parametrize(
    "params, field, message",
    [
        ({"start": "2026-02-30", "days": 5}, "start", "start 不是有效日期，应为 YYYY-MM-DD。"),
        ({"start": "tomorrow", "days": 5}, "start", "start 不是有效日期，应为 YYYY-MM-DD。"),
        ({"days": 5}, "start", "请提供起算日期 start（YYYY-MM-DD）。"),
        ({"start": "2026-02-13", "days": -1}, "days", "days 不能为负数。"),
        ({"start": "2026-02-13", "days": 3651}, "days", "days 不能超过3650。"),
        ({"start": "2026-02-13", "days": "9" * 400}, "days", None),
        ({"start": "2026-02-13", "days": "five"}, "days", "days 必须是整数。"),
        ({"start": "1800-01-01", "days": 5}, "start", "日期1800-01-01超出可计算范围（1900-01-01至2200-12-31）。"),
    ],
)
def test_bad_deadline_parameters_are_400_with_a_message(api, params, field, message):
    response = api.get("/api/v1/calendar/deadline/", params)
    assert response.status_code == 400
    messages = response.json()[field]
    assert messages and (message is None or messages == [message])


def test_year_lists_every_day_with_source(api):
    body = api.get("/api/v1/calendar/", {"year": 2026}).json()
    assert body["year"] == 2026 and body["provisional"] is False and body["workdays"] == 248
    assert len(body["days"]) == 365
    by_date = {day["date"]: day for day in body["days"]}
    assert by_date["2026-02-14"] == {
        "date": "2026-02-14",
        "weekday": "星期六",
        "is_workday": True,
        "note": "春节调休上班",
        "source": "official",
    }
    assert by_date["2026-03-04"]["source"] == "regular" and by_date["2026-03-04"]["is_workday"] is True


def test_year_special_days_only_and_provisional_year(api):
    body = api.get("/api/v1/calendar/", {"year": 2027, "special": "true"}).json()
    assert body["provisional"] is True
    assert [(d["date"], d["source"]) for d in body["days"]][:3] == [
        ("2027-01-01", "provisional"),
        ("2027-05-01", "provisional"),
        ("2027-05-02", "provisional"),
    ]
    assert all(not d["is_workday"] for d in body["days"])


@pytest.mark.parametrize("year", ["1999", "2101", "abc", "9" * 50])
def test_bad_year_is_400(api, year):
    response = api.get("/api/v1/calendar/", {"year": year})
    assert response.status_code == 400 and response.json()["year"]


def test_calendar_endpoints_are_in_the_openapi_schema(api):
    schema = api.get("/api/schema/", {"format": "json"}).json()
    deadline = schema["paths"]["/api/v1/calendar/deadline/"]["get"]
    assert {p["name"] for p in deadline["parameters"]} >= {"start", "days"}
    assert {p["name"] for p in schema["paths"]["/api/v1/calendar/"]["get"]["parameters"]} >= {"year"}
