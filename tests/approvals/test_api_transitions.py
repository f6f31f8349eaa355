"""Every transition of DESIGN.md §4 walked through the API, each by the role that may do it."""

import pytest
from django.test import override_settings

from approvals.constants import CaseState
from approvals.models import Case, CaseEvent
from tests.approvals.api_helpers import act, client_for
from tests.factories import applicant_data, make_applicant_user, make_case, make_item, pdf_upload

pytestmark = pytest.mark.django_db


def create(user, item, **extra):
    body = {"item": item.code, "channel": "window", "applicant": applicant_data(), **extra}
    response = client_for(user).post("/api/v1/cases/", body, format="json")
    assert response.status_code == 201, response.content.decode()
    return response.json()


def paper_for_all(user, number, data):
    for material in data["materials"]:
        if material["required"]:
            response = client_for(user).post(
                f"/api/v1/cases/{number}/materials/",
                {"requirement": material["id"], "paper": "original"},
                format="json",
            )
            assert response.status_code == 201, response.content.decode()
            assert response.json()["status"] == "received"


def ok(response, state):
    assert response.status_code == 200, response.content.decode()
    assert response.json()["state"] == state
    return response.json()


def test_full_walk_promised_item_through_every_role(item, cast):
    data = create(cast.desk, item)
    number = data["number"]
    assert data["state"] == "received" and data["materials"][0]["status"] == "missing"
    missing = [m["id"] for m in data["materials"] if m["required"]]
    ok(act(cast.desk, number, "request-supplement", {"materials": missing, "note": "请补齐"}), "supplement_requested")
    paper_for_all(cast.desk, number, data)
    ok(act(cast.desk, number, "supplement"), "received")
    detail = ok(act(cast.desk, number, "dispatch"), "dispatched")
    assert detail["auto_accept_at"] is not None
    ok(act(cast.reviewer, number, "return", {"reason": "材料不清晰"}), "received")
    ok(act(cast.desk, number, "dispatch"), "dispatched")
    detail = ok(act(cast.chief, number, "acknowledge"), "in_review")
    assert detail["accepted_at"] and detail["deadline_at"] and detail["warn_at"] and detail["level"] == "green"
    detail = client_for(cast.chief).get(f"/api/v1/cases/{number}/").json()  # an action answers compactly
    assert detail["promised_limit_days"] == 5 and detail["legal_limit_days"] == 20
    ok(act(cast.reviewer, number, "suspend", {"kind": "expert_review", "reason": "专家评审"}), "suspended")
    ok(act(cast.reviewer, number, "resume"), "in_review")
    while Case.objects.get(number=number).has_next_step():
        ok(act(cast.reviewer, number, "advance"), "in_review")
    ok(act(cast.chief, number, "decide", {"outcome": "granted"}), "granted")
    ok(act(cast.reviewer, number, "issue"), "ready")
    detail = client_for(cast.reviewer).get(f"/api/v1/cases/{number}/").json()
    assert detail["result"]["kind"] == "certificate" and detail["result"]["verification_code"]
    case = Case.objects.get(number=number)
    detail = ok(
        act(cast.delivery, number, "deliver", {"method": "pickup", "collector_id_number": case.applicant_id_number}),
        "delivered",
    )
    events = client_for(cast.desk).get(f"/api/v1/cases/{number}/events/").json()
    assert [e["action"] for e in events] == [e.action for e in CaseEvent.objects.filter(case=case).order_by("seq")]
    assert events[0]["from_state"] == "" and events[-1]["to_state"] == "delivered"
    assert {"action", "from_state", "to_state", "actor", "at", "note"} <= set(events[0])
    assert events[0]["actor"] == cast.desk.username
    assert detail["state"] == "delivered" and detail["actions"] == []
    detail = client_for(cast.delivery).get(f"/api/v1/cases/{number}/").json()
    assert len(detail["timeline"]) == len(events)


def test_denied_walk_issues_the_denial_decision_and_posts_it(item, cast):
    from tests.factories import make_case

    case = make_case(state="in_review", item=item, cast=cast)
    while case.has_next_step():
        ok(act(cast.reviewer, case, "advance"), "in_review")
        case.refresh_from_db()
    response = act(cast.chief, case, "decide", {"outcome": "denied", "reason": ""})
    assert response.status_code == 400 and "reason" in response.json()
    ok(act(cast.chief, case, "decide", {"outcome": "denied", "reason": "不符合法定条件"}), "denied")
    ok(act(cast.reviewer, case, "issue"), "ready")
    assert client_for(cast.reviewer).get(f"/api/v1/cases/{case.number}/").json()["result"]["kind"] == "denial"
    response = act(cast.delivery, case, "deliver", {"method": "post"})
    assert response.status_code == 400 and "tracking_number" in response.json()
    ok(act(cast.delivery, case, "deliver", {"method": "post", "tracking_number": "SF1234567890"}), "delivered")


def test_refuse_needs_a_reason_and_ends_the_case(item, cast):
    number = create(cast.desk, item)["number"]
    response = act(cast.desk, number, "refuse", {"reason": " "})
    assert response.status_code == 400 and response.json()["reason"] == ["不予受理必须说明理由。"]
    ok(act(cast.desk, number, "refuse", {"reason": "不属于本中心受理范围"}), "not_accepted")
    assert act(cast.desk, number, "dispatch").status_code == 409


def test_instant_item_accepted_on_the_spot_at_the_specialised_window(dept, cast):
    instant = make_item(department=dept, kind="instant", promised_limit_days=0, steps=("受理", "审核办结"))
    number = create(cast.special, instant)["number"]
    paper_for_all(cast.special, number, client_for(cast.special).get(f"/api/v1/cases/{number}/").json())
    detail = ok(act(cast.special, number, "accept-on-the-spot"), "in_review")
    assert detail["deadline_at"] is not None
    assert act(cast.desk, number, "accept-on-the-spot").status_code in (403, 409)
    ok(act(cast.special, number, "advance"), "in_review")
    ok(act(cast.special, number, "decide", {"outcome": "granted"}), "granted")
    ok(act(cast.special, number, "issue"), "ready")
    ok(act(cast.special, number, "deliver", {"method": "electronic", "email": "a@example.cn"}), "delivered")


def test_applicant_applies_online_submits_and_withdraws_with_own_token(item, cast):
    applicant = make_applicant_user()
    response = client_for(applicant).post(
        "/api/v1/cases/", {"item": item.code, "draft": True, "applicant": applicant_data(name="别人")}, format="json"
    )
    assert response.status_code == 201, response.content.decode()
    data = response.json()
    profile = applicant.applicant_profile
    assert data["state"] == "draft" and data["channel"] == "online"
    assert data["applicant_name"] == profile.name and data["applicant_id_number"] == profile.id_number  # own: in full
    # Nothing uploaded yet: the submit is a 400 naming every required material.
    response = act(applicant, data["number"], "submit")
    assert response.status_code == 400
    assert response.json()["materials"] == ["以下必要材料尚未上传：申请材料1、申请材料2。"]
    for material in data["materials"]:
        if material["required"]:
            response = client_for(applicant).post(
                f"/api/v1/cases/{data['number']}/materials/",
                {"requirement": material["id"], "file": pdf_upload()},
                format="multipart",
            )
            assert response.status_code == 201, response.content.decode()
    ok(act(applicant, data["number"], "submit"), "submitted")
    ok(act(cast.desk, data["number"], "take-in"), "received")
    ok(act(applicant, data["number"], "withdraw", {"reason": "不再需要"}), "withdrawn")


@override_settings(HALL_AUTO_ACCEPT_SECONDS=600)
def test_deemed_acceptance_shows_as_system_event_with_null_actor(item, cast):
    from datetime import timedelta

    from approvals import services
    from tests.factories import make_case

    case = make_case(state="dispatched", item=item, cast=cast)
    assert services.case_deem_accepted(case_id=case.pk, now=case.auto_accept_at + timedelta(seconds=1))
    events = client_for(cast.chief).get(f"/api/v1/cases/{case.number}/events/").json()
    assert events[-1]["action"] == "deem-accepted" and events[-1]["actor"] is None
    assert events[-1]["note"] == "视为同意"
    detail = client_for(cast.chief).get(f"/api/v1/cases/{case.number}/").json()
    assert detail["state"] == CaseState.IN_REVIEW and detail["accepted_at"] == detail["auto_accept_at"]


def test_applicant_chooses_post_through_the_api_and_a_bad_choice_is_a_400(item, cast):
    applicant = make_applicant_user()
    number = make_case(state="submitted", item=item, cast=cast, applicant=applicant).number

    response = act(applicant, number, "choose-delivery", {"method": "post", "recipient": "张三"})
    assert response.status_code == 400 and {"address", "phone"} <= set(response.json())

    ok(
        act(
            applicant,
            number,
            "choose-delivery",
            {"method": "post", "recipient": "张三", "phone": "13812345678", "address": "示范县人民路1号"},
        ),
        "submitted",
    )
    assert CaseEvent.objects.filter(case__number=number, action="choose-delivery").count() == 1
    assert act(make_applicant_user(), number, "choose-delivery", {"method": "pickup"}).status_code == 404


def test_applicant_create_with_draft_false_is_a_400_while_materials_are_missing(item, cast):
    """An online case is created as a draft and submitted only by `submit`: draft=false (the
    default) submits at once, so with required materials still to upload it is refused with a
    400 that names them and says to save a draft first; no case is registered."""
    applicant = make_applicant_user()
    response = client_for(applicant).post("/api/v1/cases/", {"item": item.code}, format="json")
    assert response.status_code == 400, response.content.decode()
    messages = response.json()["materials"]
    assert messages[0] == "以下必要材料尚未上传：申请材料1、申请材料2。"
    assert "草稿" in messages[1]
    assert not Case.objects.exists() and not CaseEvent.objects.exists()


def test_applicant_create_with_draft_false_submits_an_item_without_required_materials(dept, cast):
    item = make_item(department=dept, materials=0, optional_materials=1)
    applicant = make_applicant_user()
    response = client_for(applicant).post("/api/v1/cases/", {"item": item.code, "draft": False}, format="json")
    assert response.status_code == 201, response.content.decode()
    assert response.json()["state"] == "submitted"
    assert [e.action for e in CaseEvent.objects.order_by("seq")] == ["create", "submit"]


@pytest.mark.parametrize("body", [{"paper": "original"}, {"status": "received"}])
def test_applicant_may_not_register_paper_or_set_a_status_through_the_api(item, cast, body):
    applicant = make_applicant_user()
    case = make_case(state="draft", item=item, cast=cast, applicant=applicant)
    material = case.materials.order_by("position").first()
    response = client_for(applicant).post(
        f"/api/v1/cases/{case.number}/materials/", {"requirement": material.requirement_id, **body}, format="json"
    )
    assert response.status_code == 403, response.content.decode()
    assert "窗口工作人员" in response.json()["detail"]
    material.refresh_from_db()
    assert material.status == "missing" and material.paper_originals == 0
    assert act(applicant, case.number, "submit").status_code == 400


def test_applicant_supplement_without_re_upload_is_a_400(item, cast):
    applicant = make_applicant_user()
    case = make_case(state="supplement_requested", item=item, cast=cast, applicant=applicant, channel="online")
    first, second = case.materials.filter(required=True).order_by("position")
    response = act(applicant, case.number, "supplement")
    assert response.status_code == 400
    assert response.json()["materials"] == ["一次性告知书要求补正的材料尚未上传：申请材料1、申请材料2。"]
    client_for(applicant).post(
        f"/api/v1/cases/{case.number}/materials/",
        {"requirement": first.requirement_id, "file": pdf_upload()},
        format="multipart",
    )
    response = act(applicant, case.number, "supplement")
    assert response.status_code == 400
    assert response.json()["materials"] == ["一次性告知书要求补正的材料尚未上传：申请材料2。"]
    client_for(applicant).post(
        f"/api/v1/cases/{case.number}/materials/",
        {"requirement": second.requirement_id, "file": pdf_upload()},
        format="multipart",
    )
    ok(act(applicant, case.number, "supplement"), "received")


def test_notice_through_the_api_resets_the_named_materials_and_blocks_dispatch(item, cast):
    case = make_case(state="received", item=item, cast=cast)
    paper_for_all(cast.desk, case.number, client_for(cast.desk).get(f"/api/v1/cases/{case.number}/").json())
    first = case.materials.order_by("position").first()
    ok(
        act(
            cast.desk, case.number, "request-supplement", {"materials": [first.requirement_id], "note": "复印件不清晰"}
        ),
        "supplement_requested",
    )
    detail = client_for(cast.desk).get(f"/api/v1/cases/{case.number}/").json()
    statuses = {m["id"]: m["status"] for m in detail["materials"]}
    assert statuses[first.requirement_id] == "missing"
    response = act(cast.desk, case.number, "supplement")
    assert response.status_code == 400 and "申请材料1" in response.json()["materials"][0]


def test_withdrawing_a_suspended_case_through_the_api_closes_the_suspension(item, cast):
    from approvals.models import Suspension

    applicant = make_applicant_user()
    case = make_case(state="suspended", item=item, cast=cast, applicant=applicant, channel="online")
    ok(act(applicant, case.number, "withdraw", {"reason": "不再需要"}), "withdrawn")
    suspension = Suspension.objects.get(case=case)
    assert suspension.ended_at is not None and suspension.ended_by == applicant
    assert Case.objects.get(pk=case.pk).suspended_at is None


def test_a_late_acknowledgement_through_the_api_is_a_409_and_the_deemed_acceptance_stays(item, cast):
    """The action runs in the request's transaction: the deemed acceptance it found due is kept."""
    from datetime import timedelta

    import time_machine

    from tests.factories import make_case

    case = make_case(state="dispatched", item=item, cast=cast)
    with time_machine.travel(case.auto_accept_at + timedelta(minutes=1), tick=False):
        response = act(cast.chief, case, "acknowledge")
    assert response.status_code == 409, response.content.decode()
    assert "视为同意受理" in response.content.decode()
    case.refresh_from_db()
    assert case.state == CaseState.IN_REVIEW and case.accepted_at == case.auto_accept_at
    assert [e.action for e in CaseEvent.objects.filter(case=case).order_by("-seq")[:1]] == ["deem-accepted"]
