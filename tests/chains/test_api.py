import pytest
from rest_framework.test import APIClient

from chains.models import ChainApplication
from chains.services import chain_application_submit
from hall.constants import Role
from tests.chains.helpers import chain_files, make_chain
from tests.factories import applicant_data, make_applicant_user, make_department, make_staff, pdf_upload

pytestmark = pytest.mark.django_db


def _client(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_applicant_applies_by_multipart_and_reads_status_with_cases():
    chain, _ = make_chain()
    user = make_applicant_user()
    materials = _client(user).get(f"/api/v1/chain-materials/{chain.code}/").json()
    assert [m["name"] for m in materials if m["shared"]] == ["身份证明", "营业执照"]
    body = {"chain": chain.code, **{f"material-{m['position']}": pdf_upload() for m in materials}}
    response = _client(user).post("/api/v1/chain-applications/", body, format="multipart")
    assert response.status_code == 201, response.content
    data = response.json()
    assert len(data["runs"]) == 3 and all(r["case"] for r in data["runs"])
    licence_row = next(m for m in data["materials"] if m["name"] == "营业执照")
    assert len(licence_row["used_by"]) == 2
    assert _client(user).get(f"/api/v1/chain-applications/{data['number']}/").status_code == 200


def test_desk_registers_by_json_with_paper_and_bad_input_is_400():
    chain, _ = make_chain()
    clerk = make_staff()
    paper = dict.fromkeys(("设立登记申请书", "身份证明", "营业执照", "经办人身份证明"), "original")
    body = {"chain": chain.code, "channel": "window", "applicant": applicant_data(), "paper": paper}
    response = _client(clerk).post("/api/v1/chain-applications/", body, format="json")
    assert response.status_code == 201, response.content
    assert {r["case_state"] for r in response.json()["runs"]} == {"received"}
    missing = _client(clerk).post("/api/v1/chain-applications/", {**body, "paper": {}}, format="json")
    assert missing.status_code == 400 and "营业执照" in missing.content.decode()
    assert _client(clerk).post("/api/v1/chain-applications/", [1], format="json").status_code == 400
    assert _client(clerk).post("/api/v1/chain-applications/", {"chain": "nope"}, format="json").status_code == 400


def test_scoping_other_applicant_other_department_anonymous_get_404_or_401():
    chain, items = make_chain()
    owner = make_applicant_user()
    app = chain_application_submit(chain=chain, by=owner, channel="online", files=chain_files())
    url = f"/api/v1/chain-applications/{app.number}/"
    assert _client().get(url).status_code in (401, 403)
    assert _client(make_applicant_user()).get(url).status_code == 404
    outsider = make_staff(role=Role.REVIEWER, department=make_department())
    assert _client(outsider).get(url).status_code == 404
    assert _client(outsider).get("/api/v1/chain-applications/").json()["count"] == 0
    insider = make_staff(role=Role.CHIEF, department=items[2].department)
    assert _client(insider).get(url).status_code == 200
    assert _client(owner).get("/api/v1/chain-applications/").json()["count"] == 1
    assert _client(make_applicant_user()).get("/api/v1/chain-applications/").json()["count"] == 0
    # Acting: only the completed-item window hands results out, and only when they are ready.
    deliver = f"/api/v1/chain-applications/{app.number}/deliver/"
    assert _client(make_applicant_user()).post(deliver, {"collector_id_number": "x"}, format="json").status_code == 404
    assert (
        _client(make_staff(role=Role.DELIVERY)).post(deliver, {"collector_id_number": "x"}, format="json").status_code
        == 400
    )
    assert ChainApplication.objects.count() == 1
