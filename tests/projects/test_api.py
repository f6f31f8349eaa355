"""REST of 帮办代办 and 项目管家: scoped lists, 404 for what is not yours, 409 for the wrong state."""

from datetime import timedelta

import pytest
from rest_framework.test import APIClient

from hall import clock as hall_clock
from hall.constants import Role
from projects import services
from projects.constants import NodeKind
from tests.factories import make_applicant_user, make_department, make_staff
from tests.projects.conftest import paper_authorisation

pytestmark = pytest.mark.django_db


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_authorisations_scoped_and_revoked_once(applicant, agent, other_agent, desk, item):
    auth = paper_authorisation(applicant=applicant, agent=agent, by=desk, items=[item])
    assert api().get("/api/v1/authorisations/").status_code in (401, 403)
    assert api(applicant).get("/api/v1/authorisations/").json()["count"] == 1
    assert api(agent.user).get(f"/api/v1/authorisations/{auth.pk}/").json()["live"] is True
    assert api(other_agent.user).get(f"/api/v1/authorisations/{auth.pk}/").status_code == 404
    assert api(make_applicant_user()).post(f"/api/v1/authorisations/{auth.pk}/revoke/").status_code == 404
    response = api(applicant).post(f"/api/v1/authorisations/{auth.pk}/revoke/", {"reason": "自行办理"}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "revoked"
    again = api(applicant).post(f"/api/v1/authorisations/{auth.pk}/revoke/", format="json")
    assert again.status_code == 409 and "已撤销" in again.json()["detail"]
    assert api(applicant).get("/api/v1/agents/").json()["count"] == 0


def test_help_request_created_and_assigned(applicant, agent, desk, item):
    response = api(applicant).post("/api/v1/help-requests/", {"kind": "agency", "item": item.code}, format="json")
    assert response.status_code == 201 and response.json()["level"] == "green"
    pk = response.json()["id"]
    bad = api(applicant).post("/api/v1/help-requests/", {"kind": "agency"}, format="json")
    assert bad.status_code == 400 and "item" in bad.json()
    assert (
        api(applicant).post(f"/api/v1/help-requests/{pk}/assign/", {"agent": agent.pk}, format="json").status_code
        == 403
    )
    assigned = api(desk).post(f"/api/v1/help-requests/{pk}/assign/", {"agent": agent.pk}, format="json")
    assert assigned.status_code == 200 and assigned.json()["state"] == "assigned"
    assert api(desk).post(f"/api/v1/help-requests/{pk}/assign/", {"agent": agent.pk}, format="json").status_code == 409
    assert api(make_applicant_user()).get(f"/api/v1/help-requests/{pk}/").status_code == 404


def test_projects_and_nodes_scoped_and_urged(hall_admin, supervisor):
    dept = make_department()
    project = services.project_create(
        name="物流园",
        investor="示范物流有限公司",
        amount="3000",
        location="城南",
        planned_start=hall_clock.localdate() + timedelta(days=3),
        category="services",
        steward=hall_admin,
        by=hall_admin,
    )
    node = services.node_add(
        project=project,
        kind=NodeKind.TASK,
        task_name="土地招拍挂",
        department=dept,
        days_before_start=20,
        by=hall_admin,
    )
    nodes = api(supervisor).get(f"/api/v1/projects/{project.pk}/nodes/").json()["results"]
    assert nodes[0]["level"] == "red" and nodes[0]["target_date"] == node.target_date.isoformat()
    assert (
        api(make_staff(role=Role.REVIEWER, department=make_department()))
        .get(f"/api/v1/projects/{project.pk}/")
        .status_code
        == 404
    )
    urged = api(supervisor).post(f"/api/v1/project-nodes/{node.pk}/urge/", {"note": "限期完成"}, format="json")
    assert urged.status_code == 201 and urged.json()["urged"] is True
    assert (
        api(supervisor).post(f"/api/v1/project-nodes/{node.pk}/urge/", {"note": "再次"}, format="json").status_code
        == 409
    )
