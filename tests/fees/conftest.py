from decimal import Decimal

import pytest

from tests.factories import Cast, make_department, make_item


@pytest.fixture
def dept(db):
    return make_department(code="gtzy", name="自然资源局")


@pytest.fixture
def cast(dept):
    return Cast(dept)


@pytest.fixture
def paid_item(dept):
    return make_item(department=dept, name="不动产登记", fee_charged=True, fee_amount=Decimal("80.00"), materials=1)


@pytest.fixture
def free_item(dept):
    return make_item(department=dept, name="个体工商户设立登记", materials=1)
