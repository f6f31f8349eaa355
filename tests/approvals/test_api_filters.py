"""GET cases/?window=: window numbers are per hall, so `hall` (its code) or the caller's own hall
says which window "3" is meant (approvals.api.filters)."""

from types import SimpleNamespace

import pytest

from approvals import services as s
from hall.constants import HallLevel, Role, WindowKind
from hall.services import hall_save, window_save
from tests.approvals.api_helpers import client_for
from tests.factories import applicant_data, make_department, make_item, make_staff
from tests.query_budgets.budget import count_statements

pytestmark = pytest.mark.django_db

AMBIGUOUS = "多个大厅都有该窗口号，请同时指定 hall（大厅编码）。"


@pytest.fixture
def halls():
    """A city with halls A and B below it, each with a window "3" that received a case of a
    全市通办 item decided by a city department."""
    city = hall_save(code="wcity", name="示范市政务服务中心", level=HallLevel.CITY)
    hall_a = hall_save(code="wa", name="甲县政务服务中心", level=HallLevel.COUNTY, parent=city)
    hall_b = hall_save(code="wb", name="乙县政务服务中心", level=HallLevel.COUNTY, parent=city)
    dept = make_department(code="wcity-gaj", name="市公安局", hall=city)
    item = make_item(department=dept, citywide=True)

    def clerk_at(hall, number="3"):
        window = window_save(number=number, name="综合受理窗口", kind=WindowKind.COMPREHENSIVE, hall=hall)
        return make_staff(role=Role.FRONT_DESK, window=window)

    clerk_a, clerk_b = clerk_at(hall_a), clerk_at(hall_b)
    case_a = s.case_create(item=item, channel="window", applicant=applicant_data(), by=clerk_a)
    case_b = s.case_create(item=item, channel="window", applicant=applicant_data(), by=clerk_b)
    assert (case_a.hall_id, case_b.hall_id) == (hall_a.pk, hall_b.pk)
    return SimpleNamespace(
        city=city,
        a=hall_a,
        b=hall_b,
        dept=dept,
        clerk_a=clerk_a,
        clerk_b=clerk_b,
        case_a=case_a,
        case_b=case_b,
        supervisor=make_staff(role=Role.SUPERVISOR, hall=city),
        clerk_at=clerk_at,
    )


def numbers(response):
    assert response.status_code == 200, response.content.decode()
    return {row["number"] for row in response.json()["results"]}


def test_a_clerk_filtering_by_number_gets_their_own_halls_window(halls):
    assert numbers(client_for(halls.clerk_a).get("/api/v1/cases/?window=3")) == {halls.case_a.number}
    assert numbers(client_for(halls.clerk_b).get("/api/v1/cases/?window=3")) == {halls.case_b.number}


def test_a_supervisor_over_both_halls_must_name_the_hall(halls):
    client = client_for(halls.supervisor)
    assert numbers(client.get("/api/v1/cases/")) >= {halls.case_a.number, halls.case_b.number}
    response = client.get("/api/v1/cases/?window=3")
    assert response.status_code == 400
    assert response.json() == {"window": [AMBIGUOUS]}
    assert numbers(client.get("/api/v1/cases/?window=3&hall=wa")) == {halls.case_a.number}
    assert numbers(client.get("/api/v1/cases/?window=3&hall=wb")) == {halls.case_b.number}


def test_hall_names_the_window_even_for_a_clerk_of_another_hall(halls):
    # hall= wins over the own hall; the clerk still sees only what they may see (nothing of B).
    assert numbers(client_for(halls.clerk_a).get("/api/v1/cases/?window=3&hall=wb")) == set()


def test_a_number_only_one_hall_has_needs_no_hall(halls):
    clerk = halls.clerk_at(halls.a, number="7")
    case = s.case_create(item=halls.case_a.item, channel="window", applicant=applicant_data(), by=clerk)
    assert numbers(client_for(halls.supervisor).get("/api/v1/cases/?window=7")) == {case.number}


def test_a_department_reviewer_falls_back_to_the_one_hall_or_is_asked_for_it(halls):
    # The city department's hall has no window 3: A and B both have one, so the hall is asked for.
    reviewer = make_staff(role=Role.REVIEWER, department=halls.dept)
    client = client_for(reviewer)
    assert client.get("/api/v1/cases/?window=3").json() == {"window": [AMBIGUOUS]}
    assert numbers(client.get("/api/v1/cases/?window=3&hall=wa")) == {halls.case_a.number}


def test_unknown_hall_window_or_a_hall_without_window_is_a_400(halls):
    client = client_for(halls.supervisor)
    response = client.get("/api/v1/cases/?window=3&hall=nope")
    assert response.status_code == 400 and response.json() == {"hall": ["大厅不存在。"]}
    response = client.get("/api/v1/cases/?window=99")
    assert response.status_code == 400 and response.json() == {"window": ["窗口不存在。"]}
    response = client.get("/api/v1/cases/?window=99&hall=wa")
    assert response.status_code == 400 and response.json() == {"window": ["窗口不存在。"]}
    response = client.get("/api/v1/cases/?hall=wa")
    assert response.status_code == 400 and list(response.json()) == ["hall"]
    response = client.get("/api/v1/cases/?window=3&hall=")
    assert response.status_code == 400 and list(response.json()) == ["hall"]


@pytest.mark.parametrize("who", ["clerk_a", "supervisor"])
def test_resolving_the_window_costs_one_statement(halls, who):
    client = client_for(getattr(halls, who))
    query = "window=3" if who == "clerk_a" else "window=3&hall=wa"
    client.get(f"/api/v1/cases/?{query}")  # warm the per-process caches
    with count_statements() as plain:
        assert client.get("/api/v1/cases/").status_code == 200
    with count_statements() as filtered:
        assert client.get(f"/api/v1/cases/?{query}").status_code == 200
    assert filtered.count <= plain.count + 1, filtered.listing()


def test_the_schema_documents_the_hall_parameter():
    import yaml
    from rest_framework.test import APIClient

    schema = yaml.safe_load(APIClient().get("/api/schema/").content)
    params = {p["name"]: p for p in schema["paths"]["/api/v1/cases/"]["get"]["parameters"]}
    assert "window" in params and params["hall"]["schema"]["type"] == "string"
    assert "大厅编码" in params["hall"]["description"]
