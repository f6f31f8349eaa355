"""A small network of halls for the catalog-level tests (issue 19): a city, two counties, two
township centres of county A and a village point; a county department and a county item received
at the townships (就近办), and a 全市通办 item."""

from types import SimpleNamespace

from catalog.implementation_services import implementation_roll_out, implementation_save
from hall.constants import HallLevel
from hall.services import hall_save
from tests.factories import make_department, make_item


def build_network():
    city = hall_save(
        code="city", name="示范市政务服务中心", level=HallLevel.CITY, address="市府路1号", hours="周一至周五"
    )
    county = hall_save(code="cya", name="甲县政务服务中心", level=HallLevel.COUNTY, parent=city, address="甲县大道8号")
    county_b = hall_save(code="cyb", name="乙县政务服务中心", level=HallLevel.COUNTY, parent=city)
    town1 = hall_save(
        code="t1",
        name="东镇便民服务中心",
        short_name="东镇",
        level=HallLevel.TOWNSHIP,
        parent=county,
        address="东镇中街3号",
        hours="工作日 8:30—17:30",
        phone="0635-1234567",
    )
    town2 = hall_save(code="t2", name="西镇便民服务中心", level=HallLevel.TOWNSHIP, parent=county)
    village = hall_save(code="v1", name="东村便民服务站", level=HallLevel.VILLAGE, parent=town1)
    dept = make_department(code="cya-scjg", name="甲县市场监管局", hall=county, window_numbers="5号窗口")
    city_dept = make_department(code="city-gaj", name="市公安局", hall=city)
    item = make_item(
        department=dept,
        code="CYA-SPJY",
        name="食品经营许可",
        promised_limit_days=10,
        applicant_types=["person", "organisation"],
    )
    implementation_roll_out(item=item, halls=[town1, town2], department=dept, window_numbers="综合窗口")
    implementation_save(
        item=item, hall=town1, department=dept, promised_limit_days=7, fee_note="免费", window_numbers="2号窗口"
    )
    citywide = make_item(
        department=city_dept,
        code="CITY-HJ",
        name="户籍证明",
        promised_limit_days=3,
        citywide=True,
        applicant_types=["person"],
    )
    return SimpleNamespace(
        city=city,
        county=county,
        county_b=county_b,
        town1=town1,
        town2=town2,
        village=village,
        dept=dept,
        city_dept=city_dept,
        item=item,
        citywide=citywide,
    )
