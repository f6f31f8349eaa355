"""Electronic certificate: PDF with the verification link, delivery by download, library, verify page."""

import re

import pytest
import time_machine
from django.urls import reverse

from approvals.constants import CaseState
from approvals.models import Result
from portal import selectors
from portal import services as portal
from portal.models import LibraryMaterial
from tests.portal.helpers import granted_ready_case

BASE = "https://hall.example.cn"


def test_download_delivers_electronically_and_pdf_links_to_verify(item, applicant, cast):
    case = granted_ready_case(item=item, by=applicant, cast=cast)
    assert case.state == CaseState.READY
    case = selectors.my_case(user=applicant, number=case.number)
    result, data = portal.certificate_download(case=case, by=applicant, base_url=BASE)
    assert data.startswith(b"%PDF")
    url = BASE + reverse("portal:verify", kwargs={"code": result.verification_code})
    assert re.search(rb"/URI \((.*?)\)", data).group(1).decode() == url
    case.refresh_from_db()
    assert case.state == CaseState.DELIVERED and case.delivery_method == "electronic"
    assert case.events.filter(action="deliver").get().actor == applicant


def test_no_download_without_electronic_choice(item, applicant, cast):
    from approvals.services import CaseConflict

    case = granted_ready_case(item=item, by=applicant, cast=cast, electronic=False)
    case = selectors.my_case(user=applicant, number=case.number)
    with pytest.raises(CaseConflict):
        portal.certificate_download(case=case, by=applicant, base_url=BASE)


def test_issued_certificates_appear_in_the_library_once(item, applicant, cast):
    case = granted_ready_case(item=item, by=applicant, cast=cast)
    added = portal.library_sync_results(owner=applicant, base_url=BASE)
    assert len(added) == 1 and added[0].source == "result" and added[0].result_number == case.result.number
    assert portal.library_sync_results(owner=applicant, base_url=BASE) == []
    assert LibraryMaterial.objects.filter(owner=applicant, source="result").count() == 1


def test_verify_page_shows_masked_holder_and_validity(client, item, applicant, cast):
    case = granted_ready_case(item=item, by=applicant, cast=cast)
    result = Result.objects.get(case=case)
    page = client.get(reverse("portal:verify", kwargs={"code": result.verification_code}))
    text = page.content.decode()
    assert page.status_code == 200
    assert "真实有效" in text and result.number in text and case.number in text and item.name in text
    assert "张*" in text and "张三" not in text
    assert case.applicant_id_number not in text

    Result.objects.filter(pk=result.pk).update(valid_until="2020-01-01")
    again = client.get(reverse("portal:verify", kwargs={"code": result.verification_code}))
    assert "已过有效期" in again.content.decode()
    assert client.get(reverse("portal:verify", kwargs={"code": "NOSUCHCODE22"})).status_code == 404


@pytest.mark.django_db
def test_days_left_counts_working_days(item, applicant, cast):
    with time_machine.travel("2026-11-23 10:00 +0800", tick=False):  # a Monday
        from approvals import services as s
        from tests.portal.helpers import submitted_case

        case = submitted_case(item=item, by=applicant)
        case = s.case_take_in(case=case, by=cast.desk)
        case = s.case_dispatch(case=case, by=cast.desk)
        case = s.case_acknowledge(case=case, by=cast.chief)
        assert case.deadline_at is not None
        assert selectors.working_days_left(case) == 5  # promised limit 5, acceptance day not counted
    with time_machine.travel("2026-11-27 10:00 +0800", tick=False):  # Friday
        assert selectors.working_days_left(case) == 1
    with time_machine.travel("2026-12-02 10:00 +0800", tick=False):  # two working days after Monday 30 Nov
        assert selectors.working_days_left(case) == -2


@pytest.mark.django_db
def test_a_case_due_on_friday_is_overdue_on_the_weekend_not_due_today(item, applicant, cast):
    """No working day lies between Friday and Sunday, yet the applicant must read "overdue"."""
    from approvals import services as s
    from tests.portal.helpers import submitted_case

    with time_machine.travel("2026-11-20 10:00 +0800", tick=False):  # Friday; 5 working days -> Friday 27 Nov
        case = s.case_take_in(case=submitted_case(item=item, by=applicant), by=cast.desk)
        case = s.case_acknowledge(case=s.case_dispatch(case=case, by=cast.desk), by=cast.chief)
    with time_machine.travel("2026-11-29 10:00 +0800", tick=False):  # Sunday
        assert selectors.working_days_left(case) == -1


def test_a_chains_later_step_gets_the_issued_certificate_without_asking(item, dept, applicant, cast):
    from catalog.models import MaterialRequirement
    from tests.factories import make_item

    granted_ready_case(item=item, by=applicant, cast=cast)  # issues 食品经营许可证
    later = make_item(department=dept, materials=1)
    MaterialRequirement.objects.create(item=later, position=2, name="食品经营许可证", required=True)
    portal.library_sync_results(owner=applicant, base_url=BASE)
    case = portal.application_start(item=later, by=applicant)
    licence = case.materials.get(name="食品经营许可证")
    assert licence.status == "received"
    assert licence.file.name == LibraryMaterial.objects.get(owner=applicant, source="result").file.name
    assert case.materials.get(name="申请材料1").status == "missing"
