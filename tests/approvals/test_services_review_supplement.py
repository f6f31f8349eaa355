"""审查中补正: while the department waits for material, the own applicant may upload a file online;
paper and status stay the front desk's, other suspensions stay closed, and the clock stays stopped."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from approvals import policies
from approvals import services as s
from approvals.constants import Action, CaseState
from tests.factories import make_applicant_user, make_case, pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def applicant(db):
    return make_applicant_user(username="online-applicant")


def _suspended(item, cast, applicant, kind="supplement"):
    case = make_case(state="in_review", item=item, cast=cast, applicant=applicant, channel="online")
    return s.case_suspend(case=case, kind=kind, reason="请补交新的营业执照", by=cast.reviewer)


def test_policy_allows_the_own_applicant_only_while_suspended_for_supplement(item, cast, applicant):
    case = _suspended(item, cast, applicant)
    assert policies.may(applicant, Action.RECORD_MATERIAL, case)
    assert not policies.may(applicant, Action.SUPPLEMENT, case)
    assert not policies.may(make_applicant_user(username="stranger"), Action.RECORD_MATERIAL, case)
    expert = _suspended(item, cast, applicant, kind="expert_review")
    assert not policies.may(applicant, Action.RECORD_MATERIAL, expert)
    in_review = make_case(state="in_review", item=item, cast=cast, applicant=applicant, channel="online")
    assert not policies.may(applicant, Action.RECORD_MATERIAL, in_review)


def test_applicant_uploads_a_file_the_event_is_written_and_the_clock_stays_stopped(item, cast, applicant):
    case = _suspended(item, cast, applicant)
    deadline, events = case.deadline_at, case.events.count()
    material = case.materials.filter(required=True).first()
    s.case_record_material(
        case=case, requirement_id=material.requirement_id, file=pdf_upload(name="新营业执照.pdf"), by=applicant
    )
    case.refresh_from_db()
    assert case.state == CaseState.SUSPENDED
    assert case.deadline_at == deadline
    assert case.suspensions.get().ended_at is None
    assert case.events.count() == events + 1
    event = case.events.last()
    assert event.action == Action.RECORD_MATERIAL and event.from_state == CaseState.SUSPENDED
    assert event.actor_id == applicant.pk and event.payload["name"] == material.name


def test_paper_and_status_stay_with_staff(item, cast, applicant):
    case = _suspended(item, cast, applicant)
    rid = case.materials.first().requirement_id
    with pytest.raises(PermissionDenied):
        s.case_record_material(case=case, requirement_id=rid, paper="original", by=applicant)
    with pytest.raises(PermissionDenied):
        s.case_record_material(case=case, requirement_id=rid, status="received", by=applicant)


def test_no_upload_while_suspended_for_expert_review(item, cast, applicant):
    case = _suspended(item, cast, applicant, kind="expert_review")
    rid = case.materials.first().requirement_id
    with pytest.raises(PermissionDenied):
        s.case_record_material(case=case, requirement_id=rid, file=pdf_upload(), by=applicant)
    assert not case.events.filter(action=Action.RECORD_MATERIAL, from_state=CaseState.SUSPENDED).exists()


def test_after_resume_the_applicant_cannot_upload_any_more(item, cast, applicant):
    case = _suspended(item, cast, applicant)
    case = s.case_resume(case=case, by=cast.reviewer)
    with pytest.raises(PermissionDenied):
        s.case_record_material(
            case=case, requirement_id=case.materials.first().requirement_id, file=pdf_upload(), by=applicant
        )


def test_staff_case_page_says_the_applicant_supplemented(client, item, cast, applicant):
    case = _suspended(item, cast, applicant)
    url = reverse("approvals:case", kwargs={"number": case.number})
    client.force_login(cast.reviewer)
    assert "补交材料" not in client.get(url).content.decode()
    rid = case.materials.first().requirement_id
    s.case_record_material(case=case, requirement_id=rid, file=pdf_upload(), by=applicant)
    page = client.get(url).content.decode()
    assert "申请人已于" in page and "补交材料" in page
