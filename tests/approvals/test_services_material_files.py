"""Replacing a material's file never loses the one already on the case (issue 21, item 1)."""

import pytest
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from approvals import services as s
from approvals.models import CaseMaterial
from tests.approvals.api_helpers import client_for
from tests.factories import PDF_BYTES, make_case

pytestmark = pytest.mark.django_db

LONG_NAME = "证" * 100 + ".pdf"  # 300 bytes of UTF-8: longer than any file system allows


def _pdf(name, marker=b""):
    return SimpleUploadedFile(name, PDF_BYTES + marker, content_type="application/pdf")


@pytest.fixture
def case(item, cast):
    return make_case(state="received", item=item, cast=cast)


def _first(case):
    material = case.materials.order_by("position").first()
    return material.requirement_id


def test_a_too_long_chinese_name_replaces_the_file_and_both_downloads_work(
    case, cast, django_capture_on_commit_callbacks
):
    requirement = _first(case)
    api = client_for(cast.desk)
    url = f"/api/v1/cases/{case.number}/materials/"
    with django_capture_on_commit_callbacks(execute=True):
        assert api.post(url, {"requirement": requirement, "file": _pdf("a.pdf")}, format="multipart").status_code == 201
    first = CaseMaterial.objects.get(case=case, requirement_id=requirement).file.name
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(url, {"requirement": requirement, "file": _pdf(LONG_NAME, b"2")}, format="multipart")
    assert response.status_code == 201, response.content
    material = CaseMaterial.objects.get(case=case, requirement_id=requirement)
    stored = material.file.name.rsplit("/", 1)[-1]
    assert len(stored.encode()) <= 255 and stored.endswith(".pdf") and "证证证" in stored
    assert default_storage.exists(material.file.name)
    assert not default_storage.exists(first)  # the replaced file is gone once the new one committed
    page = Client()
    page.force_login(cast.desk)
    download = page.get(f"/workbench/cases/{case.number}/materials/{requirement}/file/")
    assert download.status_code == 200 and b"".join(download.streaming_content).endswith(b"2")


def test_a_failure_after_the_new_file_is_stored_keeps_the_old_file(case, cast, monkeypatch):
    requirement = _first(case)
    old = s.case_record_material(case=case, requirement_id=requirement, file=_pdf("old.pdf"), by=cast.desk)
    before = set(default_storage.listdir(f"cases/{case.number}")[1])

    def broken_event(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("approvals.services.intake.write_event", broken_event)
    with pytest.raises(RuntimeError):
        s.case_record_material(case=case, requirement_id=requirement, file=_pdf("new.pdf", b"new"), by=cast.desk)
    material = CaseMaterial.objects.get(pk=old.pk)
    assert material.file.name == old.file.name
    assert default_storage.exists(old.file.name)
    with material.file.open("rb") as handle:
        assert handle.read() == PDF_BYTES
    # No stray copy of the refused file is left behind either.
    assert set(default_storage.listdir(f"cases/{case.number}")[1]) == before


def test_a_storage_failure_keeps_the_old_file(case, cast, monkeypatch):
    requirement = _first(case)
    old = s.case_record_material(case=case, requirement_id=requirement, file=_pdf("old.pdf"), by=cast.desk)

    def full_disk(self, name, content):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", full_disk)
    with pytest.raises(OSError):
        s.case_record_material(case=case, requirement_id=requirement, file=_pdf("new.pdf", b"new"), by=cast.desk)
    material = CaseMaterial.objects.get(pk=old.pk)
    assert material.file.name == old.file.name and material.sha256 == old.sha256
    assert default_storage.exists(old.file.name)


def test_the_old_file_stays_until_the_replacement_commits(case, cast, django_capture_on_commit_callbacks):
    requirement = _first(case)
    old = s.case_record_material(case=case, requirement_id=requirement, file=_pdf("old.pdf"), by=cast.desk)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        new = s.case_record_material(case=case, requirement_id=requirement, file=_pdf("new.pdf", b"n"), by=cast.desk)
        assert default_storage.exists(old.file.name) and default_storage.exists(new.file.name)
    for callback in callbacks:
        callback()
    assert not default_storage.exists(old.file.name) and default_storage.exists(new.file.name)


def test_a_result_file_with_a_too_long_name_is_stored(item, cast):
    case = make_case(state="granted", item=item, cast=cast)
    case = s.case_issue(case=case, by=cast.reviewer, file=_pdf("证照" * 80 + ".pdf"))
    name = case.result.file.name
    assert default_storage.exists(name) and len(name.rsplit("/", 1)[-1].encode()) <= 255


def test_a_file_lost_before_this_fix_downloads_as_a_404_not_a_500(case, cast):
    requirement = _first(case)
    material = s.case_record_material(case=case, requirement_id=requirement, file=_pdf("a.pdf"), by=cast.desk)
    default_storage.delete(material.file.name)  # what the old replacement did to rows in production
    page = Client()
    page.force_login(cast.desk)
    response = page.get(f"/workbench/cases/{case.number}/materials/{requirement}/file/")
    assert response.status_code == 404
