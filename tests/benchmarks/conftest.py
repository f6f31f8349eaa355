import pytest

from tests.factories import make_department, make_item


@pytest.fixture
def dept(db):
    return make_department(code="scjg", name="市场监管局")


@pytest.fixture
def item(dept):
    return make_item(department=dept, materials=2, optional_materials=1)
