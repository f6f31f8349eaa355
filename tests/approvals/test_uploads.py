"""Material files: PDF/JPEG/PNG by magic bytes, a size limit (413 in the API), a SHA-256."""

import hashlib

import pytest
from django.core.exceptions import ValidationError
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


# --- decompression bombs (issue 21, item 6) ---------------------------------------------------


def _png_header(width, height):
    """A PNG that declares its size and holds no pixels: enough for anything that reads the header."""
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b"")


def _flate_pdf(expanded_mb):
    """A small PDF with one valid Flate stream that inflates to `expanded_mb` MB of zeros.

    Built from one compressed megabyte repeated (a full flush makes each block independent),
    so a 200 MB bomb takes a moment to make rather than seconds of compression.
    """
    import struct
    import zlib

    block = b"\0" * (1024 * 1024)
    deflater = zlib.compressobj(9, zlib.DEFLATED, -15)
    piece = deflater.compress(block) + deflater.flush(zlib.Z_FULL_FLUSH)
    checksum = 1
    for _ in range(expanded_mb):
        checksum = zlib.adler32(block, checksum)
    stream = b"\x78\xda" + piece * expanded_mb + deflater.flush() + struct.pack(">I", checksum)
    head = b"%PDF-1.4\n1 0 obj\n<</Length " + str(len(stream)).encode() + b"/Filter/FlateDecode>>\nstream\n"
    return head + stream + b"\nendstream\nendobj\ntrailer<<>>\n%%EOF\n"


def _real_png(width=40, height=30):
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buffer, "PNG")
    return buffer.getvalue()


def test_an_image_of_100000_by_100000_pixels_is_refused_with_a_chinese_message():
    with pytest.raises(ValidationError) as err:
        check_upload(SimpleUploadedFile("scan.png", _png_header(100_000, 100_000)))
    assert "图片尺寸过大" in err.value.message_dict["file"][0]


def test_the_hall_can_set_a_lower_pixel_limit(settings):
    settings.HALL_UPLOAD_MAX_PIXELS = 1000
    assert check_upload(SimpleUploadedFile("ok.png", _real_png(40, 25))).content_type == "image/png"
    with pytest.raises(ValidationError) as err:
        check_upload(SimpleUploadedFile("big.png", _real_png(40, 30)))
    assert "40×30" in err.value.message_dict["file"][0]


def test_a_200_mb_flate_bomb_pdf_is_refused_without_expanding_it_all():
    bomb = _flate_pdf(200)
    assert len(bomb) < 1024 * 1024  # small on the wire
    with pytest.raises(ValidationError) as err:
        check_upload(SimpleUploadedFile("bomb.pdf", bomb))
    assert "解压后超过 100 MB" in err.value.message_dict["file"][0]


def test_a_pdf_whose_streams_stay_under_the_limit_is_accepted(settings):
    settings.HALL_UPLOAD_MAX_PDF_EXPANDED_BYTES = 3 * 1024 * 1024
    assert check_upload(SimpleUploadedFile("ok.pdf", _flate_pdf(2))).content_type == "application/pdf"
    with pytest.raises(ValidationError):
        check_upload(SimpleUploadedFile("two.pdf", _flate_pdf(2) + _flate_pdf(2)))


def test_a_bomb_sent_to_the_case_api_is_a_400_on_the_file_field(case, cast, settings):
    from tests.approvals.api_helpers import client_for

    settings.HALL_UPLOAD_MAX_PDF_EXPANDED_BYTES = 1024 * 1024
    url = f"/api/v1/cases/{case.number}/materials/"
    requirement = case.materials.first().requirement_id
    response = client_for(cast.desk).post(
        url,
        {"requirement": requirement, "file": SimpleUploadedFile("b.pdf", _flate_pdf(4))},
        format="multipart",
    )
    assert response.status_code == 400 and "解压后超过 1 MB" in response.json()["file"][0]
    assert case.events.count() == 1
