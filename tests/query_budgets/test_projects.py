"""Budgets of 项目管家: project lists, the board, a project's card and the API."""

from datetime import timedelta

import pytest
from django.urls import reverse

from hall import clock as hall_clock
from hall.constants import Role
from projects import services
from projects.constants import NodeKind
from tests.factories import make_department, make_staff
from tests.query_budgets.budget import assert_budget
from tests.query_budgets.conftest import api_client, page_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return make_staff(role=Role.HALL_ADMIN)


def projects_with_nodes(n, *, admin, nodes=2):
    def make():
        made = []
        for i in range(n):
            project = services.project_create(
                name=f"新材料项目{i}",
                investor="示范新材料有限公司",
                amount="5000",
                location="经济开发区",
                planned_start=hall_clock.localdate() + timedelta(days=90),
                category="industrial",
                steward=admin,
                lead=None,
                by=admin,
            )
            for k in range(nodes):
                services.node_add(
                    project=project,
                    kind=NodeKind.TASK,
                    task_name=f"任务{k}",
                    department=make_department(),
                    days_before_start=5 + k,
                    by=admin,
                )
            made.append(project)
        return made

    return make


@pytest.mark.parametrize("route", ["projects:projects", "projects:board", "api-projects"])
def test_project_lists(admin, route):
    projects_with_nodes(2, admin=admin)()
    user = make_staff(role=Role.SUPERVISOR)
    client = (api_client if route.startswith("api-") else page_client)(user)
    assert_budget(client, route, add_rows=projects_with_nodes(4, admin=admin))


@pytest.mark.parametrize(
    "route",
    ["projects:project", "projects:project-print", "projects:project-report", "api-project", "api-project-nodes"],
)
def test_project_detail(admin, route):
    project = projects_with_nodes(1, admin=admin, nodes=2)()[0]

    def bigger():
        return reverse(route, kwargs={"pk": projects_with_nodes(1, admin=admin, nodes=8)()[0].pk})

    user = make_staff(role=Role.SUPERVISOR)
    client = (api_client if route.startswith("api-") else page_client)(user)
    assert_budget(client, route, kwargs={"pk": project.pk}, add_rows=bigger)
