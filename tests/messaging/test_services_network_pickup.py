"""就近取件: a case received at a township and decided at the county is collected at the township.
The 结果领取通知 on issue says where the result goes (not the central address), and the
结果到达通知 tells the applicant once the township's completed-item window has signed for it."""

import pytest

from approvals import services as s
from approvals.constants import Action
from messaging.constants import Channel, Kind
from messaging.models import Message, MessageTemplate
from messaging.rendering import kind_of
from network import services as ns
from tests.factories import make_case
from tests.messaging.helpers import deliver_and_send, sms_lines
from tests.network.helpers import build_network, decide_and_issue, township_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def net(db):
    return build_network()


def _sms(case, kind):
    return Message.objects.get(case=case, channel=Channel.SMS, kind=kind)


def test_issue_names_the_township_and_arrival_tells_where_to_collect(net, sms_log, settings):
    case = township_case(net)
    case = ns.case_send_paper(case=case, by=net.town_desk)
    case = ns.case_receive_paper(case=case, by=net.county_reviewer)
    case = decide_and_issue(net, case)
    deliver_and_send()

    ready = _sms(case, Kind.READY).body
    assert settings.HALL_ADDRESS not in ready and "出件窗口领取" not in ready
    assert "将送至铜城街道便民服务中心，送达后将另行通知您领取" in ready
    assert not Message.objects.filter(case=case, kind=Kind.ARRIVED).exists()

    case = ns.case_send_result(case=case, by=net.county_reviewer)
    deliver_and_send()
    assert not Message.objects.filter(case=case, kind=Kind.ARRIVED).exists()  # on its way: nothing yet
    case = ns.case_receive_result(case=case, by=net.town_delivery)
    deliver_and_send()

    [arrived] = Message.objects.filter(case=case, kind=Kind.ARRIVED)
    assert arrived.channel == Channel.SMS and arrived.title == f"结果到达通知：{case.number}"
    assert "办理结果已送达铜城街道便民服务中心" in arrived.body
    assert "到铜城街道1号出件窗口领取" in arrived.body  # the township's own address
    assert settings.HALL_ADDRESS not in arrived.body
    code = case.result.pickup_code
    assert code and f"取件码{code}" in arrived.body
    assert arrived.params["arrival_hall"] == "铜城街道便民服务中心"
    assert any("办理结果已送达铜城街道便民服务中心" in line for line in sms_lines(sms_log))
    # The paper originals' legs told the applicant nothing.
    kinds = list(Message.objects.filter(case=case, channel=Channel.SMS).values_list("kind", flat=True))
    assert sorted(kinds) == sorted([Kind.ACCEPTED, Kind.GRANTED, Kind.READY, Kind.ARRIVED])


def test_a_hall_without_an_address_is_named_instead(net, sms_log):
    net.town.address = ""
    net.town.save()
    case = decide_and_issue(net, township_case(net, paper=False))
    ns.case_send_result(case=case, by=net.county_reviewer)
    ns.case_receive_result(case=case, by=net.town_delivery)
    deliver_and_send()
    assert "到铜城街道便民服务中心出件窗口领取" in _sms(case, Kind.ARRIVED).body


def test_posted_and_electronic_results_keep_their_wording(net, sms_log):
    posted = township_case(net, paper=False)
    s.case_choose_delivery(
        case=posted, method="post", recipient="张三", phone="13812345678", address="东阿县铜城街道2号", by=net.town_desk
    )
    posted = decide_and_issue(net, posted)
    ns.case_send_result(case=posted, by=net.county_reviewer)
    ns.case_receive_result(case=posted, by=net.town_delivery)
    electronic = township_case(net, paper=False)
    s.case_choose_delivery(case=electronic, method="electronic", by=net.town_desk)
    electronic = decide_and_issue(net, electronic)
    deliver_and_send()
    assert "将按您选择的方式邮寄送达" in _sms(posted, Kind.READY).body
    assert "将按您选择的方式邮寄送达" in _sms(posted, Kind.ARRIVED).body
    assert "下载电子证照" in _sms(electronic, Kind.READY).body
    assert not Message.objects.filter(case=electronic, kind=Kind.ARRIVED).exists()  # nothing comes back


def test_a_single_hall_case_is_told_the_central_address_as_before(sms_log, settings):
    case = make_case(state="ready")
    deliver_and_send()
    ready = _sms(case, Kind.READY).body
    assert f"取件码{case.result.pickup_code}，请凭取件码和身份证件到{settings.HALL_ADDRESS}出件窗口领取" in ready
    assert not Message.objects.filter(case=case, kind=Kind.ARRIVED).exists()


def test_only_the_results_leg_is_an_arrival():
    class Event:
        public = True
        action = Action.RECEIVE_RESULT
        payload = {"kind": "result"}

    assert kind_of(Event) == Kind.ARRIVED
    Event.payload = {"kind": "paper"}
    assert kind_of(Event) is None
    Event.action, Event.payload = Action.RECEIVE_PAPER, {"kind": "paper"}
    assert kind_of(Event) is None


def test_the_hall_admin_edits_the_arrival_template(admin_client):
    template = MessageTemplate.objects.get(kind=Kind.ARRIVED)
    url = f"/admin/messaging/messagetemplate/{template.pk}/change/"
    page = admin_client.get(url).content.decode()
    assert "{arrival_hall}" in page and "办理结果送达的收件大厅名称" in page
    missing = admin_client.post(
        url,
        {"title": template.title, "body": "{case_number}已到{pickup}", "gateway_template_id": "X", "is_active": "on"},
    )
    assert "正文缺少必需的占位符：{arrival_hall}。" in missing.content.decode()
    ok = admin_client.post(
        url,
        {
            "title": template.title,
            "body": "{case_number}的结果已到{arrival_hall}，{pickup}",
            "gateway_template_id": "X",
            "is_active": "on",
        },
    )
    assert ok.status_code == 302
