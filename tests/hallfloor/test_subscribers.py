"""Case events: a case registered at a window while it serves a ticket keeps that ticket; a
case whose materials came by locker is marked ready for the result locker when issued."""

import pytest

from approvals import services as case_services
from approvals.services.publishing import deliver_all_pending
from hallfloor import services
from hallfloor.models import LockerParcel, TicketCase
from tests.factories import applicant_data, make_case, make_item
from tests.hallfloor.floor_factories import make_area, make_lockers, window_clerk

pytestmark = pytest.mark.django_db


def test_a_case_registered_during_a_ticket_keeps_the_ticket():
    item = make_item()
    area = make_area(items=[item])
    window, clerk = window_clerk(1, areas=[area])
    ticket = services.ticket_take(area=area, item=item)
    services.ticket_call_next(window=window, by=clerk)
    services.ticket_start(ticket=ticket, window=window, by=clerk)
    case = case_services.case_create(item=item, channel="window", applicant=applicant_data(), by=clerk)
    deliver_all_pending()
    assert TicketCase.objects.get(case=case).ticket_id == ticket.pk
    # a case registered after the ticket was finished belongs to no ticket
    services.ticket_finish(ticket=ticket, window=window, by=clerk)
    later = case_services.case_create(item=item, channel="window", applicant=applicant_data(), by=clerk)
    deliver_all_pending()
    assert not TicketCase.objects.filter(case=later).exists()


def test_issue_marks_a_locker_drop_off_ready_for_the_result_locker():
    make_lockers(1)
    item = make_item(kind="promised", materials=1)
    case = make_case(state="granted", item=item)
    parcel, _code = services.locker_drop_off(applicant_name="赵", item=item)
    services.parcel_take_in(parcel=parcel, by=case.received_by)
    services.parcel_register(parcel=parcel, case=case, by=case.received_by)
    deliver_all_pending()
    assert LockerParcel.objects.get(pk=parcel.pk).result_ready_at is None
    from tests.factories import Cast

    case_services.case_issue(case=case, by=Cast(item.department).reviewer)
    deliver_all_pending()
    assert LockerParcel.objects.get(pk=parcel.pk).result_ready_at is not None
