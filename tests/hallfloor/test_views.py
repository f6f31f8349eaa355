"""Floor pages: public kiosk, ticket and screen; staff pages behind the login; an applicant
sees only their own appointment; the desk opens with a ticket's item picked."""

from datetime import date

import pytest
from django.test import Client

from hall.constants import Role
from hallfloor import services
from hallfloor.constants import AppointmentChannel
from hallfloor.models import Ticket
from tests.factories import make_applicant_user, make_item, make_staff, resident_id
from tests.hallfloor.floor_factories import make_area, window_clerk

pytestmark = pytest.mark.django_db


def signed_in(user):
    c = Client()
    c.force_login(user)
    return c


def test_kiosk_issues_a_ticket_and_the_ticket_page_follows_it():
    item = make_item(name="食品经营许可")
    area = make_area(items=[item])
    c = Client()
    assert "商事登记" in c.get("/floor/kiosk/").content.decode()
    r = c.post(f"/floor/kiosk/{area.code}/", {"item": item.code, "priority": "disabled", "phone": "13912345678"})
    ticket = Ticket.objects.get()
    assert r.status_code == 302 and ticket.token in r["Location"]
    assert (ticket.item, ticket.priority, ticket.phone_masked) == (item, "disabled", "139****5678")
    page = c.get(r["Location"]).content.decode()
    assert "A001" in page and "<svg" in page and "食品经营许可" in page
    assert c.get(f"/floor/t/{ticket.token}/status/").json()["ahead"] == 0
    assert c.get("/floor/t/guess/").status_code == 404
    r = c.post(f"/floor/kiosk/{area.code}/", {"phone": "123"})
    assert r.status_code == 400 and "联系电话格式错误" in r.content.decode()


def test_screen_data_lists_calls_with_the_spoken_text():
    area = make_area()
    window, clerk = window_clerk(5, areas=[area])
    services.ticket_take(area=area)
    services.ticket_call_next(window=window, by=clerk)
    data = Client().get("/floor/screen/data/").json()
    assert data["calls"][0]["speech"] == "请 A001 号到 5 号窗口办理"
    assert "请 A001 号到 5 号窗口办理" in Client().get("/floor/screen/").content.decode()


@pytest.mark.parametrize(
    "url",
    ["/floor/window/", "/floor/prereview/", "/floor/lockers/staff/", "/floor/appointments/", "/floor/stats/"],
)
def test_staff_pages_need_a_staff_login(url):
    r = Client().get(url)
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]
    assert signed_in(make_applicant_user()).get(url).status_code == 403


def test_console_calls_and_start_case_opens_the_desk_with_the_item_picked():
    item = make_item(name="食品经营许可", code="SCJG-SPJY")
    area = make_area(items=[item])
    window, clerk = window_clerk(1, areas=[area])
    ticket = services.ticket_take(area=area, item=item)
    c = signed_in(clerk)
    c.post("/floor/window/next/")
    assert "A001" in c.get("/floor/window/").content.decode()
    r = c.post(f"/floor/window/tickets/{ticket.pk}/start-case/")
    assert r.status_code == 302 and "item=SCJG-SPJY" in r["Location"]
    desk = c.get(r["Location"]).content.decode()
    assert 'value="SCJG-SPJY"' in desk and "✓ 食品经营许可" in desk
    # another window's clerk cannot act on it
    _w2, other = window_clerk(2, areas=[area])
    assert signed_in(other).post(f"/floor/window/tickets/{ticket.pk}/finish/").status_code == 404


def test_prereview_page_missing_list_and_ticket():
    item = make_item(materials=2)
    make_area(items=[item])
    clerk = make_staff(role=Role.FRONT_DESK)
    c = signed_in(clerk)
    r = c.post("/floor/prereview/", {"item": item.code, "present": [item.materials.first().pk]})
    assert r.status_code == 302
    page = c.get(r["Location"]).content.decode()
    assert "一次性告知单" in page and "申请材料2" in page and not Ticket.objects.exists()
    assert Client().get(r["Location"]).status_code == 302


def test_an_applicant_sees_only_their_own_appointment():
    area = make_area(days_ahead=3650)
    alice, bob = make_applicant_user(), make_applicant_user()
    appointment = services.appointment_book(
        area=area,
        day=date(2031, 3, 4),
        slot=area.slot_starts()[0],
        name="爱丽丝",
        id_number=resident_id(),
        user=alice,
        by=alice,
        channel=AppointmentChannel.PORTAL,
    )
    url = f"/online/appointments/{appointment.code}/"
    assert appointment.code in signed_in(alice).get(url).content.decode()
    assert signed_in(bob).get(url).status_code == 404
    assert "/online/login/" in Client().get(url)["Location"]


def test_portal_booking_page_refuses_a_holiday_with_the_reason():
    make_area(days_ahead=3650)
    c = signed_in(make_applicant_user())
    page = c.get("/online/appointments/?day=2030-10-01").content.decode()  # National Day
    assert "2030年10月1日" in page and "不办公" in page


def test_locker_staff_page_lists_drop_offs_to_take_in():
    from tests.hallfloor.floor_factories import make_lockers

    make_lockers(1)
    item = make_item(name="食品经营许可")
    services.locker_drop_off(applicant_name="吴投递", item=item, phone="13600001111")
    page = signed_in(make_staff(role=Role.FRONT_DESK)).get("/floor/lockers/staff/").content.decode()
    assert "吴投递" in page and "136****1111" in page and "食品经营许可" in page


def test_staff_book_for_an_applicant_and_see_the_list():
    from catalog import clock

    area = make_area(days_ahead=30)
    clerk = make_staff(role=Role.FRONT_DESK)
    day = clock.add_working_days(date.today(), 2)
    c = signed_in(clerk)
    r = c.post(
        "/floor/appointments/new/",
        {"area": area.pk, "day": day.isoformat(), "slot": "14:00", "name": "郑代约", "id_number": resident_id()},
    )
    assert r.status_code == 302
    page = c.get("/floor/appointments/").content.decode()
    assert "郑代约" in page and "窗口代约" in page
    r = c.post(
        "/floor/appointments/new/",
        {"area": area.pk, "day": day.isoformat(), "slot": "14:00", "name": "x", "id_number": "110105199003070000"},
    )
    assert r.status_code == 400 and "公民身份号码" in r.content.decode()


def test_stats_page_by_area_window_and_hour():
    area = make_area()
    window, clerk = window_clerk(5, areas=[area])
    services.ticket_take(area=area)
    services.ticket_call_next(window=window, by=clerk)
    page = signed_in(clerk).get("/floor/stats/").content.decode()
    assert "按业务区" in page and "A 商事登记" in page and "按窗口" in page and "按时段" in page
