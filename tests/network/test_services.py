"""The paper 流转 of a township-received, county-decided case, through the services."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from approvals import services as s
from approvals.constants import Action
from approvals.services._base import CaseConflict
from network import services as ns
from network.constants import TransferKind, TransferStatus
from network.models import PaperTransfer
from tests.network.helpers import decide_and_issue, township_case

pytestmark = pytest.mark.django_db


def test_case_carries_both_halls_and_dispatch_opens_the_paper_leg(net):
    case = township_case(net)
    assert (case.hall_id, case.decision_hall_id) == (net.town.pk, net.county.pk)
    transfer = PaperTransfer.objects.get(case=case)
    assert transfer.kind == TransferKind.PAPER
    assert (transfer.from_hall_id, transfer.to_hall_id) == (net.town.pk, net.county.pk)
    assert transfer.status == TransferStatus.PENDING
    assert transfer.opened_at <= transfer.warn_at < transfer.due_at


def test_no_paper_leg_without_originals(net):
    case = township_case(net, paper=False)
    assert not PaperTransfer.objects.filter(case=case).exists()


def test_single_hall_case_has_no_transfer(db):
    from tests.factories import make_case

    case = make_case(state="ready")
    from approvals.services.publishing import deliver_all_pending

    deliver_all_pending()
    assert not PaperTransfer.objects.filter(case=case).exists()


def test_the_whole_route_names_both_halls_and_delivery_waits_for_the_result(net):
    case = township_case(net)
    with pytest.raises(PermissionDenied):
        ns.case_send_paper(case=case, by=net.other_desk)  # another township's window
    with pytest.raises(CaseConflict):
        ns.case_receive_paper(case=case, by=net.county_reviewer)  # not sent yet
    case = ns.case_send_paper(case=case, by=net.town_desk, tracking_note="机要交换 118")
    with pytest.raises(CaseConflict):
        ns.case_send_paper(case=case, by=net.town_desk)
    with pytest.raises(PermissionDenied):
        ns.case_receive_paper(case=case, by=net.town_delivery)
    case = ns.case_receive_paper(case=case, by=net.county_reviewer)

    case = decide_and_issue(net, case)
    result = PaperTransfer.objects.get(case=case, kind=TransferKind.RESULT)
    assert (result.from_hall_id, result.to_hall_id) == (net.county.pk, net.town.pk)
    with pytest.raises(ValidationError) as refused:
        s.case_deliver(case=case, method="pickup", collector_id_number=case.applicant_id_number, by=net.town_delivery)
    assert "尚未从东阿县政务服务中心送达铜城街道便民服务中心" in str(refused.value)

    with pytest.raises(PermissionDenied):
        ns.case_send_result(case=case, by=net.town_desk)
    case = ns.case_send_result(case=case, by=net.county_reviewer, tracking_note="专人送达")
    with pytest.raises(PermissionDenied):
        ns.case_receive_result(case=case, by=net.other_delivery)
    case = ns.case_receive_result(case=case, by=net.town_delivery)
    case = s.case_deliver(
        case=case, method="pickup", collector_id_number=case.applicant_id_number, by=net.town_delivery
    )
    assert case.state == "delivered"

    events = list(
        case.events.filter(
            action__in=[Action.SEND_PAPER, Action.RECEIVE_PAPER, Action.SEND_RESULT, Action.RECEIVE_RESULT]
        ).order_by("seq")
    )
    assert [e.action for e in events] == ["send-paper", "receive-paper", "send-result", "receive-result"]
    assert events[0].note == "纸质原件由铜城街道便民服务中心寄往东阿县政务服务中心（机要交换 118）"
    assert events[1].note == "东阿县政务服务中心已签收铜城街道便民服务中心寄来的纸质原件"
    assert events[2].note.startswith("办理结果由东阿县政务服务中心寄往铜城街道便民服务中心")
    assert events[3].label == "办理结果到达收件大厅"
    assert all(e.payload["from_hall"] and e.payload["to_hall"] for e in events)


def test_electronic_delivery_needs_no_return_leg(net):
    case = township_case(net)
    s.case_choose_delivery(case=case, method="electronic", by=net.town_desk)
    case = decide_and_issue(net, case)
    assert not PaperTransfer.objects.filter(case=case, kind=TransferKind.RESULT).exists()
    case = s.case_deliver(case=case, method="electronic", email="a@example.com", by=net.town_delivery)
    assert case.state == "delivered"


def test_opening_is_idempotent(net):
    case = township_case(net)
    first = PaperTransfer.objects.get(case=case)
    again = ns.transfers_on_event(case_id=case.pk, action=Action.ACKNOWLEDGE, at=first.opened_at)
    assert again.pk == first.pk
    assert PaperTransfer.objects.filter(case=case).count() == 1
