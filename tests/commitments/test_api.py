"""REST of 告知承诺: the whole loop over the API, and scoping (other department / applicant / anonymous → 404)."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.utils import timezone
from rest_framework.test import APIClient

from approvals import services as s
from approvals.services.publishing import deliver_all_pending
from commitments.models import Commitment
from tests.commitments.helpers import accept_and_issue, promised_case, trust_item
from tests.factories import Cast, make_applicant_user, make_department

pytestmark = pytest.mark.django_db

START = datetime(2025, 3, 10, 10, 0, tzinfo=timezone.get_current_timezone())


def client_for(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def world():
    item = trust_item(department=make_department(code="wsjk", name="卫生健康委"))
    with time_machine.travel(START, tick=False):
        case, cast = promised_case(item=item, promise=1)
    return item, case, cast


def test_the_loop_over_rest(world):
    item, case, cast = world
    desk = client_for(cast.special)
    with time_machine.travel(START, tick=False):
        r = desk.post(f"/api/v1/commitment-letters/{case.number}/")
        assert r.status_code == 200, r.content
        assert r.json()["signed"] is False and "告知承诺书" in r.json()["text"]
        bad = desk.post(
            f"/api/v1/commitment-letters/{case.number}/sign/",
            {"via": "window", "signer_name": "张三", "signer_id_number": "123"},
            format="json",
        )
        assert bad.status_code == 400 and "signer_id_number" in bad.json()
        r = desk.post(
            f"/api/v1/commitment-letters/{case.number}/sign/",
            {"via": "window", "signer_name": "张三", "signer_id_number": case.applicant_id_number},
            format="json",
        )
        assert r.status_code == 200 and r.json()["signed"] is True
        case = accept_and_issue(case, cast)
    commitment = Commitment.objects.get(case=case)
    reviewer = client_for(cast.reviewer)
    with time_machine.travel(START + timedelta(days=1), tick=False):
        r = reviewer.get("/api/v1/commitments/", {"level": "green"})
    assert r.status_code == 200 and r.json()["count"] == 1
    assert r.json()["results"][0]["due_date"] == str(commitment.due_date)
    with time_machine.travel(commitment.due_at + timedelta(hours=10), tick=False):
        from commitments.services import commitments_sweep

        commitments_sweep()
        assert reviewer.get("/api/v1/rectifications/").json()["count"] == 1
    with time_machine.travel(commitment.due_at + timedelta(days=30), tick=False):
        commitments_sweep()
        r = reviewer.post(
            "/api/v1/credit-listings/", {"commitment": commitment.pk, "reason": "逾期未补交"}, format="json"
        )
        assert r.status_code == 201, r.content
        listing_id = r.json()["id"]
        assert (
            reviewer.post("/api/v1/revocations/", {"case": case.number, "reason": "违诺"}, format="json").status_code
            == 403
        )
        r = client_for(cast.chief).post("/api/v1/revocations/", {"case": case.number, "reason": "违诺"}, format="json")
        assert r.status_code == 200, r.content
        again = client_for(cast.chief).post(
            "/api/v1/revocations/", {"case": case.number, "reason": "违诺"}, format="json"
        )
        assert again.status_code == 409
        public = client_for().get("/api/v1/credit-listings/")
        assert public.status_code == 200 and public.json()["count"] == 1
        assert "*" in public.json()["results"][0]["id_number"]
        verify = client_for().get(f"/api/v1/portal/verify/{case.result.verification_code}/")
        assert verify.json()["revoked"] is True and verify.json()["valid"] is False
        r = reviewer.post(f"/api/v1/credit-listings/{listing_id}/repair/", {"note": "已整改"}, format="json")
        assert r.status_code == 200 and r.json()["status"] == "repaired"
        assert client_for().get("/api/v1/credit-listings/").json()["count"] == 0
    counts = client_for(cast.reviewer).get("/api/v1/commitments/counts/").json()
    assert counts[0]["breached"] == 1 and counts[0]["repaired"] == 1


def test_scoping_other_department_other_applicant_anonymous(world):
    item, case, cast = world
    with time_machine.travel(START, tick=False):
        from tests.commitments.helpers import sign_at_window

        sign_at_window(case, cast)
        case = accept_and_issue(case, cast)
    commitment = Commitment.objects.get(case=case)
    outsider = Cast(make_department()).reviewer
    stranger = make_applicant_user()
    for client in (client_for(outsider), client_for(stranger), client_for()):
        assert client.get(f"/api/v1/commitments/{commitment.pk}/").status_code == 404
        assert client.get(f"/api/v1/commitment-letters/{case.number}/").status_code in (401, 403, 404)
        assert client.get("/api/v1/commitments/").json().get("count", 0) == 0
    for client in (client_for(outsider), client_for(stranger)):
        assert client.get(f"/api/v1/commitment-letters/{case.number}/").status_code == 404
        r = client.post(f"/api/v1/commitments/{commitment.pk}/verify/", {"accept": True}, format="json")
        assert r.status_code == 404
        r = client.post(f"/api/v1/commitments/{commitment.pk}/supply/", {"paper": True}, format="json")
        assert r.status_code == 404
        assert client.get("/api/v1/rectifications/").json()["count"] == 0
    assert client_for(cast.reviewer).get(f"/api/v1/commitments/{commitment.pk}/").status_code == 200


def test_applicant_signs_online_and_supplies_a_file(world):
    item, _case, cast = world
    applicant = make_applicant_user()
    with time_machine.travel(START, tick=False):
        case = s.case_create(item=item, channel="online", by=applicant, draft=True)
        rows = list(case.materials.order_by("position"))
        for row in rows[1:]:
            from tests.factories import pdf_upload

            s.case_record_material(case=case, requirement_id=row.requirement_id, file=pdf_upload(), by=applicant)
        s.case_record_material(case=case, requirement_id=rows[0].requirement_id, file=pdf_upload(), by=applicant)
        case = s.case_submit(case=case, by=applicant)
        case = s.case_take_in(case=case, by=cast.special)
        s.case_record_material(case=case, requirement_id=rows[0].requirement_id, status="committed", by=cast.special)
        me = client_for(applicant)
        profile = applicant.applicant_profile
        r = me.post(
            f"/api/v1/commitment-letters/{case.number}/sign/",
            {"via": "online", "signer_name": profile.name, "signer_id_number": profile.id_number},
            format="json",
        )
        assert r.status_code == 200, r.content
        case = accept_and_issue(case, cast)
        deliver_all_pending()
        commitment = Commitment.objects.get(case=case)
        from tests.factories import pdf_upload

        r = me.post(f"/api/v1/commitments/{commitment.pk}/supply/", {"file": pdf_upload()}, format="multipart")
        assert r.status_code == 200, r.content
        assert r.json()["status"] == "supplied" and r.json()["supplied_via"] == "online"
        r = me.post(f"/api/v1/commitments/{commitment.pk}/verify/", {"accept": True}, format="json")
        assert r.status_code == 403
        r = client_for(cast.reviewer).post(
            f"/api/v1/commitments/{commitment.pk}/verify/", {"accept": False}, format="json"
        )
        assert r.status_code == 400 and "reason" in r.json()
