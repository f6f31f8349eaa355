"""Every step the halls notify by 短信 makes its message, on every channel that reaches the
applicant; an applicant who opted out of SMS still gets the in-app message."""

import pytest
from django.core import mail

from approvals import services as s
from hall.models import ApplicantProfile
from messaging import services
from messaging.constants import Channel, Kind, Status
from messaging.models import Message, MessageTemplate
from tests.factories import Cast, make_applicant_user, make_case, make_item, receive_all_materials
from tests.messaging.helpers import deliver_and_send, sms_lines

pytestmark = pytest.mark.django_db


@pytest.fixture
def applicant(db):
    user = make_applicant_user(username="zhangsan", name="张三")
    user.email = "zhangsan@example.cn"
    user.save()
    return user


def _bodies(case, channel=Channel.IN_APP):
    return {m.kind: m.body for m in Message.objects.filter(case=case, channel=channel)}


def test_a_granted_case_tells_each_step_in_app_by_sms_and_by_email(dept, cast, applicant, sms_log):
    item = make_item(department=dept, name="食品经营许可", materials=2, result_name="食品经营许可证")
    case = make_case(state="received", item=item, cast=cast, applicant=applicant, channel="online")
    phone = ApplicantProfile.objects.get(user=applicant).phone
    case = s.case_request_supplement(
        case=case, materials=list(case.materials.values_list("requirement_id", flat=True)), note="", by=cast.desk
    )
    receive_all_materials(case, by=cast.desk)
    case = s.case_supplement(case=case, by=cast.desk)
    case = s.case_dispatch(case=case, by=cast.desk)
    case = s.case_acknowledge(case=case, by=cast.chief)
    case = s.case_suspend(case=case, kind="expert_review", reason="组织专家评审", by=cast.reviewer)
    case = s.case_resume(case=case, by=cast.reviewer)
    while case.has_next_step():
        case = s.case_advance(case=case, by=cast.reviewer)
    case = s.case_decide(case=case, outcome="granted", by=cast.chief)
    case = s.case_issue(case=case, by=cast.reviewer)
    case = s.case_deliver(case=case, method="pickup", collector_id_number=case.applicant_id_number, by=cast.delivery)
    outcomes = deliver_and_send()

    kinds = [Kind.SUPPLEMENT, Kind.ACCEPTED, Kind.SUSPENDED, Kind.RESUMED, Kind.GRANTED, Kind.READY, Kind.DELIVERED]
    assert set(outcomes) == {services.SENT}
    for channel in Channel:
        assert sorted(Message.objects.filter(case=case, channel=channel).values_list("kind", flat=True)) == sorted(
            kinds
        ), channel
    body = _bodies(case)
    assert "申请材料1、申请材料2" in body[Kind.SUPPLEMENT]
    assert case.query_code in body[Kind.ACCEPTED]
    assert "组织专家评审" in body[Kind.SUSPENDED]
    assert case.deadline_at.astimezone().strftime("%Y年%m月") in body[Kind.RESUMED]
    assert f"{case.number}-ZZ" in body[Kind.READY] and "食品经营许可证" in body[Kind.READY]
    assert "出件窗口领取" in body[Kind.READY]
    assert f"取件码{case.result.pickup_code}" in body[Kind.READY]  # the 6-digit code the window finds it by
    assert "窗口领取" in body[Kind.DELIVERED]
    assert all(m.recipient == applicant for m in Message.objects.filter(case=case))
    assert {m.phone for m in Message.objects.filter(case=case, channel=Channel.SMS)} == {phone}
    assert len(sms_lines(sms_log)) == len(kinds)
    assert len(mail.outbox) == len(kinds)
    assert mail.outbox[0].to == ["zhangsan@example.cn"] and mail.outbox[0].subject.endswith(case.number)


@pytest.mark.parametrize(
    ("state", "kind", "words"),
    [
        ("not_accepted", Kind.REFUSED, "不属于本部门职责范围"),
        ("denied", Kind.DENIED, "不符合法定条件"),
    ],
)
def test_refusal_and_denial_carry_the_reason(dept, cast, state, kind, words, sms_log):
    case = make_case(state=state, item=make_item(department=dept), cast=Cast(dept))
    deliver_and_send()
    message = Message.objects.get(case=case, kind=kind)
    assert words in message.body and message.status == Status.SENT


def test_sms_opt_out_keeps_in_app_messages(dept, cast, applicant, client, sms_log):
    client.force_login(applicant)
    assert client.post("/online/messages/preferences/", {"sms_opt_out": "on"}).status_code == 302
    case = make_case(
        state="in_review", item=make_item(department=dept), cast=cast, applicant=applicant, channel="online"
    )
    deliver_and_send()
    sms = Message.objects.get(case=case, channel=Channel.SMS)
    assert sms.status == Status.SKIPPED and sms.last_error == services.OPTED_OUT
    assert Message.objects.get(case=case, channel=Channel.IN_APP, kind=Kind.ACCEPTED).status == Status.SENT
    assert sms_lines(sms_log) == []


def test_staff_recorded_opt_out_of_a_window_applicant(dept, cast, sms_log, admin_user):
    services.sms_opt_out_record(phone="13812345678", by=admin_user)
    case = make_case(state="in_review", item=make_item(department=dept), cast=cast)  # phone 13812345678
    deliver_and_send()
    assert Message.objects.get(case=case, channel=Channel.SMS).status == Status.SKIPPED
    assert sms_lines(sms_log) == []


def test_an_edited_template_is_used_and_a_switched_off_one_sends_nothing(dept, cast, sms_log):
    template = MessageTemplate.objects.get(kind=Kind.ACCEPTED)
    template.body = "{applicant}您好，{case_number}已受理，查询码{query_code}，期限{deadline}。"
    template.save()
    case = make_case(state="in_review", item=make_item(department=dept), cast=cast)
    deliver_and_send()
    assert Message.objects.get(case=case).body.startswith(f"张三您好，{case.number}已受理")
    MessageTemplate.objects.filter(kind=Kind.SUSPENDED).update(is_active=False)
    s.case_suspend(case=case, kind="hearing", reason="听证", by=cast.reviewer)
    deliver_and_send()
    assert not Message.objects.filter(case=case, kind=Kind.SUSPENDED).exists()


def test_urge_and_internal_events_tell_the_applicant_nothing(dept, cast, sms_log):
    case = make_case(state="dispatched", item=make_item(department=dept), cast=cast)
    deliver_and_send()
    assert not Message.objects.filter(case=case).exists()


def test_a_template_broken_behind_the_admins_back_falls_back_to_the_default_text(dept, cast, sms_log):
    MessageTemplate.objects.filter(kind=Kind.ACCEPTED).update(body="{case_number}{unknown}{", title="{nope}")
    case = make_case(state="in_review", item=make_item(department=dept), cast=cast)
    deliver_and_send()
    message = Message.objects.get(case=case, kind=Kind.ACCEPTED)
    assert message.body.startswith("您申请的") and case.query_code in message.body
    assert message.status == Status.SENT and len(sms_lines(sms_log)) == 1


def test_opting_out_before_the_sms_goes_out_or_a_resend_of_a_skipped_one_sends_nothing(dept, cast, applicant, sms_log):
    from approvals.services.publishing import deliver_all_pending

    case = make_case(
        state="in_review", item=make_item(department=dept), cast=cast, applicant=applicant, channel="online"
    )
    deliver_all_pending()  # the SMS row is made; its task has not run yet
    services.preference_set_sms_opt_out(user=applicant, opt_out=True)
    sms = Message.objects.get(case=case, channel=Channel.SMS)
    assert services.message_send(message_id=sms.pk) == services.NOTHING
    sms.refresh_from_db()
    assert sms.status == Status.SKIPPED and sms_lines(sms_log) == []
    assert services.message_resend(message=sms) is True
    assert services.message_send(message_id=sms.pk) == services.NOTHING
    assert sms_lines(sms_log) == []
    services.preference_set_sms_opt_out(user=applicant, opt_out=False)
    services.message_resend(message=sms)
    assert services.message_send(message_id=sms.pk) == services.SENT
    assert len(sms_lines(sms_log)) == 1
