"""The shared case page: materials, actions through the services, errors, 409 and scoping."""

import pytest
from django.urls import reverse

from approvals.models import Case
from approvals.services import case_acknowledge
from tests.factories import make_case, make_item, make_staff, pdf_upload, receive_all_materials

pytestmark = pytest.mark.django_db


def url(case, action=None):
    if action:
        return reverse("approvals:case-action", kwargs={"number": case.number, "action": action})
    return reverse("approvals:case", kwargs={"number": case.number})


def material_url(case):
    return reverse("approvals:case-material", kwargs={"number": case.number})


def test_ticking_paper_and_uploading_flip_the_dispatch_status(client, cast, item):
    case = make_case(item=item, cast=cast)
    client.force_login(cast.desk)
    first, second = case.materials.filter(required=True).order_by("position")
    client.post(material_url(case), {"requirement": first.requirement_id, "op": "original"})
    assert "还缺 1 项必要材料" in client.get(url(case)).content.decode()
    client.post(material_url(case), {"requirement": second.requirement_id, "op": "file", "file": pdf_upload()})
    page = client.get(url(case)).content.decode()
    assert "必要材料已齐，可以推送" in page
    file_url = reverse(
        "approvals:material-file", kwargs={"number": case.number, "requirement_id": second.requirement_id}
    )
    assert file_url in page
    assert client.get(file_url).status_code == 200


def test_a_wrong_file_type_is_shown_on_its_material_row(client, cast, item):
    case = make_case(item=item, cast=cast)
    client.force_login(cast.desk)
    material = case.materials.first()
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("x.pdf", b"not a pdf", content_type="application/pdf")
    response = client.post(material_url(case), {"requirement": material.requirement_id, "op": "file", "file": bad})
    assert response.status_code == 400
    assert "只能上传 PDF、JPG 或 PNG 文件" in response.content.decode()


def test_deficient_only_where_the_item_allows(client, cast, dept):
    item = make_item(department=dept, materials=2, allows_deficiency=True, deficient_materials=1)
    case = make_case(item=item, cast=cast)
    client.force_login(cast.desk)
    allowed, other = case.materials.order_by("position")
    page = client.get(url(case)).content.decode()
    assert 'value="deficient"' in page
    response = client.post(material_url(case), {"requirement": other.requirement_id, "op": "deficient"})
    assert response.status_code == 400
    assert "不可容缺受理" in response.content.decode()
    client.post(material_url(case), {"requirement": allowed.requirement_id, "op": "deficient"})
    allowed.refresh_from_db()
    assert allowed.status == "deficient"


def test_dispatch_with_missing_materials_shows_the_error_and_does_not_move(client, cast, item):
    case = make_case(item=item, cast=cast)
    client.force_login(cast.desk)
    response = client.post(url(case, "dispatch"))
    assert response.status_code == 400
    assert "必要材料尚未收齐" in response.content.decode()
    case.refresh_from_db()
    assert case.state == "received"


def test_dispatch_then_the_department_sees_it_with_a_countdown(client, cast, item):
    case = make_case(item=item, cast=cast)
    receive_all_materials(case, by=cast.desk)
    client.force_login(cast.desk)
    response = client.post(url(case, "dispatch"))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == "dispatched"
    client.force_login(cast.reviewer)
    page = client.get(reverse("approvals:inbox")).content.decode()
    assert case.number in page and "视为同意" in page and "data-countdown" in page


def test_one_time_notice_must_list_every_missing_material(client, cast, item):
    case = make_case(item=item, cast=cast)
    client.force_login(cast.desk)
    first, second = case.materials.filter(required=True).order_by("position")
    page = client.get(url(case)).content.decode()
    assert "出具一次性告知书" in page
    response = client.post(
        url(case, "request-supplement"),
        {"request-supplement-materials": [first.requirement_id], "request-supplement-note": "请补齐"},
    )
    assert response.status_code == 400
    assert "一次性告知须列明全部缺少的材料" in response.content.decode()
    response = client.post(
        url(case, "request-supplement"),
        {
            "request-supplement-materials": [first.requirement_id, second.requirement_id],
            "request-supplement-note": "请补齐",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == "supplement_requested"


def test_refuse_needs_a_reason(client, cast, item):
    case = make_case(item=item, cast=cast)
    client.force_login(cast.desk)
    response = client.post(url(case, "refuse"), {"refuse-reason": ""})
    assert response.status_code == 400
    assert "不予受理必须说明理由" in response.content.decode()
    # A confirmation step first: the page repeats the reason and asks once more; nothing changes yet.
    response = client.post(url(case, "refuse"), {"refuse-reason": "申请事项不属于本机关职权范围"})
    assert response.status_code == 200
    assert "请确认：对该办件作出不予受理决定？" in response.content.decode()
    case.refresh_from_db()
    assert case.state == "received"
    client.post(url(case, "refuse"), {"refuse-reason": "申请事项不属于本机关职权范围", "refuse-confirmed": "on"})
    case.refresh_from_db()
    assert case.state == "not_accepted"


def test_refuse_with_a_standard_reason_from_the_admin_list(client, cast, item):
    from approvals.models import RefusalReason

    reason = RefusalReason.objects.create(text="申请人不具备申请资格（测试）", position=1)
    RefusalReason.objects.create(text="已停用的理由", is_active=False)
    case = make_case(item=item, cast=cast)
    client.force_login(cast.desk)
    page = client.get(url(case)).content.decode()
    assert "申请人不具备申请资格（测试）" in page and "已停用的理由" not in page
    data = {"refuse-standard_reason": str(reason.pk), "refuse-reason": "经核查"}
    response = client.post(url(case, "refuse"), data)
    assert "申请人不具备申请资格（测试）；经核查" in response.content.decode()
    client.post(url(case, "refuse"), {**data, "refuse-confirmed": "on"})
    case.refresh_from_db()
    assert case.state == "not_accepted"
    assert case.refusal_reason == "申请人不具备申请资格（测试）；经核查"
    bogus = make_case(item=item, cast=cast)
    response = client.post(url(bogus, "refuse"), {"refuse-standard_reason": "999999", "refuse-confirmed": "on"})
    assert response.status_code == 400
    assert "请从列表中选择常用理由" in response.content.decode()


def test_someone_else_acting_first_is_a_409_with_the_fresh_state(client, cast, item):
    case = make_case(state="dispatched", item=item, cast=cast)
    client.force_login(cast.reviewer)
    case_acknowledge(case=case, by=cast.chief)  # the chief got there first
    response = client.post(url(case, "return"), {"return-reason": "材料不全"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "其他人已处理该办件" in page
    assert "审查中" in page
    assert Case.objects.get(pk=case.pk).state == "in_review"


def test_only_the_chief_is_offered_the_decision(client, cast, item):
    case = make_case(state="in_review", item=item, cast=cast)
    while case.has_next_step():
        from approvals.services import case_advance

        case = case_advance(case=case, by=cast.reviewer)
    client.force_login(cast.reviewer)
    assert "确定作出决定" not in client.get(url(case)).content.decode()
    response = client.post(url(case, "decide"), {"decide-outcome": "granted"})
    assert response.status_code == 403
    assert "无权" in response.content.decode()
    client.force_login(cast.chief)
    response = client.post(url(case, "decide"), {"decide-outcome": "denied", "decide-reason": ""})
    assert response.status_code == 400
    assert "不予许可必须说明理由" in response.content.decode()


def test_suspend_and_resume_with_kind_and_reason(client, cast, item):
    case = make_case(state="in_review", item=item, cast=cast)
    client.force_login(cast.reviewer)
    response = client.post(url(case, "suspend"), {"suspend-kind": "expert_review", "suspend-reason": ""})
    assert "中止计时必须说明事由" in response.content.decode()
    client.post(url(case, "suspend"), {"suspend-kind": "expert_review", "suspend-reason": "组织专家评审"})
    case.refresh_from_db()
    assert case.state == "suspended"
    client.post(url(case, "resume"))
    case.refresh_from_db()
    assert case.state == "in_review"


def test_pickup_checks_the_collectors_id(client, cast, item):
    case = make_case(state="ready", item=item, cast=cast)
    client.force_login(cast.delivery)
    from tests.factories import resident_id

    response = client.post(
        url(case, "deliver"), {"deliver-method": "pickup", "deliver-collector_id_number": resident_id()}
    )
    assert response.status_code == 400
    assert "领取人身份证件与申请人不符" in response.content.decode()
    client.post(
        url(case, "deliver"),
        {
            "deliver-method": "pickup",
            "deliver-collector_id_number": resident_id(),
            "deliver-authorisation_letter": "on",
        },
    )
    case.refresh_from_db()
    assert case.state == "delivered"


def test_post_delivery_needs_a_tracking_number(client, cast, item):
    case = make_case(state="ready", item=item, cast=cast)
    client.force_login(cast.delivery)
    response = client.post(url(case, "deliver"), {"deliver-method": "post"})
    assert "邮寄送达须填写快递单号" in response.content.decode()
    client.post(url(case, "deliver"), {"deliver-method": "post", "deliver-tracking_number": "SF1234567890"})
    case.refresh_from_db()
    assert case.state == "delivered" and case.delivery_details["tracking_number"] == "SF1234567890"


def test_other_departments_cases_are_404_and_supervisors_read_only(client, cast, item, other_dept):
    case = make_case(state="in_review", item=item, cast=cast)
    client.force_login(make_staff(role="reviewer", department=other_dept))
    assert client.get(url(case)).status_code == 404
    file_url = reverse("approvals:material-file", kwargs={"number": case.number, "requirement_id": 1})
    assert client.get(file_url).status_code == 404
    client.force_login(make_staff(role="supervisor"))
    page = client.get(url(case)).content.decode()
    # No action buttons, only the urge (督办) form; the ID stays masked.
    assert "督查人员不办理办件" in page and 'data-action="urge"' in page
    assert 'data-action="advance"' not in page and 'data-action="decide"' not in page
    assert case.masked_id_number in page and case.applicant_id_number not in page


def test_case_page_has_a_fixed_number_of_queries(client, cast, item, django_assert_max_num_queries):
    case = make_case(state="in_review", item=item, cast=cast)
    client.force_login(cast.reviewer)
    # 20 for the page, plus one each for the front office's panels (frontoffice: the confirmation,
    # the conversation with its unread count, the paper bags) — a fixed number, never per row.
    with django_assert_max_num_queries(23):
        client.get(url(case))


def test_online_application_is_taken_in_from_the_pre_review_queue(client, cast, item):
    case = make_case(state="submitted", item=item, cast=cast)
    client.force_login(cast.desk)
    assert case.number in client.get(reverse("approvals:desk")).content.decode()
    page = client.get(url(case)).content.decode()
    assert "预审通过，收件" in page
    client.post(url(case, "take-in"))
    case.refresh_from_db()
    assert case.state == "received" and case.window is not None
    assert case.number not in client.get(reverse("approvals:desk")).content.decode().split("本窗口今日办件")[0]


def test_unknown_action_is_404_and_get_is_not_allowed(client, cast, item):
    case = make_case(item=item, cast=cast)
    client.force_login(cast.desk)
    assert client.post(url(case, "explode")).status_code == 404
    assert client.get(url(case, "dispatch")).status_code == 405


def test_a_returned_case_shows_the_reason_on_top(client, cast, item):
    from approvals.services import case_return

    case = make_case(state="dispatched", item=item, cast=cast)
    case_return(case=case, reason="申请书未签字", by=cast.reviewer)
    client.force_login(cast.desk)
    page = client.get(url(case)).content.decode()
    assert 'id="returned"' in page and "申请书未签字" in page
    assert page.index("申请书未签字") < page.index("申请材料")


def test_a_denial_is_issued_as_a_decision_without_certificate_fields(client, cast, item):
    denied = make_case(state="denied", item=item, cast=cast)
    granted = make_case(state="granted", item=item, cast=cast)
    client.force_login(cast.reviewer)
    page = client.get(reverse("approvals:case", kwargs={"number": denied.number})).content.decode()
    assert "出具不予许可决定书" in page and 'name="issue-certificate_number"' not in page
    page = client.get(reverse("approvals:case", kwargs={"number": granted.number})).content.decode()
    assert 'name="issue-certificate_number"' in page

    response = client.post(reverse("approvals:case-action", kwargs={"number": denied.number, "action": "issue"}), {})
    assert response.status_code == 302
    denied.refresh_from_db()
    assert denied.state == "ready" and denied.result.kind == "denial"
