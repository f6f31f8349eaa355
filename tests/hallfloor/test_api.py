"""REST for kiosks, screens, windows and lockers: who may do what (device tokens, staff at
their window, applicants' own appointments), and the answers' shapes."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from catalog import clock
from hall.constants import Role
from hallfloor import services
from hallfloor.constants import DeviceKind
from tests.factories import make_applicant_user, make_case, make_item, make_staff, resident_id
from tests.hallfloor.floor_factories import make_area, make_lockers, window_clerk

pytestmark = pytest.mark.django_db


def client(user=None, device_token=None):
    c = APIClient()
    if user is not None:
        c.force_authenticate(user)
    if device_token:
        c.credentials(HTTP_AUTHORIZATION=f"Device {device_token}")
    return c


def token(kind):
    return services.device_create(name=f"{kind}-1", kind=kind)[1]


def test_public_reads_areas_screen_and_a_ticket_by_its_token():
    area = make_area()
    ticket = services.ticket_take(area=area)
    anon = client()
    assert anon.get("/api/v1/floor/areas/").json()[0]["waiting"] == 1
    assert anon.get("/api/v1/floor/screen/").json()["areas"][0]["prefix"] == "A"
    body = anon.get(f"/api/v1/floor/tickets/{ticket.token}/").json()
    assert body["code"] == "A001" and body["ahead"] == 0
    assert anon.get("/api/v1/floor/tickets/not-a-token/").status_code == 404


def test_taking_a_ticket_needs_a_kiosk_token_or_a_signed_in_applicant():
    make_area()
    assert client().post("/api/v1/floor/tickets/", {"area": "shangshi"}, format="json").status_code == 401
    screen = client(device_token=token(DeviceKind.SCREEN))
    assert screen.post("/api/v1/floor/tickets/", {"area": "shangshi"}, format="json").status_code == 403
    bad = client(device_token="nope")
    assert bad.post("/api/v1/floor/tickets/", {"area": "shangshi"}, format="json").status_code == 401
    kiosk = client(device_token=token(DeviceKind.KIOSK))
    r = kiosk.post("/api/v1/floor/tickets/", {"area": "shangshi", "priority": "elderly"}, format="json")
    assert r.status_code == 201 and r.json()["code"] == "A001" and r.json()["channel"] == "kiosk"
    r = kiosk.post("/api/v1/floor/tickets/", {"area": "shangshi", "chain": "no-such"}, format="json")
    assert r.status_code == 400 and "chain" in r.json()
    r = kiosk.post("/api/v1/floor/tickets/", {"area": "nowhere"}, format="json")
    assert r.status_code == 400 and "area" in r.json()
    r = client(make_applicant_user()).post("/api/v1/floor/tickets/", {"area": "shangshi", "phone": "1"}, format="json")
    assert r.status_code == 400 and "phone" in r.json()


def test_calling_is_for_staff_at_their_window_only():
    area = make_area()
    w5, clerk5 = window_clerk(5, areas=[area])
    w6, clerk6 = window_clerk(6, areas=[area])
    services.ticket_take(area=area)
    assert client().post("/api/v1/floor/calling/next/").status_code in (401, 403)
    assert client(make_applicant_user()).post("/api/v1/floor/calling/next/").status_code == 403
    reviewer = make_staff(role=Role.REVIEWER, department=make_item().department)
    assert client(reviewer).post("/api/v1/floor/calling/next/").status_code == 400  # no window
    r = client(clerk5).post("/api/v1/floor/calling/next/")
    assert r.status_code == 200 and r.json()["window"] == "5"
    pk = r.json()["id"]
    assert client(clerk6).post(f"/api/v1/floor/calling/{pk}/recall/").status_code == 404  # another window's
    r = client(clerk5).post(f"/api/v1/floor/calling/{pk}/recall/")
    assert r.json()["call_count"] == 2
    r = client(clerk5).post(f"/api/v1/floor/calling/{pk}/transfer/", {"to_window": "6"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "waiting"
    assert client(clerk5).post(f"/api/v1/floor/calling/{pk}/finish/").status_code == 404  # no longer at window 5
    assert client(clerk6).post("/api/v1/floor/calling/next/").json()["id"] == pk
    r = client(clerk6).post(f"/api/v1/floor/calling/{pk}/finish/")
    assert r.json()["status"] == "done"
    assert client(clerk6).post(f"/api/v1/floor/calling/{pk}/finish/").status_code == 409
    assert client(clerk6).post("/api/v1/floor/calling/next/").status_code == 204


def test_appointments_own_only_and_check_in_by_kiosk():
    make_area(days_ahead=30)
    day = clock.add_working_days(timezone.localdate(), 1)
    alice, bob = make_applicant_user(), make_applicant_user()
    anon = client()
    slots = anon.get(f"/api/v1/floor/appointments/slots/?area=shangshi&day={day}").json()
    assert slots["slots"][0] == {"slot": "09:00", "left": 4}
    saturday = day + timedelta(days=(5 - day.weekday()) % 7)
    r = anon.get(f"/api/v1/floor/appointments/slots/?area=shangshi&day={saturday}")
    assert r.status_code == 400 and "不办公" in r.json()["day"][0]
    body = {"area": "shangshi", "day": str(day), "slot": "10:00", "name": "爱丽丝", "id_number": resident_id()}
    assert anon.post("/api/v1/floor/appointments/", body, format="json").status_code in (401, 403)
    r = client(alice).post("/api/v1/floor/appointments/", body, format="json")
    assert r.status_code == 201 and r.json()["channel"] == "portal"
    code = r.json()["code"]
    assert [a["code"] for a in client(alice).get("/api/v1/floor/appointments/").json()] == [code]
    assert client(bob).get("/api/v1/floor/appointments/").json() == []
    # check-in: kiosk device (or staff) only; on another day it is refused with the reason
    assert client(bob).post("/api/v1/floor/appointments/check-in/", {"code": code}, format="json").status_code == 403
    kiosk = client(device_token=token(DeviceKind.KIOSK))
    r = kiosk.post("/api/v1/floor/appointments/check-in/", {"code": code}, format="json")
    assert r.status_code == 400 and "预约当天" in r.json()["code"][0]


def test_lockers_by_device_and_staff():
    make_lockers(2)
    item = make_item()
    locker_device = client(device_token=token(DeviceKind.LOCKER))
    body = {"applicant_name": "甲", "item": item.code}
    assert client().post("/api/v1/floor/lockers/drop-off/", body, format="json").status_code == 401
    r = locker_device.post("/api/v1/floor/lockers/drop-off/", body, format="json")
    assert r.status_code == 201 and r.json()["locker"] == "01" and len(r.json()["code"]) == 6
    case = make_case(state="ready")
    clerk = make_staff(role=Role.DELIVERY)
    applicant = client(make_applicant_user())
    assert applicant.post("/api/v1/floor/lockers/result/", {"case": case.number}, format="json").status_code == 403
    r = client(clerk).post("/api/v1/floor/lockers/result/", {"case": case.number}, format="json")
    assert r.status_code == 201 and r.json()["locker"] == "02"
    assert locker_device.post("/api/v1/floor/lockers/pickup/", {"code": "x"}, format="json").status_code == 400
    r = locker_device.post("/api/v1/floor/lockers/pickup/", {"code": r.json()["code"]}, format="json")
    assert r.status_code == 200 and r.json()["locker"] == "02"


def test_floor_endpoints_are_in_the_openapi_schema():
    r = client().get("/api/schema/", HTTP_ACCEPT="application/json")
    paths = r.json()["paths"] if r.headers["Content-Type"].startswith("application/json") else r.content.decode()
    for path in (
        "/api/v1/floor/tickets/",
        "/api/v1/floor/calling/next/",
        "/api/v1/floor/appointments/",
        "/api/v1/floor/lockers/pickup/",
        "/api/v1/floor/screen/",
    ):
        assert path in paths
