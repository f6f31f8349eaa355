"""A small network built through the services: a city, a county hall with its 市场监管局, a
township centre that receives the county's item (就近办), and the people of each hall."""

from dataclasses import dataclass

from approvals import services as s
from approvals.services.publishing import deliver_all_pending
from catalog.models import Department, ItemImplementation
from hall.constants import HallLevel, Role, WindowKind
from hall.services import hall_save, staff_profile_set, window_save
from tests.factories import applicant_data, make_item, make_user


@dataclass
class Network:
    city: object
    county: object
    town: object
    other_town: object
    dept: object
    item: object
    town_desk: object
    town_delivery: object
    county_reviewer: object
    county_chief: object
    county_desk: object
    other_desk: object
    other_delivery: object


def _staff(role, *, window=None, department=None, hall=None, username=None):
    user = make_user(username=username)
    staff_profile_set(user=user, role=role, window=window, department=department, hall=hall)
    return user


def build_network(*, prefix=""):
    city = hall_save(code=f"{prefix}LC", name="聊城市政务服务中心", level=HallLevel.CITY)
    county = hall_save(code=f"{prefix}DE", name="东阿县政务服务中心", level=HallLevel.COUNTY, parent=city)
    town = hall_save(
        code=f"{prefix}TQ", name="铜城街道便民服务中心", level=HallLevel.TOWNSHIP, parent=county, address="铜城街道1号"
    )
    other_town = hall_save(code=f"{prefix}GZ", name="高集镇便民服务中心", level=HallLevel.TOWNSHIP, parent=county)
    dept = Department.objects.create(code=f"{prefix}scjg", name=f"{prefix}东阿县市场监管局", hall=county)
    item = make_item(department=dept, name="个体工商户设立登记", materials=2, steps=("受理", "决定"))
    ItemImplementation.objects.create(item=item, hall=town, department=dept)
    ItemImplementation.objects.create(item=item, hall=other_town, department=dept)

    def window(hall, number, kind, department=None):
        return window_save(number=number, name=WindowKind(kind).label, kind=kind, department=department, hall=hall)

    net = Network(
        city=city,
        county=county,
        town=town,
        other_town=other_town,
        dept=dept,
        item=item,
        town_desk=_staff(Role.FRONT_DESK, window=window(town, "1", WindowKind.COMPREHENSIVE)),
        town_delivery=_staff(Role.DELIVERY, window=window(town, "9", WindowKind.COMPLETED_ITEM)),
        county_reviewer=_staff(Role.REVIEWER, department=dept),
        county_chief=_staff(Role.CHIEF, department=dept),
        county_desk=_staff(Role.FRONT_DESK, window=window(county, "1", WindowKind.COMPREHENSIVE)),
        other_desk=_staff(Role.FRONT_DESK, window=window(other_town, "1", WindowKind.COMPREHENSIVE)),
        other_delivery=_staff(Role.DELIVERY, window=window(other_town, "9", WindowKind.COMPLETED_ITEM)),
    )
    return net


def township_case(net, *, applicant=None, paper=True):
    """Received at the township's comprehensive window, all materials on paper, dispatched."""
    case = s.case_create(item=net.item, channel="window", applicant=applicant or applicant_data(), by=net.town_desk)
    for material in case.materials.filter(required=True):
        if paper:
            s.case_record_material(
                case=case, requirement_id=material.requirement_id, paper="original", by=net.town_desk
            )
        else:
            s.case_record_material(case=case, requirement_id=material.requirement_id, paper="copy", by=net.town_desk)
    case = s.case_dispatch(case=case, by=net.town_desk)
    deliver_all_pending()
    return case


def decide_and_issue(net, case):
    case = s.case_acknowledge(case=case, by=net.county_chief)
    while case.has_next_step():
        case = s.case_advance(case=case, by=net.county_reviewer)
    case = s.case_decide(case=case, outcome="granted", reason="", by=net.county_chief)
    case = s.case_issue(case=case, by=net.county_reviewer)
    deliver_all_pending()
    return case
