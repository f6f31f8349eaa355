"""Pages of 告知承诺: scoping (other department / other applicant → 404, anonymous → login),
signing at the window through the page, the printable letter and its PDF, the public list, counts."""

from datetime import datetime

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from commitments.models import CommitmentLetter
from hall.constants import Role
from tests.commitments.helpers import accept_and_issue, promised_case, sign_at_window, trust_item
from tests.factories import Cast, make_applicant_user, make_department, make_staff

pytestmark = pytest.mark.django_db

START = datetime(2025, 3, 10, 10, 0, tzinfo=timezone.get_current_timezone())


def browser(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def world():
    item = trust_item(department=make_department(code="wsjk", name="卫生健康委"))
    case, cast = promised_case(item=item, promise=2)
    return item, case, cast


def test_case_page_scoping(world):
    _item, case, cast = world
    url = f"/commitments/case/{case.number}/"
    assert browser().get(url).status_code == 302
    assert browser(Cast(make_department()).reviewer).get(url).status_code == 404
    assert browser(make_applicant_user()).get(url).status_code == 404
    page = browser(cast.special).get(url)
    assert page.status_code == 200
    assert "签署告知承诺书" in page.content.decode()
    for suffix in ("letter/", "letter.pdf"):
        assert browser(make_applicant_user()).get(url + suffix).status_code == 404
        assert browser().get(url + suffix).status_code == 302
    post = browser(Cast(make_department()).reviewer).post(url + "sign/", {"via": "window"})
    assert post.status_code == 404


def test_sign_at_the_window_through_the_page_and_print(world):
    _item, case, cast = world
    client = browser(cast.special)
    url = f"/commitments/case/{case.number}/"
    bad = client.post(url + "sign/", {"via": "window", "signer_name": "张三", "signer_id_number": "1"})
    assert bad.status_code == 400 and "证件号码" in bad.content.decode()
    ok = client.post(
        url + "sign/", {"via": "window", "signer_name": "张三", "signer_id_number": case.applicant_id_number}
    )
    assert ok.status_code == 302
    letter = CommitmentLetter.objects.get(case=case)
    assert letter.signed
    printed = client.get(url + "letter/").content.decode()
    assert letter.text_sha256 in printed and "告知承诺书" in printed
    pdf = client.get(url + "letter.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content[:4] == b"%PDF"


def test_list_page_and_counts(world):
    _item, case, cast = world
    with time_machine.travel(START, tick=False):
        sign_at_window(case, cast)
        accept_and_issue(case, cast)
    with time_machine.travel(START, tick=False):
        page = browser(cast.reviewer).get("/commitments/")
    assert page.status_code == 200 and case.number in page.content.decode() and "绿灯" in page.content.decode()
    other = browser(Cast(make_department()).reviewer).get("/commitments/")
    assert case.number not in other.content.decode()
    assert browser().get("/commitments/").status_code == 302
    assert browser(make_applicant_user()).get("/commitments/").status_code == 403
    counts = browser(make_staff(role=Role.SUPERVISOR)).get("/commitments/counts/")
    assert counts.status_code == 200 and "公共场所卫生许可" in counts.content.decode()
    public = browser().get("/credit-list/")
    assert public.status_code == 200 and "失信名单" in public.content.decode()
