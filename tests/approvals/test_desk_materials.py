"""Receiving materials fast: one material without a reload (htmx), and all missing ones at once."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from approvals import services as s
from approvals.constants import Action
from approvals.models import CaseEvent
from tests.factories import make_applicant_user, make_case, make_item, make_staff

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def seven(dept):
    return make_item(department=dept, materials=7, optional_materials=1)


def test_receive_all_paper_records_each_required_material_with_its_event(seven, cast):
    case = make_case(state="received", item=seven, cast=cast)
    first = case.materials.order_by("position").first()
    s.case_record_material(case=case, requirement_id=first.requirement_id, status="missing", by=cast.desk)
    done = s.case_receive_all_paper(case=case, by=cast.desk)
    assert len(done) == 7
    rows = case.materials.order_by("position")
    assert [m.status for m in rows] == ["received"] * 7 + ["missing"]  # the optional one is left alone
    assert all(m.paper_originals == 1 for m in rows if m.required)
    events = CaseEvent.objects.filter(case=case, action=Action.RECORD_MATERIAL, payload__paper="original")
    assert events.count() == 7
    with pytest.raises(ValidationError):
        s.case_receive_all_paper(case=case, by=cast.desk)  # nothing left to take


def test_receive_all_paper_is_all_or_nothing_and_front_desk_only(seven, cast):
    case = make_case(state="received", item=seven, cast=cast)
    with pytest.raises(PermissionDenied):
        s.case_receive_all_paper(case=case, by=cast.reviewer)
    assert not case.materials.filter(status="received").exists()


def test_ticking_a_material_with_htmx_returns_the_panel_not_a_redirect(client, item, cast):
    case = make_case(state="received", item=item, cast=cast)
    first = case.materials.order_by("position").first()
    client.force_login(cast.desk)
    url = reverse("approvals:case-material", kwargs={"number": case.number})
    response = client.post(url, {"requirement": first.requirement_id, "op": "original"}, **HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="materials-panel"' in body and 'id="readiness-slot" hx-swap-oob="true"' in body
    assert 'id="actions-card"' in body and 'id="timeline-card"' in body and "<html" not in body
    assert "还缺 1 项必要材料" in body
    # Without htmx the page still works the old way.
    second = case.materials.order_by("position")[1]
    plain = client.post(url, {"requirement": second.requirement_id, "op": "copy"})
    assert plain.status_code == 302


def test_htmx_errors_show_in_the_panel(client, item, cast):
    case = make_case(state="received", item=item, cast=cast)
    first = case.materials.order_by("position").first()
    client.force_login(cast.desk)
    url = reverse("approvals:case-material", kwargs={"number": case.number})
    response = client.post(url, {"requirement": first.requirement_id, "op": "deficient"}, **HTMX)
    assert response.status_code == 200 and "不可容缺受理" in response.content.decode()


def test_all_paper_page_button_and_scoping(client, seven, cast, other_dept):
    case = make_case(state="received", item=seven, cast=cast)
    url = reverse("approvals:case-materials-all-paper", kwargs={"number": case.number})
    client.force_login(cast.desk)
    page = client.get(reverse("approvals:case", kwargs={"number": case.number})).content.decode()
    assert "全部收取（纸质原件）" in page and url in page
    response = client.post(url, **HTMX)
    assert response.status_code == 200 and "必要材料已齐，可以推送" in response.content.decode()
    assert case.materials.filter(required=True, status="missing").count() == 0

    other = make_case(state="received", item=seven, cast=cast)
    other_url = reverse("approvals:case-materials-all-paper", kwargs={"number": other.number})
    client.force_login(make_staff(role="reviewer", department=other_dept))
    assert client.post(other_url).status_code == 404
    client.force_login(make_applicant_user())
    assert client.post(other_url).status_code in (403, 404)
    client.logout()
    assert client.post(other_url).status_code == 302
    assert other.materials.filter(status="received").count() == 0
