"""The refusals of the case API: 401, 403, 404, 409, 400 with field messages, 413."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from rest_framework.test import APIClient

from hall.constants import Role
from tests.approvals.api_helpers import act, client_for
from tests.factories import (
    Cast,
    applicant_data,
    bad_resident_id,
    make_applicant_user,
    make_case,
    make_staff,
    pdf_upload,
)

pytestmark = pytest.mark.django_db


def test_anonymous_gets_401_and_a_token_works(item, cast):
    case = make_case(item=item, cast=cast)
    assert APIClient().get("/api/v1/cases/").status_code == 401
    assert APIClient().post(f"/api/v1/cases/{case.number}/dispatch/").status_code == 401
    cast.desk.set_password("pw-test-2026")
    cast.desk.save()
    token = (
        APIClient()
        .post("/api/v1/auth/token/", {"username": cast.desk.username, "password": "pw-test-2026"}, format="json")
        .json()["token"]
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get(f"/api/v1/cases/{case.number}/").status_code == 200


def test_wrong_role_is_403_with_a_chinese_message(item, cast):
    case = make_case(state="in_review", item=item, cast=cast)
    response = act(cast.reviewer, case, "decide", {"outcome": "granted"})  # only the chief decides
    assert response.status_code == 403
    assert "无权" in response.json()["detail"]
    assert act(cast.desk, case, "acknowledge").status_code in (403, 409)
    assert act(make_staff(role=Role.SUPERVISOR), case, "advance").status_code == 403


def test_wrong_department_is_404(item, cast, other_dept):
    case = make_case(state="dispatched", item=item, cast=cast)
    stranger = Cast(other_dept).chief
    assert act(stranger, case, "acknowledge").status_code == 404
    assert client_for(stranger).get(f"/api/v1/cases/{case.number}/").status_code == 404
    assert client_for(stranger).get(f"/api/v1/cases/{case.number}/events/").status_code == 404


def test_other_applicant_and_unknown_number_are_404(item, cast):
    owner = make_applicant_user()
    case = make_case(state="received", item=item, cast=cast, channel="online", applicant=owner)
    assert client_for(make_applicant_user()).get(f"/api/v1/cases/{case.number}/").status_code == 404
    assert client_for(owner).get(f"/api/v1/cases/{case.number}/").status_code == 200
    assert client_for(cast.desk).get("/api/v1/cases/NOPE-1/").status_code == 404


def test_wrong_state_is_409(item, cast):
    case = make_case(state="received", item=item, cast=cast)
    response = act(cast.chief, case, "acknowledge")
    assert response.status_code == 409
    assert "已收件" in response.json()["detail"]
    delivered = make_case(state="delivered", item=item, cast=cast)
    assert act(cast.desk, delivered, "withdraw", {"reason": "x"}).status_code == 409


def test_a_lost_race_is_409(item, cast, monkeypatch):
    from django_fsm import ConcurrentTransition

    from approvals.actions import CaseAction

    case = make_case(state="dispatched", item=item, cast=cast)

    def lost(row, *, case, by, data):  # the optimistic lock found the row changed under us
        raise ConcurrentTransition("办件已被他人处理，请刷新后重试。")

    monkeypatch.setattr(CaseAction, "run", lost)
    response = act(cast.chief, case, "acknowledge")
    assert response.status_code == 409


def test_dispatch_with_missing_materials_is_400_naming_them(item, cast):
    case = make_case(state="received", item=item, cast=cast)
    response = act(cast.desk, case, "dispatch")
    assert response.status_code == 400
    assert "申请材料1" in response.json()["materials"][0]


def test_bad_id_number_unknown_item_and_bad_channel_are_400(item, cast):
    client = client_for(cast.desk)
    response = client.post(
        "/api/v1/cases/",
        {"item": item.code, "channel": "window", "applicant": applicant_data(id_number=bad_resident_id())},
        format="json",
    )
    assert response.status_code == 400 and response.json()["id_number"] == ["公民身份号码校验位错误。"]
    response = client.post(
        "/api/v1/cases/", {"item": "NO-SUCH", "channel": "window", "applicant": applicant_data()}, format="json"
    )
    assert response.status_code == 400 and "事项不存在" in response.json()["item"][0]
    response = client.post(
        "/api/v1/cases/", {"item": item.code, "channel": "fax", "applicant": applicant_data()}, format="json"
    )
    assert response.status_code == 400 and "channel" in response.json()
    response = client.post("/api/v1/cases/", {"item": item.code, "channel": "window"}, format="json")
    assert response.status_code == 400 and "applicant" in response.json()
    org = applicant_data(type="organisation", id_number="91110105000000000X")
    response = client.post("/api/v1/cases/", {"item": item.code, "applicant": org}, format="json")
    assert response.status_code == 400 and "统一社会信用代码" in response.json()["id_number"][0]


def test_uploads_oversized_413_wrong_type_400_good_file_hashed(item, cast):
    case = make_case(state="received", item=item, cast=cast)
    requirement = case.materials.first().requirement_id
    client = client_for(cast.desk)
    url = f"/api/v1/cases/{case.number}/materials/"
    with override_settings(HALL_UPLOAD_MAX_BYTES=1024):
        response = client.post(url, {"requirement": requirement, "file": pdf_upload(size=4096)}, format="multipart")
    assert response.status_code == 413 and "1024" not in response.json()["detail"]
    fake = SimpleUploadedFile("a.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(url, {"requirement": requirement, "file": fake}, format="multipart")
    assert response.status_code == 400 and response.json()["file"]
    response = client.post(url, {"requirement": requirement, "file": pdf_upload()}, format="multipart")
    assert response.status_code == 201
    assert response.json()["status"] == "received" and len(response.json()["sha256"]) == 64
    response = client.post(url, {"requirement": 999999, "paper": "original"}, format="json")
    assert response.status_code == 400 and "requirement" in response.json()
    response = client.post(url, {"requirement": requirement, "paper": "scan"}, format="json")
    assert response.status_code == 400 and "paper" in response.json()


def test_bad_action_bodies_are_400_with_field_messages(item, cast):
    case = make_case(state="in_review", item=item, cast=cast)
    response = act(cast.reviewer, case, "suspend", {"kind": "nap", "reason": "x"})
    assert response.status_code == 400 and "kind" in response.json()
    response = act(cast.chief, case, "decide", {"outcome": "maybe"})
    assert response.status_code == 400 and "outcome" in response.json()
    received = make_case(state="received", item=item, cast=cast)
    response = act(cast.desk, received, "request-supplement", {"materials": [], "note": ""})
    assert response.status_code == 400 and "materials" in response.json()
    response = act(cast.desk, received, "request-supplement", {"materials": ["x"]})
    assert response.status_code == 400 and "materials" in response.json()


def test_one_time_notice_cannot_add_materials_later(item, cast):
    case = make_case(state="received", item=item, cast=cast)
    first = case.materials.filter(required=True).first().requirement_id
    response = act(cast.desk, case, "request-supplement", {"materials": [first]})
    assert response.status_code == 400 and "全部缺少的材料" in response.json()["materials"][0]


def test_who_may_create_cases(item, cast):
    body = {"item": item.code, "channel": "window", "applicant": applicant_data()}
    assert client_for(make_staff(role=Role.SUPERVISOR)).post("/api/v1/cases/", body, format="json").status_code == 403
    assert client_for(cast.reviewer).post("/api/v1/cases/", body, format="json").status_code == 403
    from tests.factories import make_user

    no_profile = make_user()
    response = client_for(no_profile).post("/api/v1/cases/", {"item": item.code}, format="json")
    assert response.status_code == 400 and "applicant" in response.json()
