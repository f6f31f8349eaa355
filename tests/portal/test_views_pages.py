"""Portal pages: apply form, errors beside the field, drafts surviving, progress query, my cases."""

import pytest
from django.urls import reverse

from approvals import services as s
from approvals.constants import CaseState, MaterialStatus
from approvals.models import Case
from portal import services as portal
from tests.factories import pdf_upload, resident_id
from tests.portal.helpers import submitted_case


def test_pages_in_chinese_for_a_visitor(client, item):
    for name in ("portal:home", "portal:register", "portal:login", "portal:progress"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
    assert "网上办事大厅" in client.get(reverse("portal:home")).content.decode()
    # Applying needs an account: to the portal's login, coming back afterwards.
    response = client.get(reverse("portal:apply", kwargs={"code": item.code}))
    assert response.status_code == 302 and response.url.startswith(reverse("portal:login"))


@pytest.mark.django_db
def test_register_shows_id_errors_beside_the_field_and_then_signs_in(client):
    data = {
        "applicant_type": "person",
        "name": "王五",
        "id_number": "110105199003070000",
        "phone": "13812345678",
        "username": "wangwu",
        "password1": "Hall-pass-2026",
        "password2": "Hall-pass-2026",
    }
    response = client.post(reverse("portal:register"), data)
    assert response.status_code == 400
    assert response.context["form"].errors["id_number"]
    assert "公民身份号码" in response.content.decode()
    data["id_number"] = resident_id()
    response = client.post(reverse("portal:register"), data)
    assert response.status_code == 302 and response.url == reverse("portal:my-cases")
    assert client.get(reverse("portal:my-cases")).status_code == 200


def test_apply_upload_submit_through_the_pages(client_of, item, applicant):
    client = client_of(applicant)
    response = client.post(reverse("portal:apply", kwargs={"code": item.code}))
    case = Case.objects.get(applicant_user=applicant)
    assert response.url == reverse("portal:case-materials", kwargs={"number": case.number})
    one, two, optional = case.materials.order_by("position")
    url = response.url
    # Submit with one material: the page lists what is missing, the upload is kept.
    response = client.post(url, {f"file_{one.requirement_id}": pdf_upload(), "action": "submit"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "申请材料2" in text and "还缺" in text
    one.refresh_from_db()
    assert one.status == MaterialStatus.RECEIVED
    # A wrong file type is refused beside its material; nothing saved before is lost.
    fake = pdf_upload(name="x.png")
    response = client.post(url, {f"file_{two.requirement_id}": fake, "action": "save"})
    assert response.status_code == 400
    assert "扩展名" in " ".join(response.context["rows"][1]["errors"])
    response = client.post(url, {f"file_{two.requirement_id}": pdf_upload(size=300), "action": "submit"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.SUBMITTED
    detail = client.get(reverse("portal:case-detail", kwargs={"number": case.number})).content.decode()
    assert "等待综合受理窗口网上预审" in detail


def test_oversized_upload_is_refused_in_chinese(client_of, item, applicant, settings):
    settings.HALL_UPLOAD_MAX_BYTES = 1024
    client = client_of(applicant)
    case = portal.application_start(item=item, by=applicant)
    rid = case.materials.first().requirement_id
    url = reverse("portal:case-materials", kwargs={"number": case.number})
    response = client.post(url, {f"file_{rid}": pdf_upload(size=4096), "action": "save"})
    assert response.status_code == 400
    assert "上传文件不能超过" in response.content.decode()


def test_draft_survives_an_expired_session(client, item, applicant):
    client.force_login(applicant)
    case = portal.application_start(item=item, by=applicant)
    one, two = case.materials.order_by("position")[:2]
    url = reverse("portal:case-materials", kwargs={"number": case.number})
    client.post(url, {f"file_{one.requirement_id}": pdf_upload(), "action": "save"})
    client.session.flush()  # the session expires mid-form
    client.cookies.pop("sessionid", None)
    response = client.post(url, {f"file_{two.requirement_id}": pdf_upload(size=333), "action": "save"})
    assert response.status_code == 302 and response.url.startswith(reverse("portal:login"))
    assert "next=" in response.url
    client.force_login(applicant)
    page = client.get(url)
    assert page.status_code == 200
    one.refresh_from_db()
    assert one.status == MaterialStatus.RECEIVED
    assert page.context["case"].state == CaseState.DRAFT


def test_my_cases_and_detail_show_state_deadline_and_notice(client_of, item, applicant, cast):
    case = submitted_case(item=item, by=applicant)
    case = s.case_take_in(case=case, by=cast.desk)
    rid = case.materials.filter(required=True).first().requirement_id
    s.case_request_supplement(case=case, materials=[rid], note="身份证复印件不清晰", by=cast.desk)
    client = client_of(applicant)
    listing = client.get(reverse("portal:my-cases")).content.decode()
    assert case.number in listing and "待补正" in listing
    detail = client.get(reverse("portal:case-detail", kwargs={"number": case.number})).content.decode()
    assert "一次性告知" in detail and "身份证复印件不清晰" in detail and "网上补正材料" in detail


def test_progress_query_without_login(client, item, applicant):
    case = submitted_case(item=item, by=applicant)
    url = reverse("portal:progress")
    response = client.post(url, {"number": case.number, "query_code": case.query_code.lower()})
    assert response.status_code == 200
    text = response.content.decode()
    assert item.name in text and "提交申请" in text
    wrong = client.post(url, {"number": case.number, "query_code": "ZZZZZZ"})
    assert wrong.status_code == 404 and item.name not in wrong.content.decode()
    assert "查询码不正确" in wrong.content.decode()


def test_progress_query_is_throttled_after_many_failures(client, item, applicant):
    case = submitted_case(item=item, by=applicant)
    url = reverse("portal:progress")
    from django.core.cache import cache

    key = "portal:progress-fail:127.0.0.1"  # the test client's address
    cache.delete(key)
    for _ in range(20):
        client.post(url, {"number": case.number, "query_code": "ZZZZZZ"})
    response = client.post(url, {"number": case.number, "query_code": case.query_code})
    assert response.status_code == 429
    cache.delete(key)


def test_library_page_lists_and_refuses_wrong_files(client_of, applicant):
    client = client_of(applicant)
    response = client.post(reverse("portal:library"), {"name": "身份证", "file": pdf_upload()})
    assert response.status_code == 302
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("a.pdf", b"hello", content_type="application/pdf")
    response = client.post(reverse("portal:library"), {"name": "x", "file": bad})
    assert response.status_code == 400 and "只能上传" in response.content.decode()
    page = client.get(reverse("portal:library")).content.decode()
    assert "身份证" in page


def test_every_notice_link_on_the_case_page_opens_for_the_applicant(client_of, item, applicant, cast):
    from tests.portal.helpers import granted_ready_case

    case = submitted_case(item=item, by=applicant)
    case = s.case_take_in(case=case, by=cast.desk)
    rid = case.materials.filter(required=True).first().requirement_id
    s.case_request_supplement(case=case, materials=[rid], note="请补正", by=cast.desk)
    ready = granted_ready_case(item=item, by=applicant, cast=cast)
    client = client_of(applicant)
    for number, expected in ((case.number, {"一次性告知书"}), (ready.number, {"受理通知书", "证照（打印版）"})):
        response = client.get(reverse("portal:case-detail", kwargs={"number": number}))
        links = response.context["notices"]
        assert {link["label"] for link in links} == expected
        for link in links:
            assert client.get(link["url"]).status_code == 200, link


def test_a_library_file_lost_on_disk_is_a_404_not_a_500(client_of, applicant):
    from django.core.files.storage import default_storage

    from portal import services
    from tests.factories import pdf_upload

    material = services.library_add_upload(owner=applicant, file=pdf_upload())
    default_storage.delete(material.file.name)
    assert client_of(applicant).get(f"/online/library/{material.pk}/file/").status_code == 404
