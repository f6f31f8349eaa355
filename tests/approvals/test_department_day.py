"""Issue 11, department: the chief's own queue, step order with 审查意见, an explicit decision,
results that make sense (validity, the holder's full number on the certificate) and a resume that
says how the deadline moved."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from approvals import services as s
from approvals.models import Result
from approvals.services import CaseConflict
from audit.constants import Kind
from audit.models import AuditEntry
from catalog.models import ReviewStep
from hall.constants import ApplicantType, Role
from tests.approvals.api_helpers import act
from tests.factories import applicant_data, credit_code, make_applicant_user, make_case, make_item, make_staff

pytestmark = pytest.mark.django_db


def four_step_item(dept, **extra):
    """受理 → 审查 → 审批* → 制证, as the demo catalog has it: the deciding step is not the last."""
    item = make_item(department=dept, steps=(), **extra)
    for position, (name, decides) in enumerate([("受理", False), ("审查", False), ("审批", True), ("制证", False)], 1):
        ReviewStep.objects.create(item=item, position=position, name=name, decides=decides)
    return item


def at_deciding_step(item, cast):
    case = make_case(state="in_review", item=item, cast=cast)
    while case.has_next_step():
        case = s.case_advance(case=case, by=cast.reviewer, opinion="材料齐全，符合要求")
    return case


# --- the chief's own queue ---------------------------------------------------------------


def test_chief_sees_his_own_queue_to_decide_and_to_issue_apart_from_the_reviewers_list(client, cast, dept):
    item = four_step_item(dept)
    deciding = at_deciding_step(item, cast)
    reviewing = make_case(state="in_review", item=item, cast=cast)
    decided = make_case(state="granted", item=make_item(department=dept), cast=cast)

    client.force_login(cast.chief)
    page = client.get(reverse("approvals:inbox")).content.decode()
    assert "待我决定" in page and "待制证/待出证" in page
    mine = page[page.index('id="h-decide"') : page.index('id="h-decided"')]
    assert deciding.number in mine and reviewing.number not in mine
    assert f"{deciding.number}/?action=decide" in mine
    review = page[page.index('id="h-review"') :]
    assert reviewing.number in review and deciding.number not in review
    to_issue = page[page.index('id="h-decided"') : page.index('id="h-review"')]
    assert decided.number in to_issue

    client.force_login(cast.reviewer)
    page = client.get(reverse("approvals:inbox")).content.decode()
    assert "待我决定" not in page and deciding.number in page and "待制证/待出证" in page


@pytest.mark.parametrize(
    ("role", "shown"),
    [(Role.CHIEF, False), (Role.REVIEWER, False), (Role.FRONT_DESK, False), (Role.SUPERVISOR, True), (None, False)],
)
def test_the_supervisor_board_link_is_shown_only_to_roles_that_may_open_it(client, dept, role, shown):
    if role is not None:
        client.force_login(make_staff(role=role, department=dept))
    page = client.get("/").content.decode()
    assert (f'href="{reverse("supervision:board")}"' in page) is shown


def test_an_applicant_is_not_shown_the_board_link(client):
    client.force_login(make_applicant_user())
    assert f'href="{reverse("supervision:board")}"' not in client.get("/").content.decode()


# --- step order and 审查意见 -------------------------------------------------------------


def test_a_case_cannot_advance_past_the_deciding_step_before_it_is_decided(cast, dept):
    case = at_deciding_step(four_step_item(dept), cast)
    assert case.current_step_name == "审批" and not case.has_next_step()
    with pytest.raises(CaseConflict, match="决定环节"):
        s.case_advance(case=case, by=cast.reviewer)
    response = act(cast.reviewer, case, "advance")
    assert response.status_code == 409
    assert "advance" not in act(cast.chief, case, "decide", {"outcome": "granted"}).json()["actions"]


def test_advancing_records_the_steps_opinion_named_on_the_timeline(client, cast, dept):
    item = four_step_item(dept)
    ReviewStep.objects.filter(item=item, name="审查").update(opinion_required=True)
    case = make_case(state="in_review", item=item, cast=cast)
    case = s.case_advance(case=case, by=cast.reviewer, opinion="申请材料齐全")  # 受理 → 审查
    with pytest.raises(ValidationError) as error:
        s.case_advance(case=case, by=cast.reviewer, opinion="  ")
    assert "“审查”环节须填写审查意见" in error.value.message_dict["opinion"][0]
    response = act(cast.reviewer, case, "advance", {"opinion": ""})
    assert response.status_code == 400 and "审查意见" in str(response.json())
    assert act(cast.reviewer, case, "advance", {"opinion": "经审查，符合法定条件"}).status_code == 200

    client.force_login(cast.chief)
    page = client.get(reverse("approvals:case", kwargs={"number": case.number})).content.decode()
    assert "受理环节办结，转入审查" in page and "审查环节办结，转入审批" in page
    assert "审查意见：经审查，符合法定条件" in page
    assert "进入下一环节" not in page


def test_the_workbench_offers_the_opinion_box_and_refuses_a_missing_required_opinion(client, cast, dept):
    item = four_step_item(dept)
    ReviewStep.objects.filter(item=item, name="受理").update(opinion_required=True)
    case = make_case(state="in_review", item=item, cast=cast)
    client.force_login(cast.reviewer)
    url = reverse("approvals:case-action", kwargs={"number": case.number, "action": "advance"})
    page = client.get(reverse("approvals:case", kwargs={"number": case.number})).content.decode()
    assert "受理环节办结，转入审查" in page and 'name="advance-opinion"' in page
    response = client.post(url, {"advance-opinion": ""})
    assert response.status_code == 400 and "须填写审查意见" in response.content.decode()
    assert client.post(url, {"advance-opinion": "同意受理"}).status_code == 302
    case.refresh_from_db()
    assert case.current_step_name == "审查"


# --- the decision has no default -----------------------------------------------------------


def test_decide_has_no_default_outcome(client, cast, dept):
    case = at_deciding_step(make_item(department=dept), cast)
    response = act(cast.chief, case, "decide", {"reason": ""})
    assert response.status_code == 400 and "请选择准予许可或不予许可" in str(response.json())
    client.force_login(cast.chief)
    page = client.get(reverse("approvals:case", kwargs={"number": case.number})).content.decode()
    form = page[page.index('id="action-decide"') :]
    form = form[: form.index("</form>")]
    assert 'name="decide-outcome"' in form and "checked" not in form
    url = reverse("approvals:case-action", kwargs={"number": case.number, "action": "decide"})
    response = client.post(url, {"decide-reason": ""})
    assert response.status_code == 400 and "请选择准予许可或不予许可" in response.content.decode()
    case.refresh_from_db()
    assert case.state == "in_review"


# --- results that make sense -------------------------------------------------------------


def test_a_certificates_validity_cannot_be_in_the_past(cast, dept):
    case = make_case(state="granted", item=make_item(department=dept), cast=cast)
    yesterday = timezone.localdate() - timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        s.case_issue(case=case, by=cast.reviewer, valid_until=yesterday)
    assert "不能是过去的日期" in error.value.message_dict["valid_until"][0]
    response = act(cast.reviewer, case, "issue", {"valid_until": yesterday.isoformat()})
    assert response.status_code == 400 and "过去的日期" in str(response.json())


def test_the_items_default_validity_applies_five_years_or_long_term(cast, dept):
    with time_machine.travel("2026-11-24 10:00 +0800", tick=False):
        five = make_case(state="granted", item=make_item(department=dept, validity_years=5), cast=cast)
        s.case_issue(case=five, by=cast.reviewer)
        assert Result.objects.get(case=five).valid_until == date(2031, 11, 23)
        forever = make_case(state="granted", item=make_item(department=dept, validity_long_term=True), cast=cast)
        s.case_issue(case=forever, by=cast.reviewer)
        result = Result.objects.get(case=forever)
        assert result.long_term and result.valid_until is None


def test_the_issue_form_starts_from_the_items_default_validity(client, cast, dept):
    case = make_case(state="granted", item=make_item(department=dept, validity_years=5), cast=cast)
    client.force_login(cast.reviewer)
    page = client.get(reverse("approvals:case", kwargs={"number": case.number})).content.decode()
    today = timezone.localdate()
    assert f'value="{today.replace(year=today.year + 5) - timedelta(days=1):%Y-%m-%d}"' in page
    assert f'min="{today + timedelta(days=1):%Y-%m-%d}"' in page


def test_the_certificate_prints_the_full_number_and_the_view_is_audited(client, cast, dept):
    case = make_case(state="ready", item=make_item(department=dept), cast=cast)
    client.force_login(cast.delivery)
    page = client.get(reverse("approvals:notice-certificate", kwargs={"number": case.number})).content.decode()
    assert case.applicant_id_number in page
    entry = AuditEntry.objects.filter(kind=Kind.PERSONAL_DATA_VIEWED, target=case.number).latest("seq")
    assert entry.details == {"view": "notice:certificate", "full": True}
    # Lists stay masked.
    client.force_login(cast.chief)
    inbox = client.get(reverse("approvals:inbox")).content.decode()
    assert case.applicant_id_number not in inbox


def test_the_verify_page_names_an_organisation_in_full_and_masks_its_code(client, cast, dept):
    from approvals.services import case_create

    org = applicant_data(type=ApplicantType.ORGANISATION, name="示范县鲜味餐饮管理有限公司", id_number=credit_code())
    case = case_create(item=make_item(department=dept), channel="window", applicant=org, by=cast.desk)
    case = make_case_from(case, cast)
    result = Result.objects.get(case=case)
    page = client.get(reverse("portal:verify", kwargs={"code": result.verification_code})).content.decode()
    assert "示范县鲜味餐饮管理有限公司" in page
    assert case.applicant_id_number not in page and case.masked_id_number in page


def make_case_from(case, cast):
    from tests.factories import receive_all_materials

    receive_all_materials(case, by=cast.desk)
    case = s.case_dispatch(case=case, by=cast.desk)
    case = s.case_acknowledge(case=case, by=cast.chief)
    while case.has_next_step():
        case = s.case_advance(case=case, by=cast.reviewer)
    case = s.case_decide(case=case, outcome="granted", by=cast.chief)
    return s.case_issue(case=case, by=cast.reviewer)


# --- resume says how the deadline moved --------------------------------------------------------


def test_resume_says_the_deadline_did_not_move_when_it_did_not(client, cast, dept):
    with time_machine.travel("2026-11-24 09:00 +0800", tick=False):
        case = make_case(state="suspended", item=make_item(department=dept), cast=cast)
    with time_machine.travel("2026-11-24 15:00 +0800", tick=False):
        client.force_login(cast.reviewer)
        url = reverse("approvals:case-action", kwargs={"number": case.number, "action": "resume"})
        page = client.post(url, follow=True).content.decode()
    assert "已恢复计时，办结期限不变。" in page and "顺延" not in page


def test_resume_says_by_how_many_working_days_the_deadline_moved(client, cast, dept):
    with time_machine.travel("2026-11-23 09:00 +0800", tick=False):  # Monday
        case = make_case(state="suspended", item=make_item(department=dept), cast=cast)
    with time_machine.travel("2026-11-26 09:00 +0800", tick=False):  # Thursday
        client.force_login(cast.reviewer)
        url = reverse("approvals:case-action", kwargs={"number": case.number, "action": "resume"})
        page = client.post(url, follow=True).content.decode()
    case.refresh_from_db()
    days = case.events.filter(action="resume").get().payload["days_added"]
    assert days > 0
    assert f"办结期限顺延{days}个工作日，至{timezone.localtime(case.deadline_at):%Y-%m-%d}" in page
    assert f"恢复计时，办结期限顺延{days}个工作日" in page  # the timeline says it too
