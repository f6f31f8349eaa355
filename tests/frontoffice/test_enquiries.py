"""首问负责 and the guide desk: the log, ownership until answered or handed on, the list, the figures."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from frontoffice.models import Enquiry
from frontoffice.selectors import enquiry_figures
from frontoffice.services.enquiries import enquiry_answer, enquiry_hand_on, enquiry_record
from hall.constants import Role, WindowKind
from tests.factories import make_applicant_user, make_item, make_staff, make_window

pytestmark = pytest.mark.django_db


def test_the_first_one_asked_owns_it_until_handed_on_with_a_record(cast, item):
    desk, chief = cast.desk, cast.chief
    enquiry = enquiry_record(
        by=desk, item=item, question="需要带什么材料？", asker_name="王女士", asker_phone="13900001111"
    )
    assert enquiry.first_owner == desk and enquiry.owner == desk and enquiry.status == "open"
    with pytest.raises(PermissionDenied):
        enquiry_answer(enquiry=enquiry, by=chief, answer="不是他的")
    with pytest.raises(ValidationError):
        enquiry_hand_on(enquiry=enquiry, by=desk, to_user=chief, note="")
    enquiry_hand_on(enquiry=enquiry, by=desk, to_user=chief, note="涉及许可条件，请首席代表答复")
    enquiry.refresh_from_db()
    assert enquiry.owner == chief and enquiry.first_owner == desk
    handover = enquiry.handovers.get()
    assert (handover.from_user, handover.to_user) == (desk, chief)
    with pytest.raises(PermissionDenied):  # no longer the desk's to answer
        enquiry_answer(enquiry=enquiry, by=desk, answer="x")
    enquiry_answer(enquiry=enquiry, by=chief, answer="需营业执照和场所证明")
    enquiry.refresh_from_db()
    assert enquiry.status == "answered" and enquiry.answered_by == chief
    with pytest.raises(ValidationError):  # answered: nothing more to answer
        enquiry_answer(enquiry=enquiry, by=chief, answer="again")


def test_an_enquiry_needs_a_question_and_an_item_or_topic(cast):
    with pytest.raises(ValidationError) as exc:
        enquiry_record(by=cast.desk, question=" ", asker_phone="abc")
    assert set(exc.value.message_dict) == {"question", "topic", "asker_phone"}
    with pytest.raises(PermissionDenied):
        enquiry_record(by=make_applicant_user(), question="?", topic="停车")


def test_figures_rank_the_items_people_ask_most(cast, item):
    other = make_item(department=item.department, name="另一个事项")
    for _ in range(3):
        enquiry_record(by=cast.desk, item=item, question="?", answer="已答复")
    enquiry_record(by=cast.desk, item=other, question="?")
    enquiry_record(by=cast.desk, topic="停车位置", question="?")
    rows = enquiry_figures(days=30)
    assert rows[0]["item__name"] == item.name and rows[0]["total"] == 3 and rows[0]["open"] == 0
    assert {(r["item__name"], r["topic"], r["total"]) for r in rows[1:]} == {(other.name, "", 1), (None, "停车位置", 1)}


def test_pages_log_answer_and_print_the_one_time_list(client, cast, item):
    client.force_login(cast.desk)
    response = client.post(
        reverse("frontoffice:enquiries"),
        {"place": "guide_desk", "item": item.pk, "question": "怎么办理？", "asker_name": "李先生"},
    )
    enquiry = Enquiry.objects.get()
    assert response.status_code == 302 and enquiry.place == "guide_desk"
    assert "怎么办理？" in client.get(reverse("frontoffice:enquiries")).content.decode()
    response = client.post(reverse("frontoffice:enquiry-give-list", args=[enquiry.pk]))
    assert response.url == reverse("frontoffice:enquiry-print", args=[enquiry.pk])
    page = client.get(response.url).content.decode()
    assert "一次性告知单" in page
    for material in item.materials.all():
        assert material.name in page
    enquiry.refresh_from_db()
    assert enquiry.list_given_at is not None
    bad = client.post(reverse("frontoffice:enquiries"), {"place": "window", "question": ""})
    assert bad.status_code == 400 and "请填写" in bad.content.decode()
    figures = client.get(reverse("frontoffice:enquiry-figures")).content.decode()
    assert item.name in figures


def test_enquiry_pages_are_scoped(client, cast, item, other_dept):
    enquiry = enquiry_record(by=cast.desk, item=item, question="?")
    urls = [
        reverse("frontoffice:enquiry", args=[enquiry.pk]),
        reverse("frontoffice:enquiry-print", args=[enquiry.pk]),
    ]
    other_window = make_staff(role=Role.FRONT_DESK, window=make_window(number="7"))
    other_department = make_staff(role=Role.REVIEWER, department=other_dept)
    for user in (other_window, other_department):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404
        assert client.post(reverse("frontoffice:enquiry-answer", args=[enquiry.pk]), {"answer": "x"}).status_code == 404
    client.force_login(make_staff(role=Role.SUPERVISOR))
    assert client.get(urls[0]).status_code == 200
    client.logout()
    assert client.get(urls[0]).status_code == 302  # anonymous: to the login page
    client.force_login(make_applicant_user())
    assert client.get(urls[0]).status_code == 403  # workbench pages are for staff
    specialised = make_staff(
        role=Role.FRONT_DESK, window=make_window(kind=WindowKind.SPECIALISED, department=other_dept)
    )
    client.force_login(specialised)
    assert client.get(urls[0]).status_code == 404
