"""审查中补正 online: the department's request on the case page, the upload form, "待您处理" in
我的办件 and the menu, "已补交" afterwards; the same through the API; nobody else sees it."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from approvals import services as s
from approvals.constants import Action, CaseState
from tests.factories import pdf_upload
from tests.portal.helpers import submitted_case

REASON = "请补交新的营业执照"


def _in_review(item, applicant, cast):
    case = submitted_case(item=item, by=applicant)
    case = s.case_take_in(case=case, by=cast.desk)
    case = s.case_dispatch(case=case, by=cast.desk)
    return s.case_acknowledge(case=case, by=cast.chief)


@pytest.fixture
def suspended(item, applicant, cast):
    case = _in_review(item, applicant, cast)
    return s.case_suspend(case=case, kind="supplement", reason=REASON, by=cast.reviewer)


def detail_url(case):
    return reverse("portal:case-detail", kwargs={"number": case.number})


def test_case_page_shows_the_request_and_the_upload_form(client_of, suspended, applicant):
    page = client_of(applicant).get(detail_url(suspended)).content.decode()
    assert "审查部门要求补正材料" in page and REASON in page
    assert reverse("portal:case-materials", kwargs={"number": suspended.number}) in page
    rid = suspended.materials.first().requirement_id
    assert f'name="file_{rid}"' in page
    assert "特别程序中（如专家评审、现场勘验）" not in page
    assert "已补交" not in page


def test_upload_keeps_the_clock_stopped_and_says_supplemented(client_of, suspended, applicant):
    client = client_of(applicant)
    material = suspended.materials.filter(required=True).first()
    rid = material.requirement_id
    response = client.post(
        reverse("portal:case-materials", kwargs={"number": suspended.number}),
        {f"file_{rid}": pdf_upload(name="新营业执照.pdf"), "action": "save"},
        follow=True,
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "已补交，等待部门审查后恢复计时" in page
    suspended.refresh_from_db()
    assert suspended.state == CaseState.SUSPENDED
    assert suspended.events.filter(action=Action.RECORD_MATERIAL, from_state=CaseState.SUSPENDED).count() == 1
    # Once supplemented it no longer waits for the applicant.
    cases = client.get(reverse("portal:my-cases")).content.decode()
    assert "待您处理" not in cases


def test_my_cases_and_menu_flag_it_as_waiting_for_the_applicant(client_of, suspended, applicant):
    client = client_of(applicant)
    page = client.get(reverse("portal:my-cases")).content.decode()
    assert "待您处理" in page and "case-card--todo" in page
    assert "审查部门要求补正材料" in page and "特别程序中" not in page
    assert 'class="todo-count"' in page


def test_other_kinds_name_the_procedure_and_offer_no_upload(client_of, item, applicant, cast):
    case = _in_review(item, applicant, cast)
    case = s.case_suspend(case=case, kind="expert_review", reason="组织专家评审", by=cast.reviewer)
    client = client_of(applicant)
    page = client.get(detail_url(case)).content.decode()
    assert "专家评审中" in page and "审查部门要求补正材料" not in page
    assert "file_" not in page
    response = client.get(reverse("portal:case-materials", kwargs={"number": case.number}))
    assert response.status_code == 302
    cases = client.get(reverse("portal:my-cases")).content.decode()
    assert "待您处理" not in cases and "专家评审中" in cases


def test_another_applicant_gets_404(client_of, suspended, applicant2):
    client = client_of(applicant2)
    assert client.get(detail_url(suspended)).status_code == 404
    rid = suspended.materials.first().requirement_id
    response = client.post(
        reverse("portal:case-materials", kwargs={"number": suspended.number}), {f"file_{rid}": pdf_upload()}
    )
    assert response.status_code == 404


def test_api_upload_while_suspended_for_supplement(suspended, applicant, applicant2):
    api = APIClient()
    api.force_authenticate(applicant)
    url = f"/api/v1/portal/cases/{suspended.number}/materials/"
    detail = api.get(f"/api/v1/portal/cases/{suspended.number}/").json()
    assert detail["actions"]["supplement_in_review"] is True
    assert detail["review_supplement"]["reason"] == REASON
    assert "补正" in detail["plain"]
    listed = api.get("/api/v1/portal/cases/").json()["results"][0]
    assert listed["number"] == suspended.number and "补正" in listed["plain"]
    rid = detail["materials"][0]["requirement"]
    response = api.post(url, {"requirement": rid, "file": pdf_upload()}, format="multipart")
    assert response.status_code == 200
    body = response.json()
    assert body["state"] == "suspended" and body["review_supplement"]["uploaded_at"]
    other = APIClient()
    other.force_authenticate(applicant2)
    assert other.post(url, {"requirement": rid, "file": pdf_upload()}, format="multipart").status_code == 404


def test_api_upload_refused_while_suspended_for_expert_review(item, applicant, cast):
    case = _in_review(item, applicant, cast)
    case = s.case_suspend(case=case, kind="expert_review", reason="组织专家评审", by=cast.reviewer)
    api = APIClient()
    api.force_authenticate(applicant)
    rid = case.materials.first().requirement_id
    response = api.post(
        f"/api/v1/portal/cases/{case.number}/materials/", {"requirement": rid, "file": pdf_upload()}, format="multipart"
    )
    assert response.status_code == 403
