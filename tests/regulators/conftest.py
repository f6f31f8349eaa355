import pytest

from approvals.services.publishing import deliver_all_pending
from hall.constants import Role
from tests.factories import Cast, make_case, make_department, make_item, make_staff


@pytest.fixture
def dept(db):
    return make_department(code="xzsp", name="行政审批服务局")


@pytest.fixture
def regulator(db):
    return make_department(code="scjg", name="市场监督管理局")


@pytest.fixture
def other_dept(db):
    return make_department(code="wsjk", name="卫生健康委员会")


@pytest.fixture
def item(dept, regulator):
    item = make_item(department=dept, name="食品经营许可", materials=2)
    item.regulators.add(regulator)
    return item


@pytest.fixture
def cast(dept):
    return Cast(dept)


@pytest.fixture
def reg_cast(regulator):
    return Cast(regulator)


@pytest.fixture
def supervisor(db):
    return make_staff(role=Role.SUPERVISOR)


@pytest.fixture
def decided(item, cast):
    """Make a case in `state` and deliver its events to the subscribers."""

    def make(state="granted"):
        case = make_case(state=state, item=item, cast=cast)
        deliver_all_pending()
        return case

    return make
