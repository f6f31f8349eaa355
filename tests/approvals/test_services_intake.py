"""Front desk services: create, materials, one-time notice, refuse, dispatch, withdraw."""

from datetime import datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from approvals import services as s
from approvals.constants import CaseState, MaterialStatus
from approvals.models import Case, CaseEvent, Suspension
from hall.constants import Role
from tests.factories import (
    Cast,
    applicant_data,
    bad_resident_id,
    credit_code,
    make_applicant_user,
    make_case,
    make_item,
    make_staff,
    pdf_upload,
    receive_all_materials,
    upload_required_materials,
)

pytestmark = pytest.mark.django_db
BEIJING = ZoneInfo("Asia/Shanghai")


def test_front_desk_creates_a_received_case_with_number_materials_and_one_event(item, cast):
    with time_machine.travel(datetime(2026, 11, 23, 9, 30, tzinfo=BEIJING), tick=False):
        case = s.case_create(item=item, channel="window", applicant=applicant_data(), by=cast.desk)
    assert case.state == CaseState.RECEIVED
    assert case.number == "SCJG-20261123-0001"
    assert len(case.query_code) == 6
    assert case.window.number == "1" and case.received_by == cast.desk
    assert case.item_version.snapshot["code"] == item.code
    assert [m.status for m in case.materials.all()] == ["missing"] * 3
    (event,) = CaseEvent.objects.filter(case=case)
    assert (event.action, event.from_state, event.to_state, event.actor, event.actor_role) == (
        "create",
        "",
        "received",
        cast.desk,
        Role.FRONT_DESK,
    )


def test_case_numbers_count_per_department_per_beijing_day(item, cast, other_dept):
    other_item = make_item(department=other_dept)
    # 23:30 UTC on the 22nd is already the 23rd in Beijing.
    with time_machine.travel(datetime(2026, 11, 22, 23, 30, tzinfo=ZoneInfo("UTC")), tick=False):
        a = s.case_create(item=item, channel="window", applicant=applicant_data(), by=cast.desk)
        b = s.case_create(item=item, channel="window", applicant=applicant_data(), by=cast.desk)
        c = s.case_create(item=other_item, channel="window", applicant=applicant_data(), by=cast.desk)
    with time_machine.travel(datetime(2026, 11, 24, 9, 0, tzinfo=BEIJING), tick=False):
        d = s.case_create(item=item, channel="window", applicant=applicant_data(), by=cast.desk)
    assert [a.number, b.number, c.number, d.number] == [
        "SCJG-20261123-0001",
        "SCJG-20261123-0002",
        "WJW-20261123-0001",
        "SCJG-20261124-0001",
    ]


def test_applicant_applies_online_for_themselves_from_their_profile(item):
    user = make_applicant_user()
    draft = s.case_create(item=item, channel="online", by=user, draft=True)
    assert draft.state == CaseState.DRAFT
    assert draft.applicant_user == user
    assert draft.applicant_id_number == user.applicant_profile.id_number
    assert draft.window is None
    upload_required_materials(draft, by=user)
    assert s.case_submit(case=draft, by=user).state == CaseState.SUBMITTED


def test_submit_refuses_while_a_required_material_has_no_file(item):
    user = make_applicant_user()
    draft = s.case_create(item=item, channel="online", by=user, draft=True)
    first = draft.materials.order_by("position").first()
    s.case_record_material(case=draft, requirement_id=first.requirement_id, file=pdf_upload(), by=user)
    with pytest.raises(ValidationError) as err:
        s.case_submit(case=draft, by=user)
    assert err.value.message_dict["materials"] == ["以下必要材料尚未上传：申请材料2。"]
    draft.refresh_from_db()
    assert draft.state == CaseState.DRAFT
    assert not draft.events.filter(action="submit").exists()


def test_online_case_is_created_as_a_draft_and_submitted_only_with_every_file(item):
    """draft=False submits the new draft through case_submit: refused (nothing created) while
    required materials are missing, as they are for any item that has some."""
    user = make_applicant_user()
    with pytest.raises(ValidationError, match="以下必要材料尚未上传：申请材料1、申请材料2"):
        s.case_create(item=item, channel="online", by=user)
    assert not Case.objects.exists() and not CaseEvent.objects.exists()
    no_materials = make_item(department=item.department, materials=0, optional_materials=1)
    case = s.case_create(item=no_materials, channel="online", by=user)
    assert case.state == CaseState.SUBMITTED
    assert [e.action for e in case.events.order_by("seq")] == ["create", "submit"]
    assert case.events.get(action="create").to_state == CaseState.DRAFT


@pytest.mark.parametrize("kwargs", [{"paper": "original"}, {"paper": "copy"}, {"status": "received"}])
def test_applicant_may_only_upload_a_file_never_paper_or_a_status(item, kwargs):
    user = make_applicant_user()
    draft = s.case_create(item=item, channel="online", by=user, draft=True)
    first = draft.materials.order_by("position").first()
    with pytest.raises(PermissionDenied, match="窗口工作人员"):
        s.case_record_material(case=draft, requirement_id=first.requirement_id, by=user, **kwargs)
    first.refresh_from_db()
    assert first.status == MaterialStatus.MISSING and first.paper_originals == first.paper_copies == 0
    assert not draft.events.filter(action="record-material").exists()
    material = s.case_record_material(case=draft, requirement_id=first.requirement_id, file=pdf_upload(), by=user)
    assert material.status == MaterialStatus.RECEIVED and material.file


def test_applicant_may_not_set_a_status_in_supplement_requested_either(item, cast):
    user = make_applicant_user()
    case = make_case(state="supplement_requested", item=item, cast=cast, applicant=user, channel="online")
    first = case.materials.order_by("position").first()
    with pytest.raises(PermissionDenied):
        s.case_record_material(case=case, requirement_id=first.requirement_id, status="received", by=user)


def test_online_case_is_taken_in_by_the_front_desk(item, cast):
    case = make_case(state="submitted", item=item, cast=cast)
    case = s.case_take_in(case=case, by=cast.desk)
    assert case.state == CaseState.RECEIVED and case.received_by == cast.desk


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"id_number": "bad"}, "id_number", "公民身份号码"),
        ({"id_number": "__BAD__"}, "id_number", "校验位错误"),
        ({"type": "organisation", "id_number": "91110105000000002X"}, "id_number", "统一社会信用代码"),
        ({"phone": "12345"}, "phone", "联系电话"),
        ({"name": " "}, "name", "申请人"),
        ({"type": "alien"}, "type", "申请人类型"),
    ],
)
def test_bad_applicant_details_are_refused_with_chinese_field_messages(item, cast, data, field, message):
    if data.get("id_number") == "__BAD__":
        data = {"id_number": bad_resident_id()}
    with pytest.raises(ValidationError) as err:
        s.case_create(item=item, channel="window", applicant=applicant_data(**data), by=cast.desk)
    assert field in err.value.message_dict
    assert message in " ".join(err.value.message_dict[field])
    assert not CaseEvent.objects.exists()


def test_organisation_with_valid_credit_code_is_accepted(item, cast):
    case = s.case_create(
        item=item,
        channel="window",
        applicant=applicant_data(type="organisation", id_number=credit_code()),
        by=cast.desk,
    )
    assert case.applicant_type == "organisation"


def test_who_may_create(item, cast, dept, other_dept):
    other_special = make_staff(role=Role.FRONT_DESK, department=other_dept, window="specialised")
    for user in (cast.reviewer, cast.chief, cast.delivery, other_special):
        with pytest.raises(PermissionDenied):
            s.case_create(item=item, channel="window", applicant=applicant_data(), by=user)
    # The department's own specialised window may take its items.
    assert s.case_create(item=item, channel="window", applicant=applicant_data(), by=cast.special).pk
    with pytest.raises(PermissionDenied):  # an applicant cannot pose as a window
        s.case_create(item=item, channel="window", applicant=applicant_data(), by=make_applicant_user())


def test_inactive_or_offline_items_are_refused(dept, cast):
    offline = make_item(department=dept, online=False)
    with pytest.raises(ValidationError, match="不可网上办理"):
        s.case_create(item=offline, channel="online", by=make_applicant_user())
    offline.is_active = False
    offline.save()
    with pytest.raises(ValidationError, match="停用"):
        s.case_create(item=offline, channel="window", applicant=applicant_data(), by=cast.desk)


def test_dispatch_refuses_while_required_materials_are_missing(item, cast):
    case = s.case_create(item=item, channel="window", applicant=applicant_data(), by=cast.desk)
    first = case.materials.order_by("position").first()
    s.case_record_material(case=case, requirement_id=first.requirement_id, paper="original", by=cast.desk)
    with pytest.raises(ValidationError) as err:
        s.case_dispatch(case=case, by=cast.desk)
    assert "申请材料2" in str(err.value.message_dict["materials"])
    case.refresh_from_db()
    assert case.state == CaseState.RECEIVED
    assert case.events.count() == 2  # create + the one material; the failed dispatch wrote nothing


def test_dispatch_sets_auto_accept_at_and_enqueues_the_countdown_on_commit(
    item, cast, settings, django_capture_on_commit_callbacks
):
    settings.HALL_AUTO_ACCEPT_SECONDS = 600
    case = s.case_create(item=item, channel="window", applicant=applicant_data(), by=cast.desk)
    receive_all_materials(case, by=cast.desk)
    with (
        mock.patch("approvals.tasks.deem_accepted.apply_async") as apply_async,
        mock.patch("approvals.tasks.deliver_case_events.apply_async") as deliver_async,
    ):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            case = s.case_dispatch(case=case, by=cast.desk)
        apply_async.assert_not_called()  # nothing leaves before the commit
        deliver_async.assert_not_called()
        assert len(callbacks) == 2  # the countdown, and the delivery of the dispatch event
        for callback in callbacks:
            callback()
    # Due at auto_accept_at itself, not 600 s after the commit (which is later).
    apply_async.assert_called_once_with(args=[case.pk], eta=case.auto_accept_at)
    deliver_async.assert_called_once_with(args=[case.pk])
    assert case.state == CaseState.DISPATCHED
    assert case.auto_accept_at == case.dispatched_at + timedelta(seconds=600)


def test_dispatch_accepts_deficient_and_committed_materials_only_where_allowed(dept, cast):
    item = make_item(
        department=dept, materials=2, allows_deficiency=True, allows_commitment=True, deficient_materials=1
    )
    case = s.case_create(item=item, channel="window", applicant=applicant_data(), by=cast.desk)
    first, second = case.materials.order_by("position")
    with pytest.raises(ValidationError, match="不可容缺"):
        s.case_record_material(case=case, requirement_id=second.requirement_id, status="deficient", by=cast.desk)
    with pytest.raises(ValidationError, match="告知承诺"):
        s.case_record_material(case=case, requirement_id=second.requirement_id, status="committed", by=cast.desk)
    s.case_record_material(case=case, requirement_id=first.requirement_id, status="deficient", by=cast.desk)
    s.case_record_material(case=case, requirement_id=second.requirement_id, paper="copy", by=cast.desk)
    assert s.case_dispatch(case=case, by=cast.desk).state == CaseState.DISPATCHED


def test_deficiency_needs_the_item_to_allow_it_too(dept, cast):
    item = make_item(department=dept, materials=1, allows_deficiency=False, deficient_materials=1)
    case = s.case_create(item=item, channel="window", applicant=applicant_data(), by=cast.desk)
    with pytest.raises(ValidationError, match="不可容缺"):
        s.case_record_material(
            case=case, requirement_id=case.materials.get().requirement_id, status="deficient", by=cast.desk
        )


def test_one_time_notice_must_list_every_missing_material_at_once(item, cast):
    case = s.case_create(item=item, channel="window", applicant=applicant_data(), by=cast.desk)
    m1, m2, optional = case.materials.order_by("position")
    with pytest.raises(ValidationError, match="全部缺少的材料"):
        s.case_request_supplement(case=case, materials=[m1.requirement_id], note="", by=cast.desk)
    case = s.case_request_supplement(
        case=case, materials=[m1.requirement_id, m2.requirement_id], note="请补齐", by=cast.desk
    )
    assert case.state == CaseState.SUPPLEMENT_REQUESTED
    event = case.events.get(action="request-supplement")
    assert event.payload["names"] == ["申请材料1", "申请材料2"] and event.payload["round"] == 1

    s.case_record_material(case=case, requirement_id=m1.requirement_id, paper="original", by=cast.desk)
    s.case_record_material(case=case, requirement_id=m2.requirement_id, paper="copy", by=cast.desk)
    case = s.case_supplement(case=case, by=cast.desk)
    assert case.state == CaseState.RECEIVED
    # A second notice may repeat what the first named, never add a material.
    with pytest.raises(ValidationError, match="未列明的材料：申请材料3"):
        s.case_request_supplement(
            case=case, materials=[m2.requirement_id, optional.requirement_id], note="", by=cast.desk
        )
    case = s.case_request_supplement(case=case, materials=[m2.requirement_id], note="复印件不清晰", by=cast.desk)
    assert case.notice_rounds == 2


def test_the_notice_resets_the_materials_it_names_so_dispatch_waits_for_them(dept, cast):
    item = make_item(department=dept, materials=2, allows_deficiency=True, deficient_materials=1)
    case = s.case_create(item=item, channel="window", applicant=applicant_data(), by=cast.desk)
    m1, m2 = case.materials.order_by("position")
    s.case_record_material(case=case, requirement_id=m1.requirement_id, status="deficient", by=cast.desk)
    s.case_record_material(case=case, requirement_id=m2.requirement_id, file=pdf_upload(), by=cast.desk)
    case = s.case_request_supplement(
        case=case, materials=[m1.requirement_id, m2.requirement_id], note="请补正", by=cast.desk
    )
    m1.refresh_from_db()
    m2.refresh_from_db()
    assert m1.status == m2.status == MaterialStatus.MISSING
    assert m2.file and m2.sha256  # the old file stays, as history
    event = case.events.get(action="request-supplement")
    assert event.payload["previous_status"] == {
        str(m1.requirement_id): "deficient",
        str(m2.requirement_id): "received",
    }
    # The notice must be answered again before the case goes back, and before dispatch.
    with pytest.raises(ValidationError, match="尚未收齐：申请材料1、申请材料2"):
        s.case_supplement(case=case, by=cast.desk)
    s.case_record_material(case=case, requirement_id=m1.requirement_id, paper="original", by=cast.desk)
    with pytest.raises(ValidationError, match="尚未收齐：申请材料2。"):
        s.case_supplement(case=case, by=cast.desk)
    s.case_record_material(case=case, requirement_id=m2.requirement_id, status="received", by=cast.desk)
    case = s.case_supplement(case=case, by=cast.desk)
    assert s.case_dispatch(case=case, by=cast.desk).state == CaseState.DISPATCHED


def test_a_second_notice_blocks_dispatch_until_the_material_is_provided_again(item, cast):
    case = make_case(state="received", item=item, cast=cast)
    receive_all_materials(case, by=cast.desk)
    m1 = case.materials.order_by("position").first()
    case = s.case_request_supplement(case=case, materials=[m1.requirement_id], note="原件不清晰", by=cast.desk)
    with pytest.raises(ValidationError):
        s.case_supplement(case=case, by=cast.desk)
    assert Case.objects.get(pk=case.pk).state == CaseState.SUPPLEMENT_REQUESTED


def test_applicant_supplement_needs_each_named_material_uploaded_after_the_notice(item, cast):
    user = make_applicant_user()
    with time_machine.travel(datetime(2026, 11, 23, 9, 0, tzinfo=BEIJING), tick=False):
        case = make_case(state="received", item=item, cast=cast, applicant=user, channel="online")
    m1, m2 = case.materials.filter(required=True).order_by("position")
    with time_machine.travel(datetime(2026, 11, 23, 10, 0, tzinfo=BEIJING), tick=False):
        case = s.case_request_supplement(case=case, materials=[m1.requirement_id], note="请重新上传", by=cast.desk)
        with pytest.raises(ValidationError) as err:
            s.case_supplement(case=case, by=user)
    assert err.value.message_dict["materials"] == ["一次性告知书要求补正的材料尚未上传：申请材料1。"]
    with time_machine.travel(datetime(2026, 11, 23, 11, 0, tzinfo=BEIJING), tick=False):
        s.case_record_material(case=case, requirement_id=m1.requirement_id, file=pdf_upload("新.pdf"), by=user)
        case = s.case_supplement(case=case, by=user)
    assert case.state == CaseState.RECEIVED
    assert case.events.filter(action="supplement").get().actor == user


def test_supplement_notice_needs_materials_of_this_case(item, cast):
    case = s.case_create(item=item, channel="window", applicant=applicant_data(), by=cast.desk)
    with pytest.raises(ValidationError):
        s.case_request_supplement(case=case, materials=[], note="", by=cast.desk)
    with pytest.raises(ValidationError, match="没有这些申请材料"):
        s.case_request_supplement(case=case, materials=[999999], note="", by=cast.desk)


def test_refuse_requires_a_reason_and_is_terminal(item, cast):
    case = s.case_create(item=item, channel="window", applicant=applicant_data(), by=cast.desk)
    with pytest.raises(ValidationError, match="理由"):
        s.case_refuse(case=case, reason="  ", by=cast.desk)
    case = s.case_refuse(case=case, reason="不属于受理范围", by=cast.desk)
    assert case.state == CaseState.NOT_ACCEPTED and case.refusal_reason == "不属于受理范围"
    assert "行政复议" in case.events.get(action="refuse").payload["appeal_route"]
    with pytest.raises(s.CaseConflict, match="不予受理"):
        s.case_dispatch(case=case, by=cast.desk)


def test_front_desk_actions_refuse_department_staff(item, cast):
    case = s.case_create(item=item, channel="window", applicant=applicant_data(), by=cast.desk)
    for user in (cast.reviewer, cast.chief, cast.delivery):
        with pytest.raises(PermissionDenied):
            s.case_refuse(case=case, reason="x", by=user)
        with pytest.raises(PermissionDenied):
            s.case_dispatch(case=case, by=user)


def test_withdraw_by_own_applicant_or_desk_only(item, cast):
    owner = make_applicant_user()
    case = make_case(state="received", item=item, cast=cast, applicant=owner, channel="online")
    with pytest.raises(PermissionDenied):
        s.case_withdraw(case=case, by=make_applicant_user())
    case = s.case_withdraw(case=case, by=owner, reason="不再需要")
    assert case.state == CaseState.WITHDRAWN
    with pytest.raises(s.CaseConflict):
        s.case_withdraw(case=case, by=owner)


def test_material_recording_stops_after_dispatch(item, cast):
    case = s.case_create(item=item, channel="window", applicant=applicant_data(), by=cast.desk)
    receive_all_materials(case, by=cast.desk)
    s.case_dispatch(case=case, by=cast.desk)
    optional = case.materials.get(required=False)
    with pytest.raises(s.CaseConflict):
        s.case_record_material(case=case, requirement_id=optional.requirement_id, paper="copy", by=cast.desk)
    assert optional.status == MaterialStatus.MISSING


def test_comprehensive_window_handles_every_department(other_dept):
    cast = Cast(other_dept)
    item = make_item(department=other_dept)
    case = s.case_create(item=item, channel="window", applicant=applicant_data(), by=cast.desk)
    assert case.department == other_dept


def test_withdrawing_a_suspended_case_closes_the_open_suspension(item, cast):
    # Suspended on Friday 2026-11-20, withdrawn on Tuesday 24: Mon and Tue are 2 working days.
    with time_machine.travel(datetime(2026, 11, 20, 10, 0, tzinfo=BEIJING), tick=False):
        case = make_case(state="suspended", item=item, cast=cast)
    assert case.suspended_at is not None
    with time_machine.travel(datetime(2026, 11, 24, 15, 0, tzinfo=BEIJING), tick=False):
        case = s.case_withdraw(case=case, by=cast.desk, reason="申请人书面申请撤回")
    assert case.state == CaseState.WITHDRAWN
    case.refresh_from_db()
    assert case.suspended_at is None and case.suspended_days == 2
    suspension = Suspension.objects.get(case=case)
    assert suspension.ended_at == datetime(2026, 11, 24, 15, 0, tzinfo=BEIJING)
    assert suspension.ended_by == cast.desk and suspension.working_days == 2
    assert case.events.get(action="withdraw").payload == {"suspension_days": 2}
    assert not Suspension.objects.filter(case=case, ended_at__isnull=True).exists()
