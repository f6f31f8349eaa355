"""平台对话框: the desk and the department talk on a case; unread counts; audit trail, not the public timeline."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from approvals.selectors import case_events
from audit.models import AuditEntry
from frontoffice.selectors import unread_by_case
from frontoffice.services.threads import message_post, thread_mark_read
from hall.constants import Role
from tests.factories import make_applicant_user, make_case, make_staff

pytestmark = pytest.mark.django_db


def thread_url(case):
    return reverse("frontoffice:thread", kwargs={"number": case.number})


def test_messages_count_as_unread_for_the_other_side_until_read(cast, item):
    case = make_case(state="dispatched", item=item, cast=cast)
    message = message_post(case=case, by=cast.desk, body="申请人电话已更新，请以新号码联系")
    assert message.side == "desk"
    assert unread_by_case(user=cast.desk) == []
    rows = unread_by_case(user=cast.reviewer)
    assert [(r["case__number"], r["unread"]) for r in rows] == [(case.number, 1)]
    reply = message_post(case=case, by=cast.reviewer, body="收到")
    assert reply.side == "department"
    assert unread_by_case(user=cast.reviewer) == []  # writing means having read
    assert [r["unread"] for r in unread_by_case(user=cast.desk)] == [1]
    thread_mark_read(case=case, user=cast.desk, upto=reply.pk)
    assert unread_by_case(user=cast.desk) == []
    # In the audit trail of the case, never on the applicant's timeline.
    entries = AuditEntry.objects.filter(kind="case-message", target=case.number).order_by("seq")
    assert entries.count() == 2 and entries.first().details["body"] == "申请人电话已更新，请以新号码联系"
    public = " ".join(e.note for e in case_events(case=case, public_only=True))
    assert "申请人电话已更新" not in public


def test_who_may_talk(cast, item, other_dept):
    case = make_case(state="dispatched", item=item, cast=cast)
    with pytest.raises(ValidationError):
        message_post(case=case, by=cast.desk, body="  ")
    for outsider in (make_staff(role=Role.REVIEWER, department=other_dept), cast.delivery, make_applicant_user()):
        with pytest.raises(PermissionDenied):
            message_post(case=case, by=outsider, body="hi")
    assert message_post(case=case, by=make_staff(role=Role.SUPERVISOR), body="请加快").side == "regulator"


def test_thread_pages_post_poll_and_are_scoped(client, cast, item, other_dept):
    case = make_case(state="dispatched", item=item, cast=cast)
    client.force_login(cast.desk)
    response = client.post(thread_url(case), {"body": "请尽快确认受理"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and response["HX-Trigger"] == "thread-updated"
    page = client.get(reverse("approvals:case", kwargs={"number": case.number})).content.decode()
    assert "平台对话框" in page and "请尽快确认受理" in page
    client.force_login(cast.reviewer)
    assert "未读对话" in client.get(reverse("approvals:inbox")).content.decode()
    fragment = client.get(thread_url(case)).content.decode()
    assert "请尽快确认受理" in fragment
    assert "未读对话" not in client.get(reverse("approvals:inbox")).content.decode()  # read by the poll
    bad = client.post(thread_url(case), {"body": ""}, HTTP_HX_REQUEST="true")
    assert "请输入消息内容" in bad.content.decode()
    for outsider in (make_staff(role=Role.REVIEWER, department=other_dept), cast.delivery):
        client.force_login(outsider)
        assert client.get(thread_url(case)).status_code == 404
        assert client.post(thread_url(case), {"body": "x"}).status_code == 404
    client.force_login(make_staff(role=Role.FRONT_DESK, department=other_dept, window="specialised"))
    assert client.get(thread_url(case)).status_code == 404
    client.force_login(make_applicant_user())
    assert client.get(thread_url(case)).status_code == 403
    client.logout()
    assert client.get(thread_url(case)).status_code == 302
