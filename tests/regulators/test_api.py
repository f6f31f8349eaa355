"""REST of handoffs: scoped to the regulating department's staff and its system's token."""

import pytest
from rest_framework.test import APIClient

from regulators.models import Handoff, RegulatorEndpoint
from regulators.services.endpoints import endpoint_issue_token
from tests.factories import Cast, make_department

pytestmark = pytest.mark.django_db


@pytest.fixture
def handoff(decided):
    return Handoff.objects.get(case=decided("granted"))


def test_staff_of_the_regulator_list_read_and_acknowledge(handoff, reg_cast):
    api = APIClient()
    api.force_authenticate(reg_cast.reviewer)
    listed = api.get("/api/v1/regulators/handoffs/", {"waiting": "1"})
    assert listed.status_code == 200 and listed.json()["results"][0]["case_number"] == handoff.summary["case_number"]
    detail = api.get(f"/api/v1/regulators/handoffs/{handoff.pk}/")
    assert detail.status_code == 200 and detail.json()["materials"][0]["name"] == "申请材料1"
    acked = api.post(f"/api/v1/regulators/handoffs/{handoff.pk}/acknowledge/", {"note": "收到"}, format="json")
    assert acked.status_code == 200 and acked.json()["acknowledged_via"] == "inbox"


def test_other_department_and_anonymous_get_404_or_401(handoff, other_dept, cast):
    api = APIClient()
    assert api.get(f"/api/v1/regulators/handoffs/{handoff.pk}/").status_code in (401, 403)
    assert api.post(f"/api/v1/regulators/handoffs/{handoff.pk}/acknowledge/").status_code in (401, 403)
    api.force_authenticate(Cast(other_dept).reviewer)
    assert api.get(f"/api/v1/regulators/handoffs/{handoff.pk}/").status_code == 404
    assert api.post(f"/api/v1/regulators/handoffs/{handoff.pk}/acknowledge/").status_code == 404
    assert api.get("/api/v1/regulators/handoffs/").json()["count"] == 0
    api.force_authenticate(cast.chief)  # the approving department is not the regulator
    assert api.get(f"/api/v1/regulators/handoffs/{handoff.pk}/").status_code == 404


def test_the_regulator_system_acknowledges_with_its_token(handoff, regulator):
    endpoint = RegulatorEndpoint.objects.create(department=regulator, url="http://regulator.example/h", secret="k")
    token = endpoint_issue_token(endpoint=endpoint)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Regulator {token}")
    assert api.get("/api/v1/regulators/handoffs/").json()["count"] == 1
    acked = api.post(f"/api/v1/regulators/handoffs/{handoff.pk}/acknowledge/", {}, format="json")
    assert acked.status_code == 200 and acked.json()["acknowledged_via"] == "api"
    # Repeating it changes nothing.
    again = api.post(f"/api/v1/regulators/handoffs/{handoff.pk}/acknowledge/", {}, format="json")
    assert again.json()["acknowledged_at"] == acked.json()["acknowledged_at"]


def test_another_regulators_token_gets_404_and_a_wrong_token_401(handoff):
    other = make_department(code="yjgl", name="应急管理局")
    endpoint = RegulatorEndpoint.objects.create(department=other, url="http://other.example/h", secret="k")
    token = endpoint_issue_token(endpoint=endpoint)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Regulator {token}")
    assert api.post(f"/api/v1/regulators/handoffs/{handoff.pk}/acknowledge/").status_code == 404
    api.credentials(HTTP_AUTHORIZATION="Regulator wrong-token")
    response = api.get("/api/v1/regulators/handoffs/")
    assert response.status_code == 401 and "令牌" in response.json()["detail"]


def test_the_schema_documents_the_handoff_api():
    schema = APIClient().get("/api/schema/", {"format": "json"}).json()
    assert "/api/v1/regulators/handoffs/{id}/acknowledge/" in schema["paths"]
    assert "regulatorToken" in schema["components"]["securitySchemes"]
