"""Hostile input is refused at the edge (issue 21, items 3 and 7).

A NUL byte in a path, query string, form field or JSON body was a 500 on PostgreSQL ("A string
literal cannot contain NUL characters") on about 30 endpoints; an oversized upload was read
in full before being refused. Run this file on PostgreSQL too:
`DATABASE_URL=postgres://postgres@127.0.0.1:5432/hall_faults pytest tests/hall/test_input_guards.py`.
"""

import json

import pytest
from django.test import Client
from rest_framework.test import APIClient

from hall.constants import Role
from tests.factories import Cast, make_applicant_user, make_case, make_department, make_item, make_staff

pytestmark = pytest.mark.django_db

CONTROL = "控制字符"


@pytest.fixture
def item(db):
    return make_item(department=make_department(code="scjg", name="市场监管局"), materials=1)


@pytest.fixture
def cast(item):
    return Cast(item.department)


@pytest.fixture
def applicant(db):
    return make_applicant_user(username="nul-applicant")


def _api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.mark.parametrize(
    "path",
    [
        "/online/verify/%00/",
        "/guide/%00/",
        "/guide/A%01B/",
        "/online/apply/%00/",
        "/online/cases/%00/",
        "/workbench/cases/%00/",
    ],
)
def test_a_control_character_in_a_page_path_is_a_chinese_404(client, cast, path):
    client.force_login(cast.desk)
    response = client.get(path)
    assert response.status_code == 404
    assert CONTROL in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/cases/%00/",
        "/api/v1/cases/%00/events/",
        "/api/v1/items/%00/",
        "/api/v1/portal/verify/%00/",
        "/api/v1/portal/cases/%00/",
    ],
)
def test_a_control_character_in_an_api_path_is_a_json_404(cast, path):
    response = _api(cast.chief).get(path)
    assert response.status_code == 404
    assert CONTROL in response.json()["detail"]


@pytest.mark.parametrize(
    ("path", "params", "who"),
    [
        ("/api/v1/portal/cases/", {"state": "\x00"}, "applicant"),
        ("/api/v1/cases/", {"state": "in_review\x00"}, "chief"),
        ("/api/v1/cases/", {"q": "\x00"}, "chief"),
        ("/api/v1/items/", {"q": "食品\x00"}, None),
        ("/api/v1/portal/progress/", {"number": "\x00", "query_code": "ABC"}, None),
        ("/api/v1/calendar/deadline/", {"start": "2026-11-23\x00", "days": "5"}, None),
    ],
)
def test_a_control_character_in_a_query_string_is_a_400(cast, applicant, path, params, who):
    user = {"applicant": applicant, "chief": cast.chief, None: None}[who]
    response = _api(user).get(path, params)
    assert response.status_code == 400, response.content
    assert CONTROL in response.json()["detail"]


def test_pages_answer_a_control_character_in_the_query_in_chinese(client):
    for url in ("/guide/", "/online/progress/"):
        response = client.get(url, {"q": "\x00", "number": "\x00"})
        assert response.status_code == 400 and CONTROL in response.content.decode()


def test_a_control_character_in_a_json_body_is_a_400(cast, item):
    api = _api(cast.desk)
    body = {"item": item.code, "channel": "window", "applicant": {"type": "person", "name": "张\u0000三"}}
    response = api.post("/api/v1/cases/", body, format="json")
    assert response.status_code == 400 and CONTROL in response.json()["detail"]
    # The token endpoint too (anonymous, before any lookup by user name).
    response = _api().post("/api/v1/auth/token/", {"username": "\u0000", "password": "x"}, format="json")
    assert response.status_code == 400 and CONTROL in response.json()["detail"]


def test_a_control_character_in_a_form_field_is_a_400(client, cast):
    response = client.post("/online/login/", {"username": "a\x00b", "password": "x"})
    assert response.status_code == 400 and CONTROL in response.content.decode()
    client.force_login(cast.desk)
    response = client.post("/workbench/desk/", {"name": "张\x00三"})
    assert response.status_code == 400


def test_ordinary_text_with_newlines_and_tabs_still_passes(client, cast, item):
    assert client.get("/guide/", {"q": "食品\t经营\n许可"}).status_code == 200
    case = make_case(state="dispatched", item=item, cast=cast)
    response = _api(cast.reviewer).post(
        f"/api/v1/cases/{case.number}/return/", {"reason": "材料不全：\n1. 营业执照\r\n2. 身份证"}, format="json"
    )
    assert response.status_code == 200, response.content


def test_a_catalog_import_refuses_a_control_character_in_a_name_or_code(item):
    from catalog.importing import CatalogImportError, parse_catalog_file

    document = {"format": "hall-catalog", "departments": [{"code": "x\u0000", "name": "部门"}]}
    with pytest.raises(CatalogImportError, match=CONTROL):
        parse_catalog_file(file=json.dumps(document).encode(), fmt="json")
    csv_text = "事项编码,事项名称,实施部门\nA1,食品\x00经营,scjg\n"
    with pytest.raises(CatalogImportError, match=CONTROL):
        parse_catalog_file(file=csv_text.encode(), fmt="csv")


class _UnreadableBody:
    """A request body that must not be read: the refusal comes from the Content-Length alone."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


@pytest.mark.parametrize("path", ["/api/v1/portal/library/", "/online/library/", "/api/v1/cases/X/materials/"])
def test_an_oversized_upload_is_refused_by_its_content_length_before_the_body_is_read(path, applicant, settings):
    settings.HALL_UPLOAD_MAX_BYTES = 1024 * 1024
    client = Client()
    client.force_login(applicant)
    response = client.generic(
        "POST",
        path,
        b"",
        content_type="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(50 * 1024 * 1024),
        **{"wsgi.input": _UnreadableBody()},
    )
    assert response.status_code == 413
    assert "不能超过 1 MB" in response.content.decode()


def test_the_portal_upload_names_the_file_field(item, applicant):
    api = _api(applicant)
    number = api.post("/api/v1/portal/cases/", {"item": item.code}, format="json").json()["number"]
    rid = api.get(f"/api/v1/portal/cases/{number}/").json()["materials"][0]["requirement"]
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("a.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = api.post(
        f"/api/v1/portal/cases/{number}/materials/", {"requirement": rid, "file": fake}, format="multipart"
    )
    assert response.status_code == 400 and "PDF" in response.json()["file"][0]
    fake.seek(0)
    response = api.post("/api/v1/portal/library/", {"file": fake}, format="multipart")
    assert response.status_code == 400 and "PDF" in response.json()["file"][0]


def test_the_supervisor_board_refuses_a_control_character_too(client):
    client.force_login(make_staff(role=Role.SUPERVISOR))
    assert client.get("/board/cases/", {"department": "\x00"}).status_code == 400
