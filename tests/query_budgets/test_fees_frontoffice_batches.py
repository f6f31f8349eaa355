"""Budgets of fees, the front office (enquiries, confirmations, threads) and batches."""

from decimal import Decimal

import pytest
from django.urls import reverse

from batches import services as batch_services
from batches import sheets
from fees import services as fees
from frontoffice.services import bags, enquiries, threads
from tests.batches.sheets import teacher_rows, xlsx_upload
from tests.factories import Cast, make_applicant_user, make_case, make_department, make_item, receive_all_materials
from tests.query_budgets.budget import assert_budget
from tests.query_budgets.conftest import api_client, page_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def dept():
    return make_department(code="gtzy", name="自然资源局")


@pytest.fixture
def cast(dept):
    return Cast(dept)


@pytest.fixture
def paid_item(dept):
    return make_item(department=dept, name="不动产登记", fee_charged=True, fee_amount=Decimal("80.00"), materials=1)


def charges(n, *, item, cast):
    def make():
        made = []
        for _ in range(n):
            case = make_case(item=item, cast=cast)
            made.append(fees.charge_at_window(case=case, by=cast.desk, method="cash"))
        return made

    return make


@pytest.mark.parametrize("route", ["fees:desk", "api-fee-charges"])
def test_fee_lists(paid_item, cast, route):
    charges(2, item=paid_item, cast=cast)()
    client = (api_client if route.startswith("api-") else page_client)(cast.desk)
    assert_budget(client, route, add_rows=charges(5, item=paid_item, cast=cast))


@pytest.mark.parametrize("route", ["api-fee-charge", "fees:receipt"])
def test_fee_charge(paid_item, cast, route):
    charge = charges(1, item=paid_item, cast=cast)()[0]
    key = "receipt" if route == "api-fee-charge" else "number"

    def bigger():
        return reverse(route, kwargs={key: charges(1, item=paid_item, cast=cast)()[0].number})

    client = (api_client if route.startswith("api-") else page_client)(cast.desk)
    assert_budget(client, route, kwargs={key: charge.number}, add_rows=bigger)


@pytest.mark.parametrize("route", ["fees:case", "api-fee-quote"])
def test_fee_case(paid_item, cast, route):
    case = make_case(item=paid_item, cast=cast)

    def more():
        for _ in range(3):  # several charges on the same case
            fees.charge_at_window(case=case, by=cast.desk, method="cash")

    client = (api_client if route.startswith("api-") else page_client)(cast.desk)
    assert_budget(client, route, kwargs={"number": case.number}, add_rows=more)


def asked(n, *, item, cast):
    def make():
        return [
            enquiries.enquiry_record(by=cast.desk, question=f"需要哪些材料？{i}", item=item, asker_phone="13912345678")
            for i in range(n)
        ]

    return make


@pytest.mark.parametrize("route", ["frontoffice:enquiries", "frontoffice:enquiry-figures"])
def test_enquiry_lists(dept, cast, route):
    item = make_item(department=dept)
    asked(2, item=item, cast=cast)()
    assert_budget(page_client(cast.desk), route, add_rows=asked(6, item=item, cast=cast))


@pytest.mark.parametrize("route", ["frontoffice:enquiry", "frontoffice:enquiry-print"])
def test_enquiry_detail(dept, cast, route):
    enquiry = asked(1, item=make_item(department=dept), cast=cast)()[0]

    def bigger():
        big = asked(1, item=make_item(department=dept, materials=8), cast=cast)()[0]
        enquiries.enquiry_answer(enquiry=big, by=cast.desk, answer="请带身份证原件。")
        return reverse(route, kwargs={"pk": big.pk})

    assert_budget(page_client(cast.desk), route, kwargs={"pk": enquiry.pk}, add_rows=bigger)


def test_confirmations(cast):
    assert_budget(page_client(cast.chief), "frontoffice:confirmations", add_rows=lambda: None)


def test_thread(dept, cast):
    case = make_case(item=make_item(department=dept), cast=cast)

    def more(n):
        def make():
            for i in range(n):
                threads.message_post(case=case, by=cast.desk if i % 2 else cast.reviewer, body=f"请核对第{i}项材料。")

        return make

    more(2)()
    assert_budget(page_client(cast.desk), "frontoffice:thread", kwargs={"number": case.number}, add_rows=more(6))


def test_bag_scan(cast):
    assert_budget(page_client(cast.desk), "frontoffice:bag-scan", add_rows=lambda: None)


def batches_of(n, *, item, cast, size=3):
    def make():
        made = []
        for _ in range(n):
            _source, rows = sheets.read_upload(xlsx_upload(teacher_rows(size)), max_rows=500)
            made.append(
                batch_services.batch_create(item=item, by=cast.desk, rows=rows, submitter="一中", source="xlsx")
            )
        return made

    return make


@pytest.fixture
def batch_item(dept):
    return make_item(department=dept, name="教师资格证书变更", materials=1)


@pytest.mark.parametrize("route", ["batches:list", "api-batches"])
def test_batch_lists(batch_item, cast, route):
    batches_of(2, item=batch_item, cast=cast)()
    client = (api_client if route.startswith("api-") else page_client)(cast.desk)
    assert_budget(client, route, add_rows=batches_of(4, item=batch_item, cast=cast))


@pytest.mark.parametrize("route", ["batches:detail", "api-batch", "batches:receipt"])
def test_batch_detail(batch_item, cast, route):
    batch = batches_of(1, item=batch_item, cast=cast, size=2)()[0]

    def bigger():
        return reverse(route, kwargs={"pk": batches_of(1, item=batch_item, cast=cast, size=12)()[0].pk})

    client = (api_client if route.startswith("api-") else page_client)(cast.desk)
    assert_budget(client, route, kwargs={"pk": batch.pk}, add_rows=bigger)


def test_bag_sheet(dept, cast):
    """文件袋封面 lists the case's paper materials: 1, then 8."""

    def bag(materials):
        case = make_case(item=make_item(department=dept, materials=materials), cast=cast)
        receive_all_materials(case, by=cast.desk)
        return bags.bag_create(case=case, by=cast.desk)

    first = bag(1)

    def bigger():
        return reverse("frontoffice:bag-sheet", kwargs={"code": bag(8).code})

    assert_budget(page_client(cast.desk), "frontoffice:bag-sheet", kwargs={"code": first.code}, add_rows=bigger)


def test_online_fee_page(paid_item, cast):
    """网上缴费: the applicant's own case with its charges (1, then 4)."""
    user = make_applicant_user()
    case = make_case(item=paid_item, cast=cast, channel="online", applicant=user)
    fees.charge_at_window(case=case, by=cast.desk, method="cash")

    def more():
        for _ in range(3):
            fees.charge_at_window(case=case, by=cast.desk, method="cash")

    assert_budget(page_client(user), "fees:online", kwargs={"number": case.number}, add_rows=more)
