"""People and rows of 帮办代办 and 项目管家 tests."""

from datetime import timedelta

import pytest

from catalog.models import Chain, ChainStep
from hall import clock as hall_clock
from hall.constants import Role
from projects import services
from projects.constants import AgentLevel, AuthorisationMethod, AuthorisationScope
from tests.factories import make_applicant_user, make_department, make_item, make_staff, make_user, pdf_upload


@pytest.fixture
def hall_admin(db):
    return make_staff(role=Role.HALL_ADMIN)


@pytest.fixture
def desk(db):
    return make_staff(role=Role.FRONT_DESK)


@pytest.fixture
def supervisor(db):
    return make_staff(role=Role.SUPERVISOR)


def make_agent(*, by, level=AgentLevel.HALL, certificate=None, username=None):
    user = make_user(username=username, first_name="王代办")
    return services.agent_register(
        user=user,
        level=level,
        certificate_number=certificate or f"DB-{user.pk:04d}",
        areas="商事登记",
        by=by,
    )


@pytest.fixture
def agent(hall_admin):
    return make_agent(by=hall_admin)


@pytest.fixture
def other_agent(hall_admin):
    return make_agent(by=hall_admin)


@pytest.fixture
def applicant(db):
    return make_applicant_user()


@pytest.fixture
def item(db):
    return make_item(department=make_department(name="市场监管局"), materials=1)


@pytest.fixture
def chain(db):
    dept = make_department(name="市场监管局")
    chain = Chain.objects.create(code="kaiban", name="开办企业")
    for position, name in enumerate(("企业设立登记", "公章刻制备案"), start=1):
        ChainStep.objects.create(
            chain=chain, position=position, item=make_item(department=dept, name=name, materials=1)
        )
    return chain


def paper_authorisation(*, applicant, agent, by, items=(), chains=(), days=30):
    today = hall_clock.localdate()
    return services.authorisation_create(
        applicant=applicant,
        agent=agent,
        scope=AuthorisationScope.APPLY,
        valid_from=today,
        valid_until=today + timedelta(days=days),
        method=AuthorisationMethod.PAPER,
        scan=pdf_upload("委托书.pdf"),
        items=items,
        chains=chains,
        by=by,
    )
