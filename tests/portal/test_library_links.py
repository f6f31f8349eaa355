"""Library files are linked to case materials by a relation (not by where they are stored), and
showing the library never writes: certificates are kept on a POST or when received."""

from importlib import import_module

from django.apps import apps
from django.urls import reverse

from approvals import services as s
from approvals.models import CaseMaterial
from portal import services as portal
from portal.models import LibraryAttachment, LibraryMaterial
from tests.factories import pdf_upload
from tests.portal.helpers import fill_draft, granted_ready_case

BASE = "https://hall.example.cn"


def test_a_library_file_used_on_a_case_is_linked_and_never_deleted_from_the_case(item, applicant, cast):
    case = portal.application_start(item=item, by=applicant)
    stored = portal.library_add_upload(owner=applicant, file=pdf_upload(name="身份证.pdf", size=321))
    rid = case.materials.filter(required=True).first().requirement_id
    portal.application_use_library(case=case, requirement_id=rid, library_id=stored.pk, by=applicant)
    material = CaseMaterial.objects.get(case=case, requirement_id=rid)
    assert material.library_attachment.library_material == stored
    assert material.file.name == stored.file.name and material.owns_file is False

    # The front desk replaces it with a fresh scan: the library file stays, the link goes.
    case = s.case_take_in(case=portal.application_submit(case=_filled(case, applicant), by=applicant), by=cast.desk)
    s.case_record_material(case=case, requirement_id=rid, file=pdf_upload(name="新扫描件.pdf", size=999), by=cast.desk)
    material.refresh_from_db()
    assert material.file.name != stored.file.name and material.owns_file is True
    assert not LibraryAttachment.objects.filter(case_material=material).exists()
    stored.refresh_from_db()
    assert stored.file.storage.exists(stored.file.name)


def _filled(case, applicant):
    fill_draft(case, by=applicant)
    return case


def test_a_case_own_upload_is_replaced_whatever_its_path(item, applicant, cast):
    """Ownership comes from the relation: a case file stored anywhere is the case's own."""
    case = portal.application_start(item=item, by=applicant)
    fill_draft(case, by=applicant)
    case = s.case_take_in(case=portal.application_submit(case=case, by=applicant), by=cast.desk)
    material = case.materials.filter(required=True).first()
    LibraryAttachment.objects.filter(case_material=material).delete()  # as a front-desk scan would be
    material.refresh_from_db()
    assert material.owns_file is True


def test_existing_library_files_on_cases_are_linked_by_the_data_migration(item, applicant):
    case = portal.application_start(item=item, by=applicant)
    fill_draft(case, by=applicant)  # uploads go to the library and are attached
    assert LibraryAttachment.objects.filter(case_material__case=case).count() == 2
    LibraryAttachment.objects.all().delete()  # rows as they were before the relation existed
    import_module("portal.migrations.0004_link_existing_library_files").link(apps, None)
    links = LibraryAttachment.objects.filter(case_material__case=case)
    assert links.count() == 2
    assert all(link.case_material.file.name == link.library_material.file.name for link in links)


def test_showing_the_library_writes_nothing_and_keeping_certificates_is_a_post(client_of, item, applicant, cast):
    granted_ready_case(item=item, by=applicant, cast=cast)
    client = client_of(applicant)
    before = LibraryMaterial.objects.filter(owner=applicant).count()
    page = client.get(reverse("portal:library"))
    assert page.status_code == 200 and "keep-results" in page.content.decode()
    assert client.get("/api/v1/portal/library/").status_code == 200
    assert LibraryMaterial.objects.filter(owner=applicant).count() == before

    response = client.post(reverse("portal:library"), {"action": "keep-results"})
    assert response.status_code == 302
    assert LibraryMaterial.objects.filter(owner=applicant, source="result").count() == 1
    assert "keep-results" not in client.get(reverse("portal:library")).content.decode()


def test_the_materials_page_does_not_write_on_get(client_of, item, applicant, cast):
    granted_ready_case(item=item, by=applicant, cast=cast)
    draft = portal.application_start(item=item, by=applicant)
    LibraryMaterial.objects.filter(owner=applicant, source="result").delete()
    client = client_of(applicant)
    assert client.get(reverse("portal:case-materials", kwargs={"number": draft.number})).status_code == 200
    assert not LibraryMaterial.objects.filter(owner=applicant, source="result").exists()


def test_receiving_the_certificate_keeps_it_in_the_library(item, applicant, cast):
    from portal import selectors

    case = granted_ready_case(item=item, by=applicant, cast=cast)
    portal.certificate_download(case=selectors.my_case(user=applicant, number=case.number), by=applicant, base_url=BASE)
    kept = LibraryMaterial.objects.get(owner=applicant, source="result")
    assert kept.result_number == case.result.number
    assert portal.library_sync_results(owner=applicant, base_url=BASE) == []
