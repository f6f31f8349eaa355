"""The online hall's REST API: the same actions as the pages, Chinese errors, in the schema."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from approvals import services as s
from approvals.constants import CaseState
from portal.models import LibraryMaterial
from tests.factories import pdf_upload, resident_id
from tests.portal.helpers import granted_ready_case


def api_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.django_db
def test_register_returns_a_token_and_bad_ids_get_field_errors():
    client = APIClient()
    data = {
        "username": "lisi",
        "password": "Hall-pass-2026",
        "applicant_type": "person",
        "name": "李四",
        "id_number": "110105199003070001",
        "phone": "13812345678",
    }
    response = client.post("/api/v1/portal/register/", data, format="json")
    assert response.status_code == 400 and "id_number" in response.json()
    data["id_number"] = resident_id()
    response = client.post("/api/v1/portal/register/", data, format="json")
    assert response.status_code == 201
    client.credentials(HTTP_AUTHORIZATION="Token " + response.json()["token"])
    assert client.get("/api/v1/portal/cases/").json()["count"] == 0


def test_apply_upload_reuse_submit_by_api(item, applicant):
    client = api_for(applicant)
    response = client.post("/api/v1/portal/cases/", {"item": item.code}, format="json")
    assert response.status_code == 201
    case = response.json()
    number = case["number"]
    assert case["state"] == "draft" and len(case["materials"]) == 3
    first, second = case["materials"][0]["requirement"], case["materials"][1]["requirement"]
    response = client.post(f"/api/v1/portal/cases/{number}/submit/", {}, format="json")
    assert response.status_code == 400 and "申请材料1" in response.json()["materials"][0]
    response = client.post(
        f"/api/v1/portal/cases/{number}/materials/", {"requirement": first, "file": pdf_upload()}, format="multipart"
    )
    assert response.status_code == 200
    library = LibraryMaterial.objects.get(owner=applicant)
    response = client.post(
        f"/api/v1/portal/cases/{number}/materials/",
        {"requirement": second, "library_material": library.pk},
        format="json",
    )
    assert response.status_code == 200
    assert LibraryMaterial.objects.filter(owner=applicant).count() == 1
    response = client.post(f"/api/v1/portal/cases/{number}/submit/", {}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "submitted"
    # Submitting again is a state conflict, not a 500.
    assert client.post(f"/api/v1/portal/cases/{number}/submit/", {}, format="json").status_code == 409
    response = client.post(
        f"/api/v1/portal/cases/{number}/delivery/", {"method": "post", "recipient": "张三"}, format="json"
    )
    assert response.status_code == 400 and "address" in response.json()


def test_oversized_upload_is_413(item, applicant, settings):
    settings.HALL_UPLOAD_MAX_BYTES = 1024
    client = api_for(applicant)
    number = client.post("/api/v1/portal/cases/", {"item": item.code}, format="json").json()["number"]
    rid = client.get(f"/api/v1/portal/cases/{number}/").json()["materials"][0]["requirement"]
    response = client.post(
        f"/api/v1/portal/cases/{number}/materials/",
        {"requirement": rid, "file": pdf_upload(size=4096)},
        format="multipart",
    )
    assert response.status_code == 413 and "不能超过" in response.json()["detail"]


def test_certificate_progress_and_verify_by_api(item, applicant, cast):
    case = granted_ready_case(item=item, by=applicant, cast=cast)
    client = api_for(applicant)
    response = client.post(f"/api/v1/portal/cases/{case.number}/certificate/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    case.refresh_from_db()
    assert case.state == CaseState.DELIVERED
    public = APIClient()
    progress = public.get("/api/v1/portal/progress/", {"number": case.number, "query_code": case.query_code})
    assert progress.status_code == 200 and progress.json()["state"] == "delivered"
    assert public.get("/api/v1/portal/progress/", {"number": case.number, "query_code": "ZZZZZZ"}).status_code == 404
    verify = public.get(f"/api/v1/portal/verify/{case.result.verification_code}/").json()
    assert verify["valid"] is True and verify["holder"] == "张*" and verify["case_number"] == case.number
    library = client.get("/api/v1/portal/library/").json()
    assert [m["source"] for m in library["results"]].count("result") == 1


def test_withdraw_by_api(item, applicant, cast):
    client = api_for(applicant)
    number = client.post("/api/v1/portal/cases/", {"item": item.code}, format="json").json()["number"]
    assert client.post(f"/api/v1/portal/cases/{number}/withdraw/", {}, format="json").status_code == 409
    from approvals.models import Case
    from tests.portal.helpers import fill_draft

    case = Case.objects.get(number=number)
    fill_draft(case, by=applicant)
    s.case_submit(case=case, by=applicant)
    s.case_take_in(case=case, by=cast.desk)
    response = client.post(f"/api/v1/portal/cases/{number}/withdraw/", {"reason": "不再需要"}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "withdrawn"


@pytest.mark.django_db
def test_portal_endpoints_are_in_the_openapi_schema(client):
    schema = client.get(reverse("api-schema"), {"format": "json"}).json()
    paths = schema["paths"]
    for path in (
        "/api/v1/portal/register/",
        "/api/v1/portal/cases/",
        "/api/v1/portal/cases/{number}/materials/",
        "/api/v1/portal/cases/{number}/supplement/",
        "/api/v1/portal/progress/",
        "/api/v1/portal/verify/{code}/",
        "/api/v1/portal/library/",
    ):
        assert path in paths, path


def test_supplement_by_api_after_a_one_time_notice(item, applicant, cast):
    from tests.portal.helpers import submitted_case

    case = s.case_take_in(case=submitted_case(item=item, by=applicant), by=cast.desk)
    rid = case.materials.filter(required=True).first().requirement_id
    s.case_request_supplement(case=case, materials=[rid], note="请重新上传", by=cast.desk)
    client = api_for(applicant)
    detail = client.get(f"/api/v1/portal/cases/{case.number}/").json()
    assert detail["supplement_notice"]["materials"] == [rid] and detail["actions"]["supplement"] is True
    response = client.post(f"/api/v1/portal/cases/{case.number}/supplement/", {}, format="json")
    assert response.status_code == 400 and "申请材料1" in response.json()["materials"][0]
    client.post(
        f"/api/v1/portal/cases/{case.number}/materials/",
        {"requirement": rid, "file": pdf_upload(size=777)},
        format="multipart",
    )
    response = client.post(f"/api/v1/portal/cases/{case.number}/supplement/", {}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "received"
