"""Pages of 好差评 and who may see them: the pad by its secret link, applicants' own cases only,
tickets scoped by department, staff pages closed to the public."""

import pytest
from django.urls import reverse

from evaluations import selectors, services
from evaluations.constants import ComplaintSource, RatingChannel
from evaluations.models import Rating, Ticket
from hall.constants import Role
from tests.evaluations.helpers import delivered_online_case, window_case
from tests.factories import make_applicant_user, make_department, make_staff

pytestmark = pytest.mark.django_db

BAD = {"score": "1", "bad_indicator": "efficiency", "reason": "等了很久才办好"}


def pad_url(window, name="evaluations:pad", *args):
    return reverse(name, args=[window.number, selectors.pad_key(window), *args])


def test_the_pad_needs_its_secret_link_and_updates_when_the_clerk_triggers(client):
    case, cast = window_case()
    window = cast.desk.staff_profile.window
    assert client.get(reverse("evaluations:pad", args=[window.number, "wrong"])).status_code == 404
    page = client.get(pad_url(window))
    assert page.status_code == 200 and "欢迎来到" in page.content.decode()
    poll = pad_url(window, "evaluations:pad-poll")
    assert client.get(poll + "?current=").status_code == 204  # nothing new: no swap

    client.force_login(cast.desk)
    response = client.post(reverse("evaluations:trigger"), {"case": case.number})
    assert response.status_code == 302
    client.logout()
    fresh = client.get(poll + "?current=")
    body = fresh.content.decode()
    assert fresh.status_code == 200 and cast.desk.get_username() in body and "非常不满意" in body
    occasion = case.rating_occasions.get()
    assert client.get(poll + f"?current={occasion.pk}").status_code == 204

    bad = client.post(pad_url(window, "evaluations:pad-rate", occasion.pk), {"score": "2"})
    assert bad.status_code == 400 and "请选择不满意的方面" in bad.content.decode()
    ok = client.post(pad_url(window, "evaluations:pad-rate", occasion.pk), {"score": "5", "ind_attitude": "5"})
    assert ok.status_code == 200 and "感谢您的评价" in ok.content.decode()
    again = client.post(pad_url(window, "evaluations:pad-rate", occasion.pk), {"score": "5"})
    assert again.status_code == 409
    # Another window's pad cannot rate this window's occasion.
    other = make_staff(role=Role.FRONT_DESK, window="specialised", department=make_department())
    other_window = other.staff_profile.window
    assert client.post(pad_url(other_window, "evaluations:pad-rate", occasion.pk), {"score": "5"}).status_code == 404


def test_the_clerk_page_is_for_window_staff(client):
    assert client.get(reverse("evaluations:window")).status_code == 302  # to the login page
    client.force_login(make_staff(role=Role.REVIEWER, department=make_department()))
    assert client.get(reverse("evaluations:window")).status_code == 403
    client.force_login(make_staff(role=Role.FRONT_DESK))
    assert client.get(reverse("evaluations:window")).status_code == 200


def test_an_applicant_rates_only_their_own_case_in_the_portal(client):
    case, occasion = delivered_online_case()
    url = reverse("evaluations:rate-case", args=[case.number])
    assert client.get(url).status_code == 302  # to the portal login
    client.force_login(make_applicant_user())
    assert client.get(url).status_code == 404
    client.force_login(case.applicant_user)
    assert client.get(reverse("portal:case-detail", args=[case.number])).content.decode().count(url) == 1
    assert client.post(url, {"score": "7"}).status_code == 400
    assert client.post(url, {"score": "4"}).status_code == 302
    assert Rating.objects.get().score == 4
    assert client.post(url, {"score": "5"}).status_code == 409
    page = client.get(reverse("evaluations:my-ratings")).content.decode()
    assert "满意" in page


def test_the_sms_link_works_without_login_once(client):
    _case, occasion = delivered_online_case()
    assert client.get(reverse("evaluations:sms-rate", args=["nope"])).status_code == 404
    url = occasion.sms_link
    assert client.get(url).status_code == 200
    assert client.post(url, {**BAD, "reason": ""}).status_code == 400
    response = client.post(url, {**BAD, "real_name": "1"})
    assert response.status_code == 200 and "感谢您的评价" in response.content.decode()
    assert Rating.objects.get().rater_name == _case.applicant_name  # real-name: the case's applicant
    occasion.refresh_from_db()
    assert occasion.token_used_at is not None
    assert client.post(url, {"score": "5"}).status_code == 409
    assert Ticket.objects.get().real_name


def test_tickets_are_scoped_to_the_department(client):
    case, occasion = delivered_online_case()
    services.rating_submit(occasion=occasion, channel=RatingChannel.SMS, **BAD)
    ticket = Ticket.objects.get()
    url = reverse("evaluations:ticket", args=[ticket.pk])
    assert client.get(url).status_code == 302
    client.force_login(make_staff(role=Role.REVIEWER, department=make_department()))
    assert client.get(url).status_code == 404
    assert client.post(reverse("evaluations:ticket-action", args=[ticket.pk, "callback"]), {}).status_code == 404
    assert str(ticket.pk) not in client.get(reverse("evaluations:tickets")).content.decode().split("<tbody>")[1][:40]
    client.force_login(make_staff(role=Role.COMPLAINT_DESK))
    assert client.get(url).status_code == 404  # the complaint desk sees complaints only
    reviewer = make_staff(role=Role.REVIEWER, department=case.department)
    client.force_login(reviewer)
    assert client.get(url).status_code == 200
    assert client.post(reverse("evaluations:ticket-action", args=[ticket.pk, "respond"]), {}).status_code == 400
    response = client.post(
        reverse("evaluations:ticket-action", args=[ticket.pk, "respond"]),
        {"verdict": "fixed", "response": "已整改到位"},
    )
    assert response.status_code == 302
    client.force_login(make_staff(role=Role.SUPERVISOR))
    assert (
        client.post(
            reverse("evaluations:ticket-action", args=[ticket.pk, "review"]), {"decision": "approve"}
        ).status_code
        == 302
    )
    ticket.refresh_from_db()
    assert ticket.state == "closed"


def test_complaints_online_and_at_the_desk(client):
    user = make_applicant_user()
    client.force_login(user)
    assert client.post(reverse("evaluations:complain"), {"subject": "", "content": ""}).status_code == 400
    assert (
        client.post(reverse("evaluations:complain"), {"subject": "窗口无人", "content": "中午窗口没人值守"}).status_code
        == 302
    )
    assert client.get(reverse("evaluations:complaint-record")).status_code == 403  # an applicant is no staff
    desk = make_staff(role=Role.COMPLAINT_DESK)
    client.force_login(desk)
    response = client.post(
        reverse("evaluations:complaint-record"),
        {"source": ComplaintSource.PHONE, "subject": "态度", "content": "来电反映态度生硬", "phone": "13912345678"},
    )
    assert response.status_code == 302
    listing = client.get(reverse("evaluations:tickets")).content.decode()
    assert "窗口无人" in listing and "态度" in listing


def test_standing_pages_and_the_public_star_page(client):
    assert client.get(reverse("evaluations:stars")).status_code == 200
    assert client.get(reverse("evaluations:rankings")).status_code == 302
    client.force_login(make_staff(role=Role.REVIEWER, department=make_department()))
    assert client.get(reverse("evaluations:rankings")).status_code == 403
    assert client.get(reverse("evaluations:board-satisfaction")).status_code == 403
    client.force_login(make_staff(role=Role.SUPERVISOR))
    assert client.get(reverse("evaluations:rankings") + "?period=2026-99").status_code == 400
    assert client.get(reverse("evaluations:rankings") + "?period=2026-Q4").status_code == 200
    assert client.get(reverse("evaluations:board-satisfaction")).status_code == 200
    assert "群众满意度" in client.get(reverse("supervision:board")).content.decode()
    assert client.post(reverse("evaluations:awards-propose"), {"period": "2026-11"}).status_code == 403


def test_the_vote_page_and_results(client):
    from datetime import timedelta

    from django.utils import timezone

    admin = make_staff(role=Role.HALL_ADMIN)
    today = timezone.localdate()
    campaign = services.campaign_create(
        title="评议",
        starts_on=today,
        ends_on=today + timedelta(days=3),
        offices=[(make_department(), "审批科")],
        by=admin,
    )
    office = campaign.offices.get()
    data = {
        "office": office.pk,
        "behaviours": ["cold", "lazy"],
        "example": "窗口让我跑了三趟才办成营业执照",
        "voter": "13911112222",
    }
    assert client.post(reverse("evaluations:vote", args=[campaign.pk]), data).status_code == 200
    second = client.post(reverse("evaluations:vote", args=[campaign.pk]), data)
    assert second.status_code == 400 and "每人限投一票" in second.content.decode()
    assert client.get(reverse("evaluations:vote-results", args=[campaign.pk])).status_code == 404
    assert client.get(reverse("evaluations:campaigns")).status_code == 302
    client.force_login(admin)
    assert client.post(reverse("evaluations:campaign-publish", args=[campaign.pk])).status_code == 302
    client.logout()
    results = client.get(reverse("evaluations:vote-results", args=[campaign.pk])).content.decode()
    assert "审批科" in results and "冷（态度生硬）×1" in results
