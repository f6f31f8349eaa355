"""The hall admin edits templates (placeholders checked on save, Chinese errors), sees the
messages sent with phones masked, resends failed ones and records window opt-outs."""

import pytest
from django.core.exceptions import ValidationError

from messaging.constants import Channel, Kind, Status
from messaging.models import Message, MessageTemplate, SmsOptOut, phone_digest
from tests.factories import make_case
from tests.messaging.helpers import deliver_and_send

pytestmark = pytest.mark.django_db


def test_defaults_are_seeded_for_every_kind_in_the_national_style():
    templates = {t.kind: t for t in MessageTemplate.objects.all()}
    assert set(templates) == set(Kind.values)
    assert templates[Kind.ACCEPTED].body.startswith("您申请的{item}已受理")
    for template in templates.values():
        template.full_clean()  # every default passes its own check


def _template(**fields):
    template = MessageTemplate.objects.get(kind=Kind.ACCEPTED)
    for name, value in fields.items():
        setattr(template, name, value)
    return template


def test_an_unknown_placeholder_is_a_clear_chinese_error():
    with pytest.raises(ValidationError) as exc:
        _template(body="您的{case_number}已受理，期限{dedline}，查询码{query_code}{deadline}").full_clean()
    [message] = exc.value.message_dict["body"]
    assert "正文含有未知的占位符：{dedline}" in message and "{deadline}" in message


def test_a_missing_required_placeholder_is_a_clear_chinese_error():
    with pytest.raises(ValidationError) as exc:
        _template(body="您的{case_number}已受理。").full_clean()
    assert exc.value.message_dict["body"] == ["正文缺少必需的占位符：{deadline}、{query_code}。"]


@pytest.mark.parametrize("body", ["{case_number", "{deadline:%Y}{case_number}{query_code}", "{0}{case_number}"])
def test_malformed_braces_are_refused(body):
    with pytest.raises(ValidationError) as exc:
        _template(body=body).full_clean()
    assert "body" in exc.value.message_dict


def test_literal_braces_and_the_title_are_checked_too():
    _template(body="{{注意}}{case_number}{deadline}{query_code}").full_clean()
    with pytest.raises(ValidationError) as exc:
        _template(title="{phone}").full_clean()
    assert "标题含有未知的占位符：{phone}" in exc.value.message_dict["title"][0]


def test_admin_form_shows_the_error_and_keeps_the_old_text(admin_client):
    template = MessageTemplate.objects.get(kind=Kind.REFUSED)
    url = f"/admin/messaging/messagetemplate/{template.pk}/change/"
    page = admin_client.get(url).content.decode()
    assert "{reason}" in page and "（必需）" in page  # the placeholders are listed beside the text
    response = admin_client.post(
        url,
        {"title": template.title, "body": "您的{case_number}不予受理。", "gateway_template_id": "X", "is_active": "on"},
    )
    assert response.status_code == 200
    assert "正文缺少必需的占位符：{reason}。" in response.content.decode()
    template.refresh_from_db()
    assert "{reason}" in template.body
    ok = admin_client.post(
        url,
        {
            "title": template.title,
            "body": "{case_number}不予受理：{reason}",
            "gateway_template_id": "X",
            "is_active": "on",
        },
    )
    assert ok.status_code == 302
    template.refresh_from_db()
    assert template.body == "{case_number}不予受理：{reason}"


def test_message_list_masks_phones_and_resend_action_requeues_failed(admin_client, item, cast, sms_log):
    case = make_case(state="in_review", item=item, cast=cast)  # phone 13812345678
    deliver_and_send()
    message = Message.objects.get(case=case, channel=Channel.SMS)
    Message.objects.filter(pk=message.pk).update(status=Status.FAILED, last_error="短信网关暂时不可用：HTTP 503")
    page = admin_client.get("/admin/messaging/message/").content.decode()
    assert "138****5678" in page and "13812345678" not in page
    detail = admin_client.get(f"/admin/messaging/message/{message.pk}/change/").content.decode()
    assert "13812345678" not in detail and "138****5678" in detail
    response = admin_client.post(
        "/admin/messaging/message/", {"action": "resend", "_selected_action": [message.pk]}, follow=True
    )
    assert "已重新发送 1 条消息" in response.content.decode()
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.PENDING, 0)
    deliver_and_send()
    message.refresh_from_db()
    assert message.status == Status.SENT


def test_staff_record_a_window_applicant_opt_out_without_storing_the_number(admin_client):
    response = admin_client.post(
        "/admin/messaging/smsoptout/add/", {"phone": "13912345678", "note": "窗口申请人口头要求"}
    )
    assert response.status_code == 302
    row = SmsOptOut.objects.get()
    assert row.masked_phone == "139****5678" and row.phone_digest == phone_digest("13912345678")
    again = admin_client.post("/admin/messaging/smsoptout/add/", {"phone": "139 1234 5678", "note": ""})
    assert "该号码已登记退订短信" in again.content.decode()
    bad = admin_client.post("/admin/messaging/smsoptout/add/", {"phone": "12345", "note": ""})
    assert "联系电话格式错误" in bad.content.decode()
    listing = admin_client.get("/admin/messaging/smsoptout/?q=13912345678").content.decode()
    assert "139****5678" in listing and "窗口申请人口头要求" in listing  # found by the number's hash


def test_adding_a_template_without_a_kind_is_a_form_error_not_a_500(admin_client):
    MessageTemplate.objects.filter(kind=Kind.DELIVERED).delete()
    response = admin_client.post(
        "/admin/messaging/messagetemplate/add/", {"kind": "", "title": "x", "body": "{case_number}", "is_active": "on"}
    )
    assert response.status_code == 200 and "kind" in response.context["adminform"].form.errors
    response = admin_client.post(
        "/admin/messaging/messagetemplate/add/",
        {"kind": Kind.DELIVERED, "title": "办结", "body": "{case_number}已办结{dedline}", "is_active": "on"},
    )
    assert "正文含有未知的占位符：{dedline}" in response.content.decode()
