"""The applicant's 消息 page: own in-app messages only, unread count in the portal header,
mark read, the SMS opt-out; anonymous visitors go to the login page."""

import pytest

from messaging.constants import Channel, Kind
from messaging.models import ContactPreference, Message
from tests.factories import make_applicant_user, make_case, make_staff
from tests.messaging.helpers import deliver_and_send

pytestmark = pytest.mark.django_db


@pytest.fixture
def applicant(db):
    return make_applicant_user(username="applicant", name="张三")


@pytest.fixture
def other(db):
    return make_applicant_user(username="other", name="李四")


@pytest.fixture
def accepted(item, cast, applicant, sms_log):
    case = make_case(state="in_review", item=item, cast=cast, applicant=applicant, channel="online")
    deliver_and_send()
    return case


def test_inbox_lists_own_messages_with_unread_count_in_the_header(client, applicant, accepted):
    client.force_login(applicant)
    page = client.get("/online/messages/").content.decode()
    assert accepted.number in page and "已受理" in page and accepted.query_code in page
    assert '<span class="todo-count" aria-label="1 条未读消息">1</span>' in page
    assert "1 条未读" in page
    home = client.get("/online/cases/").content.decode()
    assert 'href="/online/messages/"' in home and 'aria-label="1 条未读消息"' in home


def test_mark_read_and_mark_all_read(client, applicant, accepted, item, cast):
    client.force_login(applicant)
    message = Message.objects.get(case=accepted, channel=Channel.IN_APP)
    assert client.get(f"/online/messages/{message.pk}/read/").status_code == 405
    assert client.post(f"/online/messages/{message.pk}/read/").status_code == 302
    message.refresh_from_db()
    assert message.read_at is not None
    assert 'todo-count" aria-label="1 条未读消息' not in client.get("/online/messages/").content.decode()
    from approvals import services as s

    s.case_suspend(case=accepted, kind="hearing", reason="组织听证", by=cast.reviewer)
    deliver_and_send()
    assert Message.objects.filter(recipient=applicant, channel=Channel.IN_APP, read_at__isnull=True).count() == 1
    client.post("/online/messages/read-all/")
    assert not Message.objects.filter(recipient=applicant, channel=Channel.IN_APP, read_at__isnull=True).exists()


def test_another_applicant_sees_none_of_them_and_cannot_mark_them(client, other, accepted):
    message = Message.objects.get(case=accepted, channel=Channel.IN_APP)
    client.force_login(other)
    page = client.get("/online/messages/").content.decode()
    assert accepted.number not in page and "还没有消息" in page
    assert client.post(f"/online/messages/{message.pk}/read/").status_code == 404
    client.post("/online/messages/read-all/")
    message.refresh_from_db()
    assert message.read_at is None


def test_staff_see_no_applicant_messages(client, accepted):
    client.force_login(make_staff(role="front_desk"))
    assert accepted.number not in client.get("/online/messages/").content.decode()


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/online/messages/"),
        ("post", "/online/messages/1/read/"),
        ("post", "/online/messages/read-all/"),
        ("post", "/online/messages/preferences/"),
    ],
)
def test_anonymous_goes_to_the_login_page(client, method, url):
    response = getattr(client, method)(url)
    assert response.status_code == 302 and response["Location"].startswith("/online/login/")


def test_opt_out_and_back_in(client, applicant):
    client.force_login(applicant)
    response = client.post("/online/messages/preferences/", {"sms_opt_out": "on"}, follow=True)
    assert "已退订短信通知" in response.content.decode()
    assert ContactPreference.objects.get(user=applicant).sms_opt_out is True
    assert "checked" in client.get("/online/messages/").content.decode()
    client.post("/online/messages/preferences/", {})
    assert ContactPreference.objects.get(user=applicant).sms_opt_out is False


def test_messages_page_is_not_cached(client, applicant):
    client.force_login(applicant)
    assert "no-store" in client.get("/online/messages/")["Cache-Control"]


def test_in_app_message_kind(accepted):
    assert Message.objects.get(case=accepted, channel=Channel.IN_APP).kind == Kind.ACCEPTED
