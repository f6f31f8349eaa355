"""The network of halls (issue 19): where a case is received and decided, who sees it, the board's drill-down."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from approvals import services as s
from approvals.selectors import cases_visible_to
from approvals.views_notices import appeal_bodies
from catalog.models import ItemImplementation
from hall.constants import HallLevel, Role
from hall.services import hall_save
from tests.factories import applicant_data, make_department, make_item, make_staff, make_window, receive_all_materials

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    """示范市 → 甲县 (→ 甲镇) and 乙县 (→ 乙镇)."""
    root = hall_save(code="city", name="示范市政务服务中心", level=HallLevel.CITY)
    ca = hall_save(code="ca", name="甲县政务服务中心", level=HallLevel.COUNTY, parent=root)
    cb = hall_save(code="cb", name="乙县政务服务中心", level=HallLevel.COUNTY, parent=root)
    ta = hall_save(code="ta", name="甲镇便民服务中心", level=HallLevel.TOWNSHIP, parent=ca)
    tb = hall_save(code="tb", name="乙镇便民服务中心", level=HallLevel.TOWNSHIP, parent=cb)
    dept = make_department(code="ca-scjg", name="甲县市场监督管理局", hall=ca)
    item = make_item(department=dept, name="食品小作坊登记", promised_limit_days=10)
    ItemImplementation.objects.create(item=item, hall=ta, department=dept, promised_limit_days=8)
    return {"root": root, "ca": ca, "cb": cb, "ta": ta, "tb": tb, "dept": dept, "item": item}


def _received_at(hall, item):
    desk = make_staff(role=Role.FRONT_DESK, window=make_window(hall=hall, number=f"{hall.code}-1"))
    return s.case_create(item=item, channel="window", applicant=applicant_data(), by=desk), desk


def test_a_township_receives_a_county_item_that_the_county_department_decides(city):
    case, _desk = _received_at(city["ta"], city["item"])

    assert case.hall_id == city["ta"].pk
    assert case.decision_hall_id == city["ca"].pk
    assert case.department_id == city["dept"].pk
    assert case.local_limit_days == 8  # the township's 实施清单 promises less than the basic 10
    created = case.events.get(action="create")
    assert created.payload["hall"] == "甲镇便民服务中心"
    assert created.payload["decision_hall"] == "甲县政务服务中心"


def test_a_hall_without_the_item_refuses_it_unless_it_is_citywide(city):
    with pytest.raises(ValidationError) as refused:
        _received_at(city["tb"], city["item"])
    assert "乙镇便民服务中心不受理此事项" in str(refused.value)

    city["item"].citywide = True  # 全市通办: any hall receives, the basic item's department decides
    city["item"].save(update_fields=["citywide"])
    case, _desk = _received_at(city["tb"], city["item"])
    assert (case.hall_id, case.decision_hall_id) == (city["tb"].pk, city["ca"].pk)


def test_a_county_supervisor_sees_the_county_and_its_townships_not_the_other_county(city):
    in_a, _ = _received_at(city["ta"], city["item"])
    dept_b = make_department(code="cb-scjg", name="乙县市场监督管理局", hall=city["cb"])
    in_b, _ = _received_at(city["cb"], make_item(department=dept_b))

    county_a = make_staff(role=Role.SUPERVISOR, hall=city["ca"])
    county_b = make_staff(role=Role.SUPERVISOR, hall=city["cb"])
    town_a = make_staff(role=Role.SUPERVISOR, hall=city["ta"])
    whole_city = make_staff(role=Role.SUPERVISOR, hall=city["root"])

    def visible(user):
        return set(cases_visible_to(user).values_list("number", flat=True))

    assert visible(county_a) == {in_a.number}
    assert visible(county_b) == {in_b.number}
    assert visible(town_a) == {in_a.number}  # received there
    assert {in_a.number, in_b.number} <= visible(whole_city)


def test_window_clerks_see_their_own_halls_cases(city):
    in_a, desk_a = _received_at(city["ta"], city["item"])
    county_desk = make_staff(role=Role.FRONT_DESK, window=make_window(hall=city["ca"], number="ca-1"))

    assert cases_visible_to(desk_a).filter(pk=in_a.pk).exists()
    assert not cases_visible_to(county_desk).filter(pk=in_a.pk).exists()
    # The county department that decides it sees it, wherever it was received.
    reviewer = make_staff(role=Role.REVIEWER, department=city["dept"])
    assert cases_visible_to(reviewer).filter(pk=in_a.pk).exists()


def test_same_window_numbers_in_different_halls(city):
    one = make_window(hall=city["ta"], number="1")
    other = make_window(hall=city["tb"], number="1")
    assert one.pk != other.pk


def _in_review(case, dept):
    desk = make_staff(role=Role.FRONT_DESK, window=make_window(hall=case.hall, number=f"{case.hall.code}-1"))
    receive_all_materials(case, by=desk)
    case = s.case_dispatch(case=case, by=desk)
    chief = make_staff(role=Role.CHIEF, department=dept)
    return s.case_acknowledge(case=case, by=chief)


def test_the_city_board_drills_down_city_county_township(client, city):
    case, _ = _received_at(city["ta"], city["item"])
    _in_review(case, city["dept"])
    whole_city = make_staff(role=Role.SUPERVISOR, hall=city["root"])
    client.force_login(whole_city)

    page = client.get("/board/")
    assert page.status_code == 200
    rows = {r["hall"].code: r for r in page.context["by_hall"]}
    assert set(rows) == {"city", "ca", "cb"}
    assert rows["ca"]["total"] == 1 and rows["cb"]["total"] == 0

    county = client.get("/board/?hall=ca")
    rows = {r["hall"].code: r for r in county.context["by_hall"]}
    assert rows["ca"]["own"] and rows["ca"]["total"] == 1  # decided by the county itself
    assert rows["ta"]["total"] == 0
    assert [h.code for h in county.context["hall_trail"]] == ["city", "ca"]
    assert "甲镇便民服务中心" in county.content.decode()

    cases = client.get("/board/cases/?hall=ca")
    assert [c.number for c in cases.context["cases"]] == [case.number]


def test_a_county_supervisor_cannot_open_the_other_countys_board(client, city):
    client.force_login(make_staff(role=Role.SUPERVISOR, hall=city["ca"]))
    assert client.get("/board/?hall=ta").status_code == 200
    assert client.get("/board/?hall=cb").status_code == 404
    assert client.get("/board/?hall=tb").status_code == 404
    assert client.get("/board/cases/?hall=cb").status_code == 404
    assert client.get("/board/?hall=nonexistent").status_code == 404


def test_the_board_by_hall_is_constant_in_halls_and_cases(client, city):
    whole_city = make_staff(role=Role.SUPERVISOR, hall=city["root"])
    client.force_login(whole_city)
    _in_review(_received_at(city["ta"], city["item"])[0], city["dept"])
    client.get("/board/")
    with CaptureQueriesContext(connection) as few:
        client.get("/board/")
    for n in range(4):
        hall_save(code=f"x{n}", name=f"新镇{n}", level=HallLevel.TOWNSHIP, parent=city["cb"])
        _in_review(_received_at(city["ta"], city["item"])[0], city["dept"])
    with CaptureQueriesContext(connection) as more:
        client.get("/board/")
    assert len(more.captured_queries) == len(few.captured_queries)


def test_notices_carry_the_receiving_halls_name_and_seal_line(client, city):
    hall_save(
        code="ta",
        name="甲镇便民服务中心",
        level=HallLevel.TOWNSHIP,
        parent=city["ca"],
        seal_line="甲镇人民政府便民服务中心",
    )
    case, desk = _received_at(city["ta"], city["item"])
    case = _in_review(case, city["dept"])
    client.force_login(make_staff(role=Role.SUPERVISOR, hall=city["root"]))
    page = client.get(f"/notices/{case.number}/acceptance/").content.decode()
    assert "甲镇便民服务中心" in page and "甲镇人民政府便民服务中心" in page
    # Appeals go where the county decided, not to the township that received the case.
    assert appeal_bodies(case.decision_hall.name)["review_body"] == "甲县人民政府"
