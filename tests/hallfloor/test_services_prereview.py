"""The pre-review desk: missing materials → a one-time list and no ticket; complete → ticket."""

import pytest
from django.core.exceptions import ValidationError

from hallfloor import services
from hallfloor.constants import PreReviewOutcome
from hallfloor.models import Ticket
from tests.factories import make_item, make_staff
from tests.hallfloor.floor_factories import make_area

pytestmark = pytest.mark.django_db


def test_missing_materials_issue_no_ticket_and_list_them_all():
    item = make_item(materials=3, optional_materials=1)
    make_area(departments=[item.department])
    clerk = make_staff()
    reqs = list(item.materials.order_by("position"))
    record = services.prereview_record(item=item, present=[reqs[0].pk], by=clerk, applicant_name="李预审")
    assert record.outcome == PreReviewOutcome.MISSING
    assert record.ticket is None and not Ticket.objects.exists()
    assert [m["name"] for m in record.missing] == ["申请材料2", "申请材料3"]  # optional ones are not demanded


def test_complete_materials_issue_the_business_ticket_in_the_items_area():
    item = make_item(materials=2, optional_materials=1)
    area = make_area(items=[item])
    clerk = make_staff()
    required = item.materials.filter(required=True).values_list("pk", flat=True)
    record = services.prereview_record(item=item, present=list(required), by=clerk, priority="elderly")
    assert record.outcome == PreReviewOutcome.PASSED
    assert record.ticket.area == area and record.ticket.item == item and record.ticket.code == "A001"
    assert record.ticket.priority == "elderly"


def test_foreign_materials_are_refused():
    item = make_item(materials=1)
    other = make_item(materials=1)
    make_area(items=[item])
    with pytest.raises(ValidationError):
        services.prereview_record(item=item, present=[other.materials.get().pk], by=make_staff())
