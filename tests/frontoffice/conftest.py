import pytest

from tests.factories import Cast, make_department, make_item


@pytest.fixture
def dept(db):
    return make_department(code="scjg", name="市场监管局")


@pytest.fixture
def other_dept(db):
    return make_department(code="wjw", name="卫生健康委")


@pytest.fixture
def item(dept):
    return make_item(department=dept, materials=2, promised_limit_days=10)


@pytest.fixture
def cast(dept):
    return Cast(dept)
