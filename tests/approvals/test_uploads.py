"""Material files: PDF/JPEG/PNG by magic bytes, a size limit (413 in the API), a SHA-256."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from approvals import services as s
from approvals.constants import MaterialStatus
from approvals.uploads import UploadTooLarge, UploadTypeNotAllowed, check_upload
from tests.factories import JPEG_BYTES, PDF_BYTES, PNG_BYTES, applicant_data, pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(item, cast):
    return s.case_create(item=item, channel="window", applicant=applicant_data(), by=cast.desk)


def test_pdf_upload_is_stored_under_the_case_with_its_hash(case, cast):
    requirement = case.materials.first().requirement_id
    material = s.case_record_material(case=case, requirement_id=requirement, file=pdf_upload(), by=cast.desk)
    assert material.status == MaterialStatus.RECEIVED
    assert material.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    assert material.content_type == "application/pdf" and material.size == len(PDF_BYTES)
    assert material.file.name.startswith(f"cases/{case.number}/")
    event = case.events.get(action="record-material")
    assert event.payload["sha256"] == material.sha256


@pytest.mark.parametrize(
    ("name", "data", "kind"), [("a.png", PNG_BYTES, "image/png"), ("b.jpg", JPEG_BYTES, "image/jpeg")]
)
def test_images_are_accepted(name, data, kind):
    assert check_upload(SimpleUploadedFile(name, data)).content_type == kind


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("evil.pdf", b"MZ\x90\x00 this is an exe"),  # extension lies about the content
        ("notes.txt", b"hello"),
        ("scan.png", PDF_BYTES),  # content is a PDF, name says PNG
    ],
)
def test_wrong_type_is_refused_by_content(case, cast, name, data):
    with pytest.raises(UploadTypeNotAllowed):
        s.case_record_material(
            case=case,
            requirement_id=case.materials.first().requirement_id,
            file=SimpleUploadedFile(name, data),
            by=cast.desk,
        )
    assert case.events.count() == 1


def test_oversized_upload_raises_upload_too_large(case, cast, settings):
    settings.HALL_UPLOAD_MAX_BYTES = 1024
    with pytest.raises(UploadTooLarge) as err:
        s.case_record_material(
            case=case, requirement_id=case.materials.first().requirement_id, file=pdf_upload(size=2048), by=cast.desk
        )
    assert err.value.http_status == 413
    assert "不能超过" in err.value.messages[0]


def test_exactly_one_of_file_paper_status(case, cast):
    from django.core.exceptions import ValidationError

    requirement = case.materials.first().requirement_id
    with pytest.raises(ValidationError):
        s.case_record_material(case=case, requirement_id=requirement, by=cast.desk)
    with pytest.raises(ValidationError):
        s.case_record_material(case=case, requirement_id=requirement, paper="original", status="missing", by=cast.desk)
    with pytest.raises(ValidationError, match="原件或复印件"):
        s.case_record_material(case=case, requirement_id=requirement, paper="scan", by=cast.desk)
