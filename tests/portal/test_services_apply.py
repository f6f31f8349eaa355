"""Applying online: draft, uploads kept in the library once, missing list at submit, supplement."""

import pytest
from django.core.exceptions import ValidationError

from approvals import services as s
from approvals.constants import CaseState, MaterialStatus
from approvals.models import CaseEvent
from portal import services as portal
from portal.models import LibraryMaterial
from tests.factories import PNG_BYTES, pdf_upload
from tests.portal.helpers import fill_draft, submitted_case


def test_start_makes_one_online_draft_and_resumes_it(item, applicant):
    case = portal.application_start(item=item, by=applicant)
    assert case.state == CaseState.DRAFT and case.channel == "online" and case.applicant_user == applicant
    assert case.applicant_name == "张三"
    assert portal.application_start(item=item, by=applicant).pk == case.pk
    assert case.materials.count() == 3


def test_submit_lists_every_missing_required_material(item, applicant):
    case = portal.application_start(item=item, by=applicant)
    first = case.materials.order_by("position").first()
    portal.application_upload(case=case, requirement_id=first.requirement_id, file=pdf_upload(), by=applicant)
    with pytest.raises(ValidationError) as exc:
        portal.application_submit(case=case, by=applicant)
    message = exc.value.message_dict["materials"][0]
    assert "申请材料2" in message and "申请材料1" not in message and "申请材料3" not in message
    case.refresh_from_db()
    assert case.state == CaseState.DRAFT


def test_upload_is_kept_once_and_reused_without_a_second_copy(item, applicant):
    first = portal.application_start(item=item, by=applicant)
    fill_draft(first, by=applicant)
    portal.application_submit(case=first, by=applicant)
    stored = LibraryMaterial.objects.filter(owner=applicant)
    assert stored.count() == 2

    # The same bytes uploaded again: still one library row per content.
    same = pdf_upload(size=200 + first.materials.first().requirement_id)
    again = portal.library_add_upload(owner=applicant, file=same)
    assert stored.count() == 2 and again.pk in stored.values_list("pk", flat=True)

    second = portal.application_start(item=item, by=applicant)
    assert second.pk != first.pk
    library = stored.order_by("pk").first()
    target = second.materials.order_by("position").first()
    rid = target.requirement_id
    portal.application_use_library(case=second, requirement_id=rid, library_id=library.pk, by=applicant)
    target.refresh_from_db()
    assert target.status == MaterialStatus.RECEIVED
    assert target.file.name == library.file.name  # the same stored file
    assert target.sha256 == library.sha256
    event = CaseEvent.objects.filter(case=second, action="record-material").get()
    assert event.payload["from_library"] is True


def test_another_applicants_library_cannot_be_used(item, applicant, applicant2):
    theirs = portal.library_add_upload(owner=applicant2, file=pdf_upload())
    case = portal.application_start(item=item, by=applicant)
    rid = case.materials.first().requirement_id
    with pytest.raises(ValidationError):
        portal.application_use_library(case=case, requirement_id=rid, library_id=theirs.pk, by=applicant)


def test_refused_upload_keeps_what_was_saved(item, applicant, settings):
    settings.HALL_UPLOAD_MAX_BYTES = 1000
    case = portal.application_start(item=item, by=applicant)
    one, two = case.materials.order_by("position")[:2]
    portal.application_upload(case=case, requirement_id=one.requirement_id, file=pdf_upload(), by=applicant)
    with pytest.raises(ValidationError) as exc:
        big = pdf_upload(size=5000)
        portal.application_upload(case=case, requirement_id=two.requirement_id, file=big, by=applicant)
    assert "不能超过" in exc.value.messages[0]
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("照片.pdf", PNG_BYTES, content_type="application/pdf")
    with pytest.raises(ValidationError):
        portal.application_upload(case=case, requirement_id=two.requirement_id, file=fake, by=applicant)
    one.refresh_from_db()
    assert one.status == MaterialStatus.RECEIVED


def test_supplement_needs_the_named_materials_again_and_keeps_the_rest(item, applicant, cast):
    case = submitted_case(item=item, by=applicant)
    case = s.case_take_in(case=case, by=cast.desk)
    one, two = case.materials.filter(required=True).order_by("position")
    case = s.case_request_supplement(case=case, materials=[two.requirement_id], note="请上传清晰的扫描件", by=cast.desk)
    with pytest.raises(ValidationError) as exc:
        portal.application_supplement(case=case, by=applicant)
    assert "申请材料2" in exc.value.messages[0]
    portal.application_upload(case=case, requirement_id=two.requirement_id, file=pdf_upload(size=999), by=applicant)
    case = portal.application_supplement(case=case, by=applicant)
    assert case.state == CaseState.RECEIVED
    one.refresh_from_db()
    assert one.status == MaterialStatus.RECEIVED and one.file


def test_withdraw_by_the_applicant(item, applicant, cast):
    case = s.case_take_in(case=submitted_case(item=item, by=applicant), by=cast.desk)
    case = portal.application_withdraw(case=case, by=applicant)
    assert case.state == CaseState.WITHDRAWN
