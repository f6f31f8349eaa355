"""Completed-item window: results waiting, searched by number, applicant name or ID number."""

import re

import pytest
from django.urls import reverse

from tests.factories import applicant_data, make_case, resident_id

pytestmark = pytest.mark.django_db


def test_search_by_number_name_or_full_id(client, cast, item):
    id_number = resident_id()
    mine = make_case(state="ready", item=item, cast=cast, applicant=applicant_data(name="钱领证", id_number=id_number))
    other = make_case(state="ready", item=item, cast=cast, applicant=applicant_data(name="孙其他"))
    client.force_login(cast.delivery)
    page = client.get(reverse("approvals:delivery")).content.decode()
    assert mine.number in page and other.number in page
    assert id_number not in page  # masked in lists
    for q in (mine.number, "钱领证", id_number):
        page = client.get(reverse("approvals:delivery"), {"q": q}).content.decode()
        assert mine.number in page and other.number not in page, q


def test_delivered_today_moves_down_and_the_deliver_form_opens(client, cast, item):
    case = make_case(state="ready", item=item, cast=cast)
    client.force_login(cast.delivery)
    case_page = client.get(reverse("approvals:case", kwargs={"number": case.number}) + "?action=deliver")
    assert 'id="action-deliver" open' in case_page.content.decode()
    client.post(
        reverse("approvals:case-action", kwargs={"number": case.number, "action": "deliver"}),
        {"deliver-method": "electronic", "deliver-email": "a@example.cn"},
    )
    page = client.get(reverse("approvals:delivery")).content.decode()
    assert "今日已送达" in page and "电子送达" in page


def test_delivery_clerks_do_not_see_cases_in_review(client, cast, item):
    case = make_case(state="in_review", item=item, cast=cast)
    client.force_login(cast.delivery)
    assert client.get(reverse("approvals:case", kwargs={"number": case.number})).status_code == 404


def test_the_window_sees_how_the_applicant_wants_the_result_and_the_form_starts_there(client, cast, item):
    from approvals.services import case_choose_delivery

    posted = make_case(state="ready", item=item, cast=cast)
    case_choose_delivery(
        case=posted, by=cast.desk, method="post", recipient="李收件", phone="13912345678", address="示范县人民路9号"
    )
    unchosen = make_case(state="ready", item=item, cast=cast)
    client.force_login(cast.delivery)

    page = client.get(reverse("approvals:delivery")).content.decode()
    assert "邮寄送达" in page and "李收件" in page and "示范县人民路9号" in page
    assert unchosen.number in page and "未选择（默认窗口领取）" in page

    case_page = client.get(reverse("approvals:case", kwargs={"number": posted.number})).content.decode()
    post_radio = re.search(r'<input[^>]*name="deliver-method"[^>]*value="post"[^>]*>', case_page).group(0)
    assert "checked" in post_radio
