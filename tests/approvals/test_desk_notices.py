"""收件凭证 as soon as a case is registered; acceptance notices that tell the truth about 容缺/承诺."""

import datetime
import re

import pytest
from django.urls import reverse

from approvals import services as s
from approvals import supply
from tests.factories import make_applicant_user, make_case, make_item, make_staff

pytestmark = pytest.mark.django_db


def get(client, user, name, case):
    client.force_login(user)
    return client.get(reverse(f"approvals:{name}", kwargs={"number": case.number}))


@pytest.fixture
def lenient(dept):
    """Two required materials, the first may be 容缺 and 承诺后补."""
    return make_item(
        department=dept, materials=2, allows_deficiency=True, allows_commitment=True, deficient_materials=1
    )


def test_receipt_prints_what_was_handed_in_right_after_registration(client, item, cast):
    case = make_case(state="received", item=item, cast=cast)
    s.case_record_material(
        case=case, requirement_id=case.materials.first().requirement_id, paper="original", by=cast.desk
    )
    response = get(client, cast.desk, "notice-receipt", case)
    assert response.status_code == 200
    body = response.content.decode()
    assert "收件凭证" in body and case.number in body and case.query_code in body
    assert "申请材料1" in body and "1 份" in body and "未收" in body and "data-print" in body
    case_page = get(client, cast.desk, "case", case).content.decode()
    assert reverse("approvals:notice-receipt", kwargs={"number": case.number}) in case_page


def test_receipt_is_scoped_and_does_not_exist_before_the_case_is_taken_in(client, item, cast, other_dept):
    submitted = make_case(state="submitted", item=item, cast=cast)
    assert get(client, cast.desk, "notice-receipt", submitted).status_code == 404
    case = make_case(state="received", item=item, cast=cast)
    outsider = make_staff(role="reviewer", department=other_dept)
    assert get(client, outsider, "notice-receipt", case).status_code == 404
    assert get(client, make_applicant_user(), "notice-receipt", case).status_code == 404
    client.logout()
    anonymous = client.get(reverse("approvals:notice-receipt", kwargs={"number": case.number}))
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]


def accepted_with(lenient, cast, status):
    case = make_case(state="received", item=lenient, cast=cast)
    first, second = case.materials.order_by("position")
    s.case_record_material(case=case, requirement_id=first.requirement_id, status=status, by=cast.desk)
    s.case_record_material(case=case, requirement_id=second.requirement_id, paper="original", by=cast.desk)
    if status == "committed":  # accepting on commitment needs the signed 告知承诺书 (commitments)
        from commitments.services import letter_sign

        letter_sign(
            case=case,
            by=cast.desk,
            via="window",
            signer_name=case.applicant_name,
            signer_id_number=case.applicant_id_number,
        )
    s.case_dispatch(case=case, by=cast.desk)
    return s.case_acknowledge(case=case, by=cast.chief)


@pytest.mark.parametrize("status,label", [("deficient", "容缺"), ("committed", "承诺后补")])
def test_acceptance_notice_does_not_claim_complete_materials_and_lists_what_is_owed(
    client, lenient, cast, status, label
):
    case = accepted_with(lenient, cast, status)
    body = get(client, cast.desk, "notice-acceptance", case).content.decode()
    assert "材料齐全" not in body
    assert "除下列按容缺受理或告知承诺办理的材料外" in body and "申请材料1" in body and label in body
    # The commitments app keeps each material's 补交期限 and tells the notice (approvals.supply).
    assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日前", body) or "按承诺书约定期限" in body


def test_a_registered_due_date_source_prints_the_date(client, lenient, cast):
    case = accepted_with(lenient, cast, "committed")

    def source(*, case, material):
        return datetime.date(2031, 3, 9) if material.name == "申请材料1" else None

    supply._sources.insert(0, source)  # ahead of the commitments app's own source
    try:
        body = get(client, cast.desk, "notice-acceptance", case).content.decode()
    finally:
        supply._sources.remove(source)
    assert "2031年3月9日前" in body


def test_complete_materials_still_say_so(client, item, cast):
    case = make_case(state="in_review", item=item, cast=cast)
    body = get(client, cast.desk, "notice-acceptance", case).content.decode()
    assert "申请材料齐全、符合法定形式" in body and "按容缺受理" not in body


def test_timeline_names_deficient_and_committed_receipts(client, lenient, cast):
    case = accepted_with(lenient, cast, "deficient")
    page = get(client, cast.chief, "case", case).content.decode()
    assert "容缺受理材料" in page
    other = accepted_with(lenient, cast, "committed")
    api = client.get(f"/api/v1/cases/{other.number}/events/").json()
    rows = api["results"] if isinstance(api, dict) else api
    assert "承诺后补材料" in [row["action_display"] for row in rows]
