"""Front desk: register a case, the item picker, ID checks, the queues on the desk page."""

import pytest
from django.urls import reverse

from approvals.models import Case
from approvals.services import case_return
from hall.constants import Role
from tests.factories import applicant_data, bad_resident_id, make_case, make_item, resident_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk_client(client, cast):
    client.force_login(cast.desk)
    return client


def _form(picked, **overrides):
    data = {
        "item": picked.code,
        "item_query": picked.name,
        "applicant_type": "person",
        "name": "王小明",
        "id_number": resident_id(),
        "phone": "13912345678",
        "address": "示范县人民路8号",
    }
    data.update(overrides)
    return data


def test_registering_a_case_opens_its_checklist(desk_client, item):
    response = desk_client.post(reverse("approvals:desk"), _form(item))
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("approvals:case", kwargs={"number": case.number})
    assert case.state == "received" and case.applicant_name == "王小明"
    page = desk_client.get(response["Location"]).content.decode()
    assert "还缺 2 项必要材料" in page
    assert "申请材料1" in page


def test_a_bad_id_number_is_shown_next_to_the_field_in_chinese(desk_client, item):
    response = desk_client.post(reverse("approvals:desk"), _form(item, id_number=bad_resident_id()))
    assert response.status_code == 400
    assert "公民身份号码校验位错误" in response.content.decode()
    assert response.context["form"].errors["id_number"]
    assert not Case.objects.exists()


def test_an_organisation_needs_a_credit_code(desk_client, item):
    response = desk_client.post(
        reverse("approvals:desk"), _form(item, applicant_type="organisation", id_number=resident_id())
    )
    assert response.status_code == 400
    assert "统一社会信用代码" in response.content.decode()


def test_typed_text_matching_one_item_is_enough_without_javascript(desk_client, dept):
    item = make_item(department=dept, name="食品经营许可")
    response = desk_client.post(reverse("approvals:desk"), _form(item, item="", item_query="spjyxk"))
    assert response.status_code == 302
    assert Case.objects.get().item == item


def test_no_item_picked_is_a_field_error(desk_client, item):
    response = desk_client.post(reverse("approvals:desk"), _form(item, item="", item_query=""))
    assert response.status_code == 400
    assert "请选择办理事项" in response.content.decode()


def test_item_picker_finds_by_name_code_and_pinyin_initials(desk_client, dept):
    item = make_item(department=dept, name="食品经营许可", code="SCJG-001")
    for q in ("食品经营", "SCJG-001", "spjy"):
        results = desk_client.get(reverse("approvals:item-picker"), {"q": q}).json()["results"]
        assert [r["code"] for r in results] == [item.code], q


def test_specialised_window_picks_only_its_departments_items(client, cast, dept, other_dept):
    own = make_item(department=dept, name="食品经营许可", kind="instant")
    make_item(department=other_dept, name="食品生产许可")
    client.force_login(cast.special)
    results = client.get(reverse("approvals:item-picker"), {"q": "食品"}).json()["results"]
    assert [r["code"] for r in results] == [own.code]
    assert "专业窗口" in client.get(reverse("approvals:desk")).content.decode()


def test_id_check_endpoint_answers_in_chinese(desk_client):
    url = reverse("approvals:id-check")
    assert desk_client.post(url, {"type": "person", "value": resident_id()}).json()["ok"] is True
    bad = desk_client.post(url, {"type": "person", "value": bad_resident_id()}).json()
    assert bad == {"ok": False, "message": "公民身份号码校验位错误。"}
    # Never in a query string: it would be written to the access log.
    assert desk_client.get(url, {"type": "person", "value": resident_id()}).status_code == 405


def test_desk_lists_returned_cases_with_reason_online_queue_and_today(desk_client, cast, item):
    returned = make_case(state="dispatched", item=item, cast=cast)
    case_return(case=returned, reason="营业执照复印件不清晰", by=cast.reviewer)
    online = make_case(state="submitted", item=item, cast=cast)
    today = make_case(state="received", item=item, cast=cast, applicant=applicant_data(name="赵今天"))
    page = desk_client.get(reverse("approvals:desk")).content.decode()
    assert "部门退回 1 件" in page and "营业执照复印件不清晰" in page
    assert online.number in page
    assert today.number in page and "赵今天" in page
    assert page.index("部门退回") < page.index("新建办件")


def test_desk_page_is_for_front_desk_only(client, cast):
    client.force_login(cast.reviewer)
    assert client.get(reverse("approvals:desk")).status_code == 403
    assert Role.REVIEWER


def test_todays_tally_counts_what_was_done_not_where_cases_stand_now(desk_client, cast, item):
    from approvals import services as s
    from approvals.workbench.queries import window_tally_today
    from tests.factories import receive_all_materials

    notified_then_dispatched = make_case(state="supplement_requested", item=item, cast=cast)
    receive_all_materials(notified_then_dispatched, by=cast.desk)
    s.case_supplement(case=notified_then_dispatched, by=cast.desk)
    s.case_dispatch(case=notified_then_dispatched, by=cast.desk)
    make_case(state="not_accepted", item=item, cast=cast)
    make_case(state="received", item=item, cast=cast)

    tally = window_tally_today(cases=list(Case.objects.all()))
    assert tally == {"total": 3, "forwarded": 1, "supplement": 1, "refused": 1}
    page = desk_client.get(reverse("approvals:desk")).content.decode()
    assert '<span class="stat__n">1</span><span>一次性告知</span>' in page.replace("\n", "")


def test_desk_opens_with_an_item_picked_by_code(desk_client, item):
    """?item=<code> (a called ticket's item) picks the item; an unknown code picks nothing."""
    page = desk_client.get(reverse("approvals:desk") + f"?item={item.code}&ticket=7").content.decode()
    assert f'value="{item.code}"' in page and f"✓ {item.name}" in page
    page = desk_client.get(reverse("approvals:desk") + "?item=NO-SUCH").content.decode()
    assert "✓" not in page.split('id="item-chosen"')[1].split("</p>")[0]
