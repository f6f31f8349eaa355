"""Query strings a user can type never turn into a 500 (they used to, on "²" and 30-digit ids)."""

import pytest

from hall.constants import Role
from tests.factories import Cast, make_case, make_department, make_item, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(db):
    return make_item(department=make_department(code="scjg", name="市场监管局"), materials=1)


@pytest.fixture
def cast(item):
    return Cast(item.department)


HOSTILE = ["²", "99999999999999999999999", "abc", "-1", "1.5"]


@pytest.mark.parametrize("value", HOSTILE)
def test_case_list_api_filters(client, item, cast, value):
    make_case(state="in_review", item=item, cast=cast)
    client.force_login(cast.chief)
    for param in ("department", "item", "level", "window", "state"):
        response = client.get("/api/v1/cases/", {param: value})
        assert response.status_code in (200, 400), (param, value, response.status_code)


@pytest.mark.parametrize("value", HOSTILE)
def test_catalog_api_and_guide_filters(client, item, value):
    for url in ("/api/v1/items/", "/guide/"):
        response = client.get(url, {"department": value})
        assert response.status_code in (200, 400), (url, value, response.status_code)


@pytest.mark.parametrize("value", HOSTILE)
def test_board_drill_down(client, item, cast, value):
    make_case(state="in_review", item=item, cast=cast)
    client.force_login(make_staff(role=Role.SUPERVISOR))
    for param in ("department", "item", "level"):
        response = client.get("/board/cases/", {param: value})
        assert response.status_code == 200, (param, value, response.status_code)
