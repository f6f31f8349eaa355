"""Budgets of 帮办代办: the agent's queue, authorisation and case pages, the hall's desk, the
applicant's page and the API; and two 项目管家 pages (new project, the department's urged nodes)."""

from datetime import timedelta

import pytest
from django.urls import reverse

from catalog.models import Chain, ChainStep
from hall import clock as hall_clock
from hall.constants import Role
from projects import services
from projects.constants import HelpKind, NodeKind
from tests.factories import make_applicant_user, make_department, make_item, make_staff
from tests.projects.conftest import make_agent, paper_authorisation
from tests.query_budgets.budget import assert_budget
from tests.query_budgets.conftest import api_client, page_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    admin = make_staff(role=Role.HALL_ADMIN)
    return {
        "admin": admin,
        "desk": make_staff(role=Role.FRONT_DESK),
        "agent": make_agent(by=admin),
        "applicant": make_applicant_user(),
    }


def chain_of(steps, materials=1):
    dept = make_department()
    chain = Chain.objects.create(code=f"chain{dept.pk}", name=f"一件事{dept.pk}")
    for position in range(1, steps + 1):
        item = make_item(department=dept, name=f"事项{position}", materials=materials)
        ChainStep.objects.create(chain=chain, position=position, item=item)
    return chain


def authorised(n, world, *, items=1, chains=0, agent=None):
    """n authorisations of the applicant (each covering `items` items and `chains` chains),
    a case the agent opened under each, and a help request assigned to the agent."""

    def make():
        made = []
        for _ in range(n):
            covered = [make_item(department=make_department(), materials=2) for _ in range(items)]
            row = paper_authorisation(
                applicant=world["applicant"],
                agent=agent or world["agent"],
                by=world["desk"],
                items=covered,
                chains=[chain_of(3) for _ in range(chains)],
            )
            services.agent_apply(authorisation=row, item=covered[0], by=(agent or world["agent"]).user)
            request = services.help_request_create(kind=HelpKind.HELP, item=covered[0], by=world["applicant"])
            services.help_request_assign(request=request, agent=world["agent"], by=world["desk"])
            made.append(row)
        return made

    return make


@pytest.mark.parametrize(
    "route,who",
    [
        ("projects:agent-queue", "agent"),
        ("projects:desk", "desk"),
        ("projects:my-agency", "applicant"),
        ("api-authorisations", "desk"),
        ("api-authorisations", "agent"),
        ("api-help-requests", "desk"),
        ("api-help-requests", "applicant"),
    ],
)
def test_lists(world, route, who):
    authorised(1, world)()
    user = world[who].user if who == "agent" else world[who]
    client = (api_client if route.startswith("api-") else page_client)(user)
    assert_budget(client, route, add_rows=authorised(4, world))


def test_my_agency_with_several_agents(world):
    """The applicant's page groups the cases by agent: one query whatever the number of agents."""
    authorised(1, world)()

    def more():
        for _ in range(4):
            authorised(1, world, agent=make_agent(by=world["admin"]))()

    assert_budget(page_client(world["applicant"]), "projects:my-agency", add_rows=more)


def test_agents(world):
    def more():
        for _ in range(4):
            make_agent(by=world["admin"])

    assert_budget(api_client(world["desk"]), "api-agents", add_rows=more)


@pytest.mark.parametrize("route,who", [("projects:authorisation", "agent"), ("projects:authorisation", "desk")])
def test_authorisation_page(world, route, who):
    first = authorised(1, world, items=1, chains=1)()[0]

    def bigger():  # 4 items and 3 chains of 3 steps each
        return reverse(route, kwargs={"pk": authorised(1, world, items=4, chains=3)()[0].pk})

    user = world[who].user if who == "agent" else world[who]
    assert_budget(page_client(user), route, kwargs={"pk": first.pk}, add_rows=bigger)


@pytest.mark.parametrize("route", ["api-authorisation", "api-help-request"])
def test_api_details(world, route):
    from projects.models import HelpRequest

    def last_pk():
        if route == "api-authorisation":
            return authorised(1, world, items=4, chains=2)()[0].pk
        authorised(1, world)()
        return HelpRequest.objects.order_by("-pk").first().pk

    first = last_pk()
    assert_budget(
        api_client(world["desk"]),
        route,
        kwargs={"pk": first},
        add_rows=lambda: reverse(route, kwargs={"pk": last_pk()}),
    )


def test_agent_case(world):
    row = authorised(1, world)()[0]
    case = world["applicant"].applied_cases.get(agent=world["agent"].user, item__in=row.items.all())

    def bigger():  # a case of an item with 8 materials
        item = make_item(department=make_department(), materials=8)
        more = paper_authorisation(applicant=world["applicant"], agent=world["agent"], by=world["desk"], items=[item])
        return reverse(
            "projects:agent-case",
            kwargs={"number": services.agent_apply(authorisation=more, item=item, by=world["agent"].user).number},
        )

    client = page_client(world["agent"].user)
    assert_budget(client, "projects:agent-case", kwargs={"number": case.number}, add_rows=bigger)


def test_project_new(world):
    def more():
        for _ in range(4):
            make_staff(role=Role.HALL_ADMIN)
            make_department()

    assert_budget(page_client(world["admin"]), "projects:project-new", add_rows=more)


def test_department_page(world):
    dept = make_department(name="住建局")
    reviewer = make_staff(role=Role.REVIEWER, department=dept)
    supervisor = make_staff(role=Role.SUPERVISOR)

    def urged(n):
        def make():
            for i in range(n):
                project = services.project_create(
                    name=f"项目{i}",
                    investor="示范有限公司",
                    amount="5000",
                    location="经济开发区",
                    planned_start=hall_clock.localdate() + timedelta(days=3),
                    category="industrial",
                    steward=world["admin"],
                    lead=None,
                    by=world["admin"],
                )
                node = services.node_add(
                    project=project,
                    kind=NodeKind.TASK,
                    task_name="施工图审查",
                    department=dept,
                    days_before_start=30,
                    by=world["admin"],
                )
                services.node_urge(node=node, note="请加快", by=supervisor)

        return make

    urged(1)()
    assert_budget(page_client(reviewer), "projects:department", add_rows=urged(4))
