"""Statistics by hall (issue 19): grouped by the hall whose departments decide, scoped to the supervisor's halls."""

from datetime import date

import pytest

from hall.constants import HallLevel, Role
from hall.services import hall_save
from stats.constants import GroupBy
from stats.models import DailyFigure
from stats.selectors import FigureFilters, figure_rows, visible_department_ids
from tests.factories import make_department, make_item, make_staff

pytestmark = pytest.mark.django_db

DAY = date(2026, 11, 2)


@pytest.fixture
def network():
    city = hall_save(code="city", name="示范市政务服务中心", level=HallLevel.CITY)
    ca = hall_save(code="ca", name="甲县政务服务中心", level=HallLevel.COUNTY, parent=city)
    cb = hall_save(code="cb", name="乙县政务服务中心", level=HallLevel.COUNTY, parent=city)
    ta = hall_save(code="ta", name="甲镇便民服务中心", level=HallLevel.TOWNSHIP, parent=ca)
    departments = {h.code: make_department(code=f"{h.code}-d", hall=h) for h in (ca, cb, ta)}
    for code, received in (("ca", 5), ("cb", 7), ("ta", 2)):
        dept = departments[code]
        DailyFigure.objects.create(
            day=DAY, department=dept, item=make_item(department=dept), channel="window", window="1", received=received
        )
    return {"city": city, "ca": ca, "cb": cb, "ta": ta, "departments": departments}


def _received_by_hall(user):
    rows = figure_rows(filters=FigureFilters(date_from=DAY, date_to=DAY, group_by=GroupBy.HALL), user=user)
    return [(row.label, row.counts["received"]) for row in rows]


def test_the_city_sees_every_hall_in_tree_order(network):
    city_supervisor = make_staff(role=Role.SUPERVISOR, hall=network["city"])
    assert _received_by_hall(city_supervisor) == [
        ("甲县政务服务中心", 5),
        ("甲镇便民服务中心", 2),
        ("乙县政务服务中心", 7),
    ]


def test_a_county_supervisor_sees_the_county_and_its_townships_only(network):
    county = make_staff(role=Role.SUPERVISOR, hall=network["ca"])
    assert _received_by_hall(county) == [("甲县政务服务中心", 5), ("甲镇便民服务中心", 2)]
    assert network["departments"]["cb"].pk not in visible_department_ids(county)
