"""Completed-item window: the 取件码, the 送达回证, the waiting age, the registered agent and the
authorisation letter (paper or upload)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from stdnum.cn import ric

from approvals import services as s
from approvals.models import Result
from tests.factories import applicant_data, make_applicant_user, make_case, make_staff, pdf_upload, resident_id

pytestmark = pytest.mark.django_db


def stranger_id():
    base = "11010519800101001"
    return base + ric.calc_check_digit(base + "0")  # stdnum ignores the 18th digit given


def test_issue_gives_a_six_digit_pickup_code_the_window_finds(client, cast, item):
    case = make_case(state="ready", item=item, cast=cast)
    other = make_case(state="ready", item=item, cast=cast)
    code = Result.objects.get(case=case).pickup_code
    assert len(code) == 6 and code.isdigit()
    assert code != Result.objects.get(case=other).pickup_code
    client.force_login(cast.delivery)
    page = client.get(reverse("approvals:delivery"), {"q": code}).content.decode()
    assert case.number in page and other.number not in page
    assert code not in client.get(reverse("approvals:delivery")).content.decode()  # not shown in the list


def test_waiting_results_show_their_age(client, cast, item, monkeypatch):
    case = make_case(state="ready", item=item, cast=cast)
    client.force_login(cast.delivery)
    page = client.get(reverse("approvals:delivery")).content.decode()
    assert "已等待" in page and "0 小时" in page
    from hall import clock as hall_clock

    later = hall_clock.now() + datetime.timedelta(days=14)
    monkeypatch.setattr(hall_clock, "now", lambda: later)
    page = client.get(reverse("approvals:delivery")).content.decode()
    assert case.number in page and "wb-age--late" in page and "个工作日" in page


def test_service_receipt_before_and_after_pickup(client, cast, item, other_dept):
    case = make_case(state="ready", item=item, cast=cast)
    url = reverse("approvals:notice-service-receipt", kwargs={"number": case.number})
    client.force_login(cast.delivery)
    body = client.get(url).content.decode()
    assert "送达回证" in body and case.result.number in body and "收件人签名" in body and "data-print" in body
    case = s.case_deliver(
        case=case,
        method="pickup",
        collector_name="张三",
        collector_id_number=case.applicant_id_number,
        by=cast.delivery,
    )
    body = client.get(url).content.decode()
    assert "申请人本人" in body and "张三" in body and case.applicant_id_number not in body  # masked
    assert url in client.get(reverse("approvals:case", kwargs={"number": case.number})).content.decode()
    # Scoped: another department's reviewer and an applicant get 404; not before the result exists.
    client.force_login(make_staff(role="reviewer", department=other_dept))
    assert client.get(url).status_code == 404
    client.force_login(make_applicant_user())
    assert client.get(url).status_code == 404
    client.force_login(cast.chief)
    early = make_case(state="in_review", item=item, cast=cast)
    assert client.get(reverse("approvals:notice-service-receipt", kwargs={"number": early.number})).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_the_registered_agent_collects_without_a_letter(cast, item):
    agent_id = resident_id(region="310104")  # never the applicant's own number
    case = make_case(
        state="ready", item=item, cast=cast, applicant=applicant_data(agent_name="李代理", agent_id_number=agent_id)
    )
    case = s.case_deliver(
        case=case, method="pickup", collector_name="李代理", collector_id_number=agent_id, by=cast.delivery
    )
    payload = case.events.get(action="deliver").payload
    assert payload["collector"] == "agent" and "authorisation" not in payload


def test_someone_else_needs_the_letter_recorded_as_paper_or_upload(cast, item):
    case = make_case(state="ready", item=item, cast=cast)
    with pytest.raises(ValidationError, match="授权委托书"):
        s.case_deliver(case=case, method="pickup", collector_id_number=stranger_id(), by=cast.delivery)
    case = s.case_deliver(
        case=case,
        method="pickup",
        collector_id_number=stranger_id(),
        authorisation_file=pdf_upload("授权委托书.pdf"),
        by=cast.delivery,
    )
    payload = case.events.get(action="deliver").payload
    assert payload["collector"] == "authorised" and payload["authorisation"] == "upload"
    assert Result.objects.get(case=case).authorisation_letter.name.endswith(".pdf")

    paper = make_case(state="ready", item=item, cast=cast)
    paper = s.case_deliver(
        case=paper, method="pickup", collector_id_number=stranger_id(), authorisation_letter=True, by=cast.delivery
    )
    assert paper.events.get(action="deliver").payload["authorisation"] == "paper"


def test_the_pickup_form_names_the_agent_and_takes_a_scan(client, cast, item):
    agent_id = resident_id(region="310104")  # never the applicant's own number
    case = make_case(
        state="ready", item=item, cast=cast, applicant=applicant_data(agent_name="李代理", agent_id_number=agent_id)
    )
    client.force_login(cast.delivery)
    url = reverse("approvals:case", kwargs={"number": case.number})
    page = client.get(url + "?action=deliver").content.decode()
    assert "办件登记的代理人 李代理" in page and 'name="deliver-authorisation_file"' in page
    assert 'enctype="multipart/form-data"' in page
    action = reverse("approvals:case-action", kwargs={"number": case.number, "action": "deliver"})
    response = client.post(
        action,
        {
            "deliver-method": "pickup",
            "deliver-collector_id_number": stranger_id(),
            "deliver-authorisation_file": pdf_upload("委托书.pdf"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    case.refresh_from_db()
    assert case.state == "delivered" and case.delivery_details["authorisation"] == "upload"
