"""implementation_roll_out / implementation_save: the 实施清单 written without the admin."""

import pytest
from django.core.exceptions import ValidationError

from catalog.implementation_selectors import placement_at
from catalog.implementation_services import implementation_roll_out, implementation_save
from catalog.models import ItemImplementation
from hall.constants import HallLevel
from hall.services import hall_save
from tests.catalog.network import build_network
from tests.factories import make_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def net():
    return build_network()


def test_roll_out_to_every_township_of_a_county(net):
    town3 = hall_save(code="t3", name="南镇便民服务中心", level=HallLevel.TOWNSHIP, parent=net.county)
    townships = list(net.county.children.filter(level=HallLevel.TOWNSHIP))
    item = make_item(department=net.dept, promised_limit_days=10)
    result = implementation_roll_out(item=item, halls=townships, department=net.dept, promised_limit_days=8)
    assert sorted(i.hall.code for i in result.created) == ["t1", "t2", "t3"]
    placement = placement_at(item=item, hall=town3)
    assert placement.department == net.dept and placement.promised_limit_days == 8
    assert placement.implementation.receives_only


def test_roll_out_keeps_local_choices_unless_overwrite(net):
    result = implementation_roll_out(
        item=net.item, halls=[net.town1, net.town2], department=net.dept, fee_note="不收费"
    )
    assert [i.hall.code for i in result.kept] == ["t1", "t2"] and not result.created
    assert ItemImplementation.objects.get(item=net.item, hall=net.town1).promised_limit_days == 7
    result = implementation_roll_out(
        item=net.item, halls=[net.town1, net.village], department=net.dept, overwrite=True, fee_note="不收费"
    )
    assert [i.hall.code for i in result.updated] == ["t1"] and [i.hall.code for i in result.created] == ["v1"]
    assert ItemImplementation.objects.get(item=net.item, hall=net.town1).fee_note == "不收费"


def test_roll_out_is_all_or_nothing_and_refuses_a_limit_above_the_basic_one(net):
    item = make_item(department=net.dept, promised_limit_days=5)
    with pytest.raises(ValidationError) as caught:
        implementation_roll_out(item=item, halls=[net.town1, net.town2], department=net.dept, promised_limit_days=6)
    assert "不得长于基本目录的 5 个工作日" in str(caught.value)
    assert not ItemImplementation.objects.filter(item=item).exists()
    with pytest.raises(TypeError):
        implementation_save(item=item, hall=net.town1, department=net.dept, colour="red")
