"""Issue 11, applicant: the item's 容缺/承诺 rules online, 数据共享 of issued certificates, every
registration error at once, overdue marks, the portal header on the guide, no query code in URLs,
and the upload limit told to the browser."""

import pytest
import time_machine
from django.urls import reverse

from approvals.constants import CaseState
from approvals.models import CaseEvent
from portal import services as portal
from tests.factories import bad_resident_id, make_case, make_item
from tests.portal.helpers import granted_ready_case, submitted_case

pytestmark = pytest.mark.django_db


def materials_url(case):
    return reverse("portal:case-materials", kwargs={"number": case.number})


def test_a_material_the_item_allows_may_be_left_for_later_with_the_commitment_shown(client_of, applicant, dept):
    item = make_item(
        department=dept, materials=2, allows_commitment=True, allows_deficiency=True, deficient_materials=1
    )
    case = portal.application_start(item=item, by=applicant)
    first, second = case.materials.order_by("position")
    client = client_of(applicant)
    page = client.get(materials_url(case)).content.decode()
    assert f'name="later_{first.requirement_id}"' in page and "本人承诺" in page
    assert f'name="later_{second.requirement_id}"' not in page  # the item does not allow it for this one

    response = client.post(materials_url(case), {f"later_{first.requirement_id}": "committed", "action": "save"})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == "committed"
    event = CaseEvent.objects.filter(case=case, action="record-material").latest("seq")
    assert "本人承诺" in event.note and first.name in event.note
    page = client.get(materials_url(case)).content.decode()
    assert "还缺 1 项必要材料" in page  # only the second one is demanded now

    from tests.factories import pdf_upload

    upload = {f"file_{second.requirement_id}": pdf_upload("材料2.pdf"), "action": "submit"}
    response = client.post(materials_url(case), upload)
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.SUBMITTED


def test_the_applicant_cannot_leave_a_material_the_item_demands(client_of, applicant, dept):
    from django.core.exceptions import ValidationError

    item = make_item(department=dept, materials=1)
    case = portal.application_start(item=item, by=applicant)
    material = case.materials.get()
    with pytest.raises(ValidationError, match="不适用告知承诺"):
        portal.application_leave_for_later(
            case=case, requirement_id=material.requirement_id, how="committed", by=applicant
        )
    response = client_of(applicant).post(materials_url(case), {f"later_{material.requirement_id}": "committed"})
    assert response.status_code == 400 and "不适用告知承诺" in response.content.decode()


def test_an_issued_business_licence_is_not_demanded_again(client_of, applicant, dept, cast):
    from catalog.models import MaterialRequirement

    licensing = make_item(department=dept, materials=1, result_name="营业执照")
    granted_ready_case(item=licensing, by=applicant, cast=cast)
    later = make_item(department=dept, materials=1)
    MaterialRequirement.objects.create(item=later, position=2, name="营业执照（副本）复印件", required=True)
    client = client_of(applicant)
    response = client.post(reverse("portal:apply", kwargs={"code": later.code}))
    assert response.status_code == 302
    from approvals.models import Case

    case = Case.objects.get(item=later, applicant_user=applicant)
    licence = case.materials.get(name="营业执照（副本）复印件")
    assert licence.status == "received"
    page = client.get(materials_url(case)).content.decode()
    assert "数据共享" in page and "无需再次提交" in page
    assert "还缺 1 项必要材料" in page  # only 申请材料1


def test_registration_reports_every_field_error_at_once(client):
    data = {
        "applicant_type": "person",
        "name": "",
        "id_number": bad_resident_id(),
        "phone": "123",
        "username": "zhang",
        "password1": "Aa1!bcdefgh-2026x",
        "password2": "something-else",
    }
    response = client.post(reverse("portal:register"), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "两次输入的密码不一致" in page  # the form's own check
    assert "校验" in page or "身份号码" in page  # the ID number, checked by the service
    assert "手机" in page  # the phone, checked by the service
    assert page.count('class="errorlist') + page.count("field-error") >= 4


def test_an_overdue_case_is_marked_in_the_applicants_list(client_of, applicant, item, cast):
    from approvals import services as s

    with time_machine.travel("2026-11-02 10:00 +0800", tick=False):
        case = s.case_take_in(case=submitted_case(item=item, by=applicant), by=cast.desk)
        case = s.case_acknowledge(case=s.case_dispatch(case=case, by=cast.desk), by=cast.chief)
    with time_machine.travel("2026-11-25 10:00 +0800", tick=False):
        page = client_of(applicant).get(reverse("portal:my-cases")).content.decode()
    assert case.number in page and "已超期" in page


def test_a_case_on_time_is_not_marked_overdue(client_of, applicant, item, cast):
    make_case(state="in_review", item=item, cast=cast, channel="online", applicant=applicant)
    page = client_of(applicant).get(reverse("portal:my-cases")).content.decode()
    assert "已超期" not in page


def test_the_empty_case_list_links_to_the_guide(client_of, applicant):
    page = client_of(applicant).get(reverse("portal:my-cases")).content.decode()
    assert f'<a href="{reverse("catalog:guide-list")}">办事指南</a>' in page


def test_the_guide_keeps_the_portal_header(client_of, applicant, item):
    client = client_of(applicant)
    for url in (reverse("catalog:guide-list"), reverse("catalog:guide-detail", kwargs={"code": item.code})):
        page = client.get(url).content.decode()
        nav = page[page.index('class="site-nav"') : page.index("</nav>")]
        assert f'href="{reverse("portal:my-cases")}"' in nav and "我的办件" in nav


def test_the_query_code_is_not_put_in_urls(client, applicant, item):
    case = submitted_case(item=item, by=applicant)
    page = client.get(reverse("portal:progress")).content.decode()
    form = page[page.index("<form") : page.index("</form>")]
    assert 'method="post"' in form
    # A code in the query string is not looked up (it would sit in every access log).
    leaked = client.get(reverse("portal:progress"), {"number": case.number, "query_code": case.query_code})
    assert item.name not in leaked.content.decode()
    answered = client.post(reverse("portal:progress"), {"number": case.number, "query_code": case.query_code})
    assert answered.status_code == 200 and item.name in answered.content.decode()
    assert answered["Cache-Control"] == "no-store, private"


def test_pages_tell_the_browser_the_upload_limit(client_of, applicant, item, settings):
    settings.HALL_UPLOAD_MAX_BYTES = 20 * 1024 * 1024
    case = portal.application_start(item=item, by=applicant)
    page = client_of(applicant).get(materials_url(case)).content.decode()
    assert '<meta name="hall-upload-max" content="20971520"' in page and "超过 20 MB" in page
    assert "/static/hall/upload_limit.js" in page


def test_the_api_takes_the_query_code_in_the_body(applicant, item):
    from rest_framework.test import APIClient

    case = submitted_case(item=item, by=applicant)
    public = APIClient()
    body = {"number": case.number, "query_code": case.query_code}
    response = public.post("/api/v1/portal/progress/", body, format="json")
    assert response.status_code == 200 and response.json()["number"] == case.number
    wrong = public.post("/api/v1/portal/progress/", {**body, "query_code": "ZZZZZZ"}, format="json")
    assert wrong.status_code == 404
    schema = public.get("/api/schema/", {"format": "json"}).json()
    operations = schema["paths"]["/api/v1/portal/progress/"]
    assert operations["get"]["deprecated"] is True and "requestBody" in operations["post"]
