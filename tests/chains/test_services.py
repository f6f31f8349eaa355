import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from approvals.models import CaseMaterial
from approvals.services.publishing import deliver_all_pending
from chains.constants import ApplicationState, RunState
from chains.models import ChainMaterial, ChainMaterialUse
from chains.services import chain_application_submit
from tests.chains.helpers import chain_files, deny, grant, make_chain
from tests.factories import applicant_data, make_applicant_user, make_staff, pdf_upload

pytestmark = pytest.mark.django_db


def test_parallel_chain_creates_one_case_per_item_in_its_own_department_sharing_materials():
    chain, items = make_chain()
    user = make_applicant_user()
    app = chain_application_submit(chain=chain, by=user, channel="online", files=chain_files())
    runs = list(app.runs.select_related("case").order_by("position"))
    assert [r.state for r in runs] == [RunState.RUNNING] * 3
    assert [r.case.department_id for r in runs] == [i.department_id for i in items]
    assert all(r.case.state == "submitted" and r.case.applicant_user == user for r in runs)
    assert len({r.case.number for r in runs}) == 3
    # 营业执照 handed in once, used by two cases; 身份证明 by two; the file is one file.
    licence = ChainMaterial.objects.get(application=app, name="营业执照")
    assert ChainMaterial.objects.filter(application=app).count() == 4
    uses = ChainMaterialUse.objects.filter(material=licence).select_related("case_material__case")
    assert sorted(u.case_material.case.item.name for u in uses) == ["公章刻制备案", "发票申领"]
    files = set(
        CaseMaterial.objects.filter(name="营业执照", case__chain_run__application=app).values_list("file", flat=True)
    )
    assert files == {licence.file.name}
    # A shared file is lent, never owned by a case (a replacement on one case cannot delete it).
    assert not uses[0].case_material.owns_file
    assert app.deadline_at > app.submitted_at


def test_missing_shared_material_is_refused_with_its_name_and_nothing_is_created():
    chain, _ = make_chain()
    files = chain_files()
    files.pop("营业执照")
    with pytest.raises(ValidationError) as exc:
        chain_application_submit(chain=chain, by=make_applicant_user(), channel="online", files=files)
    assert "营业执照" in str(exc.value)
    assert not ChainMaterial.objects.exists()


def test_serial_dependant_starts_only_after_its_prerequisite_is_granted():
    chain, _ = make_chain(serial=True)
    user = make_applicant_user()
    app = chain_application_submit(chain=chain, by=user, channel="online", files=chain_files())
    first, second, third = app.runs.order_by("position")
    assert first.state == RunState.RUNNING and second.state == RunState.WAITING and third.case is None
    deliver_all_pending()
    second.refresh_from_db()
    assert second.case is None  # nothing moves before the grant
    grant(first.case)
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.state == RunState.RUNNING and second.case.state == "submitted"
    assert second.case.materials.get(name="营业执照").status == "received"
    assert third.state == RunState.WAITING and third.case is None
    grant(second.case)
    third.refresh_from_db()
    assert third.state == RunState.RUNNING
    grant(third.case)
    app.refresh_from_db()
    assert app.state == ApplicationState.FINISHED


def test_denied_prerequisite_stops_its_dependants_and_tells_the_applicant():
    chain, _ = make_chain(serial=True)
    app = chain_application_submit(chain=chain, by=make_applicant_user(), channel="online", files=chain_files())
    first = app.runs.get(position=1)
    deny(first.case, reason="名称与已登记企业重名")
    app.refresh_from_db()
    second, third = app.runs.filter(position__in=[2, 3]).order_by("position")
    assert second.state == third.state == RunState.STOPPED
    assert second.case is None and third.case is None
    assert "企业设立登记" in second.reason and "名称与已登记企业重名" in second.reason
    assert app.state == ApplicationState.STOPPED
    notice = app.notices.get(kind="stopped")
    assert "公章刻制备案" in notice.text and "发票申领" in notice.text


def test_desk_registers_a_chain_in_one_registration_with_paper():
    chain, _ = make_chain()
    clerk = make_staff()
    paper = dict.fromkeys(("设立登记申请书", "身份证明", "营业执照", "经办人身份证明"), "original")
    app = chain_application_submit(chain=chain, by=clerk, channel="window", applicant=applicant_data(), paper=paper)
    cases = [r.case for r in app.runs.select_related("case")]
    assert all(c.state == "received" and c.received_by == clerk for c in cases)
    assert all(m.status == "received" and m.paper_originals == 1 for c in cases for m in c.materials.all())


def test_an_applicant_cannot_register_paper_nor_apply_at_a_window():
    chain, _ = make_chain()
    user = make_applicant_user()
    with pytest.raises(PermissionDenied):
        chain_application_submit(chain=chain, by=user, channel="window", applicant=applicant_data(), paper={})


def test_a_bad_file_is_a_clear_error():
    from django.core.files.uploadedfile import SimpleUploadedFile

    chain, _ = make_chain()
    files = chain_files()
    files["营业执照"] = SimpleUploadedFile("x.pdf", b"not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as exc:
        chain_application_submit(chain=chain, by=make_applicant_user(), channel="online", files=files)
    assert "营业执照" in str(exc.value)
    assert pdf_upload  # the helper makes valid files
