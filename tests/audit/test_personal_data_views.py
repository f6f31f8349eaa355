"""Every view or download of a case's personal data by someone other than the holder leaves an audit row."""

import pytest
from django.urls import reverse

from audit.constants import Kind
from audit.models import AuditEntry
from hall.constants import Role
from tests.approvals.api_helpers import client_for
from tests.factories import Cast, make_applicant_user, make_case, make_department, make_item, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    item = make_item()
    cast = Cast(item.department)
    owner = make_applicant_user()
    case = make_case(state="in_review", item=item, cast=cast, applicant=owner, channel="online")
    return case, cast, owner


def views_of(case, kind=Kind.PERSONAL_DATA_VIEWED):
    return list(AuditEntry.objects.filter(kind=kind, target=case.number).order_by("seq"))


def test_the_staff_case_page_leaves_an_audit_row(client, setup):
    case, cast, _owner = setup
    client.force_login(cast.reviewer)
    response = client.get(reverse("approvals:case", kwargs={"number": case.number}), REMOTE_ADDR="10.0.0.8")
    assert response.status_code == 200
    (row,) = views_of(case)
    assert (row.user_id, row.client_ip, row.target_type) == (cast.reviewer.pk, "10.0.0.8", "case")
    assert row.details == {"view": "staff-case-page", "full": False}


def test_no_row_for_a_case_that_is_not_visible_or_for_anonymous(client, setup):
    case, _cast, _owner = setup
    url = reverse("approvals:case", kwargs={"number": case.number})
    assert client.get(url).status_code == 302
    client.force_login(make_staff(role=Role.REVIEWER, department=make_department()))
    assert client.get(url).status_code == 404
    assert views_of(case) == []


def test_the_api_detail_with_the_full_id_number_leaves_a_row_but_not_for_the_holder(setup):
    case, cast, owner = setup
    url = f"/api/v1/cases/{case.number}/"
    data = client_for(cast.reviewer).get(url).json()
    assert data["applicant_id_number"] == case.applicant_id_number  # in full, for the department's reviewer
    (row,) = views_of(case)
    assert row.details == {"view": "api-case-detail", "full": True} and row.user_id == cast.reviewer.pk

    assert client_for(owner).get(url).json()["applicant_id_number"] == case.applicant_id_number
    supervisor = make_staff(role=Role.SUPERVISOR)
    assert "*" in client_for(supervisor).get(url).json()["applicant_id_number"]  # masked: no full view
    assert len(views_of(case)) == 1


def test_a_material_download_leaves_a_row(client, setup):
    case, cast, _owner = setup
    material = case.materials.exclude(file="").first()
    client.force_login(cast.reviewer)
    url = reverse("approvals:material-file", kwargs={"number": case.number, "requirement_id": material.requirement_id})
    response = client.get(url)
    assert response.status_code == 200
    b"".join(response.streaming_content)
    (row,) = views_of(case, Kind.FILE_DOWNLOADED)
    assert row.user_id == cast.reviewer.pk and row.details["file"] == "material"


def test_a_printed_notice_leaves_a_row_for_staff(client, setup):
    case, cast, owner = setup
    client.force_login(cast.desk)
    assert client.get(reverse("approvals:notice-acceptance", kwargs={"number": case.number})).status_code == 200
    assert [r.details["view"] for r in views_of(case)] == ["notice:acceptance"]


def test_the_admin_applicant_form_with_the_full_number_leaves_a_row(admin_client):
    owner = make_applicant_user()
    profile = owner.applicant_profile
    response = admin_client.get(reverse("admin:hall_applicantprofile_change", args=[profile.pk]))
    assert response.status_code == 200
    row = AuditEntry.objects.filter(kind=Kind.PERSONAL_DATA_VIEWED).get()
    assert row.target_type == "applicant" and row.target == str(profile.pk)


def test_the_case_admin_shows_masked_numbers_only(admin_client, setup):
    case, _cast, _owner = setup
    page = admin_client.get(reverse("admin:approvals_case_change", args=[case.pk])).content.decode()
    assert case.masked_id_number in page and case.applicant_id_number not in page
    assert case.applicant_phone not in page


def test_the_delivery_window_names_the_cases_whose_posting_phone_it_shows(client):
    from approvals import services as s

    item = make_item()
    cast = Cast(item.department)
    posted = make_case(state="ready", item=item, cast=cast)
    s.case_choose_delivery(
        case=posted, by=cast.desk, method="post", recipient="李收件", phone="13912345678", address="示范县"
    )
    make_case(state="ready", item=item, cast=cast)  # pickup: no phone shown
    client.force_login(cast.delivery)
    page = client.get(reverse("approvals:delivery")).content.decode()
    assert "13912345678" in page
    row = AuditEntry.objects.get(kind=Kind.PERSONAL_DATA_VIEWED)
    assert row.user_id == cast.delivery.pk and row.details["cases"] == [posted.number]


def test_the_admin_finds_cases_and_applicants_by_exact_id_number(admin_client, setup):
    case, _cast, owner = setup
    page = admin_client.get(reverse("admin:approvals_case_changelist"), {"q": case.applicant_id_number})
    assert case.number in page.content.decode()
    page = admin_client.get(reverse("admin:hall_applicantprofile_changelist"), {"q": owner.applicant_profile.phone})
    assert owner.applicant_profile.name in page.content.decode()
