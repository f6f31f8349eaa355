"""Budgets of the hall floor: kiosk, tickets, call screen, window console, pre-review,
appointments, lockers and floor statistics (pages and API)."""

import itertools
from datetime import date

import pytest
from django.urls import reverse

from catalog import clock
from hall.constants import Role
from hallfloor import services
from hallfloor.constants import AppointmentChannel
from tests.factories import make_applicant_user, make_item, make_staff, resident_id
from tests.hallfloor.floor_factories import make_area, make_lockers, reset_hardware, window_clerk
from tests.query_budgets.budget import assert_budget
from tests.query_budgets.conftest import api_client, page_client

pytestmark = pytest.mark.django_db

_seq = itertools.count(2)


@pytest.fixture(autouse=True)
def _fresh_hardware():
    reset_hardware()
    yield
    reset_hardware()


@pytest.fixture
def floor():
    item = make_item(name="食品经营许可", materials=3)
    area = make_area(items=[item], days_ahead=3650)
    window, clerk = window_clerk(1, areas=[area])
    return {"item": item, "area": area, "window": window, "clerk": clerk}


def traffic(floor, n):
    """n tickets taken, half of them called and finished; n new areas with their items."""

    def make():
        for _i in range(n):
            k = next(_seq)
            item = make_item(materials=2)
            area = make_area(code=f"area{k}", name=f"业务区{k}", prefix=chr(ord("B") + k % 20), items=[item])
            area.windows.add(floor["window"])
            services.ticket_take(area=floor["area"], item=floor["item"], phone="13912345678")
            services.ticket_take(area=area, item=item)
        for _ in range(n // 2 + 1):
            ticket = services.ticket_call_next(window=floor["window"], by=floor["clerk"])
            if ticket:
                services.ticket_finish(ticket=ticket, window=floor["window"], by=floor["clerk"])

    return make


@pytest.mark.parametrize(
    "route",
    [
        "hallfloor:kiosk",
        "hallfloor:screen",
        "hallfloor:screen-data",
        "floor-areas",
        "floor-screen",
        "hallfloor:locker-terminal",
    ],
)
def test_public_floor(floor, route):
    traffic(floor, 2)()
    assert_budget(page_client(None), route, add_rows=traffic(floor, 5))


def test_kiosk_area(floor):
    traffic(floor, 2)()

    def more():
        traffic(floor, 3)()
        for _ in range(4):
            floor["area"].items.add(make_item())

    assert_budget(page_client(None), "hallfloor:kiosk-area", kwargs={"code": floor["area"].code}, add_rows=more)


@pytest.mark.parametrize("route", ["hallfloor:ticket", "hallfloor:ticket-status", "floor-ticket"])
def test_ticket(floor, route):
    traffic(floor, 2)()
    ticket = services.ticket_take(area=floor["area"], item=floor["item"])
    assert_budget(page_client(None), route, kwargs={"token": ticket.token}, add_rows=traffic(floor, 5))


@pytest.mark.parametrize("route", ["hallfloor:console", "hallfloor:stats"])
def test_window_pages(floor, route):
    traffic(floor, 2)()
    assert_budget(page_client(floor["clerk"]), route, add_rows=traffic(floor, 6))


def test_prereview(floor):
    clerk = floor["clerk"]
    item = floor["item"]

    def records(n):
        def make():
            return [
                services.prereview_record(item=item, present=[item.materials.first().pk], by=clerk) for _ in range(n)
            ]

        return make

    records(2)()
    assert_budget(page_client(clerk), "hallfloor:prereview", add_rows=records(5))
    record = records(1)()[0]
    number = record.number

    def bigger():
        big = make_item(materials=8)
        return reverse(
            "hallfloor:prereview-record",
            kwargs={"number": services.prereview_record(item=big, present=[], by=clerk).number},
        )

    assert_budget(page_client(clerk), "hallfloor:prereview-record", kwargs={"number": number}, add_rows=bigger)


def book(floor, n, *, user=None, by=None):
    def make():
        made = []
        start = clock.add_working_days(date.today(), 2)
        for i in range(n):
            day = clock.add_working_days(start, i % 3)
            slot = floor["area"].slot_starts()[next(_seq) % len(floor["area"].slot_starts())]
            made.append(
                services.appointment_book(
                    area=floor["area"],
                    day=day,
                    slot=slot,
                    name="预约人",
                    id_number=resident_id(),
                    item=floor["item"],
                    user=user,
                    by=by or user,
                    channel=AppointmentChannel.PORTAL if user else AppointmentChannel.STAFF,
                )
            )
        return made

    return make


@pytest.mark.parametrize("route", ["hallfloor:staff-appointments", "floor-appointments", "hallfloor:staff-book"])
def test_staff_appointments(floor, route):
    clerk = floor["clerk"]
    book(floor, 2, by=clerk)()
    client = (api_client if route.startswith("floor-") else page_client)(clerk)
    assert_budget(client, route, add_rows=book(floor, 5, by=clerk))


def test_portal_appointments(floor):
    applicant = make_applicant_user()
    mine = book(floor, 2, user=applicant)()
    assert_budget(page_client(applicant), "hallfloor:book", add_rows=book(floor, 5, user=applicant))
    code = mine[0].code
    assert_budget(page_client(applicant), "hallfloor:my-appointment", kwargs={"code": code}, add_rows=lambda: None)


def test_slots_api(floor):
    query = f"?area={floor['area'].code}&day={clock.add_working_days(date.today(), 2).isoformat()}"
    assert_budget(page_client(None), "floor-slots", query=query, add_rows=book(floor, 6, by=floor["clerk"]))


def test_locker_staff(floor):
    make_lockers(12)

    def drops(n):
        def make():
            for i in range(n):
                services.locker_drop_off(applicant_name=f"投递人{i}", item=floor["item"], phone="13600001111")

        return make

    drops(2)()
    assert_budget(page_client(make_staff(role=Role.FRONT_DESK)), "hallfloor:locker-staff", add_rows=drops(5))
