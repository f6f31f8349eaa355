"""Budgets of the applicant's portal: pages and the portal API."""

import pytest
from django.urls import reverse

from portal import services as portal
from tests.factories import Cast, make_applicant_user, make_department, make_item, pdf_upload
from tests.portal.helpers import granted_ready_case, submitted_case
from tests.query_budgets.budget import assert_budget
from tests.query_budgets.conftest import api_client, page_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def dept():
    return make_department(code="scjg", name="市场监管局")


@pytest.fixture
def item(dept):
    return make_item(department=dept, materials=2, optional_materials=1, result_name="食品经营许可证")


@pytest.fixture
def cast(dept):
    return Cast(dept)


@pytest.fixture
def applicant():
    return make_applicant_user(name="张三")


def my_cases(n, *, item, applicant, cast):
    def make():
        made = []
        for i in range(n):
            if i % 3 == 0:
                made.append(portal.application_start(item=item, by=applicant))
            elif i % 3 == 1:
                made.append(submitted_case(item=item, by=applicant))
            else:
                made.append(granted_ready_case(item=item, by=applicant, cast=cast))
        return made

    return make


def big_item(dept):
    return make_item(department=dept, materials=6, optional_materials=2, steps=("受理", "初审", "复审", "决定"))


@pytest.mark.parametrize("route", ["portal:home", "portal:my-cases"])
def test_my_cases_pages(item, applicant, cast, route):
    my_cases(3, item=item, applicant=applicant, cast=cast)()
    more = my_cases(5, item=item, applicant=applicant, cast=cast)
    assert_budget(page_client(applicant), route, add_rows=more)


def test_my_cases_api(item, applicant, cast):
    my_cases(3, item=item, applicant=applicant, cast=cast)()
    more = my_cases(5, item=item, applicant=applicant, cast=cast)
    assert_budget(api_client(applicant), "portal-api-cases", add_rows=more)


@pytest.mark.parametrize("route", ["portal:case-detail", "portal-api-case", "portal:delivery"])
def test_case_detail(dept, item, applicant, cast, route):
    case = granted_ready_case(item=item, by=applicant, cast=cast, electronic=False)

    def bigger():
        big = granted_ready_case(item=big_item(dept), by=applicant, cast=cast, electronic=False)
        return reverse(route, kwargs={"number": big.number})

    client = (api_client if route.startswith("portal-api") else page_client)(applicant)
    assert_budget(client, route, kwargs={"number": case.number}, add_rows=bigger)


def test_case_materials(dept, item, applicant):
    case = portal.application_start(item=item, by=applicant)

    def bigger():
        big = portal.application_start(item=big_item(dept), by=applicant)
        return reverse("portal:case-materials", kwargs={"number": big.number})

    assert_budget(page_client(applicant), "portal:case-materials", kwargs={"number": case.number}, add_rows=bigger)


def test_apply(dept, item, applicant):
    def bigger():
        return reverse("portal:apply", kwargs={"code": big_item(dept).code})

    assert_budget(page_client(applicant), "portal:apply", kwargs={"code": item.code}, add_rows=bigger)


@pytest.mark.parametrize("route", ["portal:library", "portal-api-library"])
def test_library(applicant, route):
    def files(n):
        def make():
            for i in range(n):
                portal.library_add_upload(owner=applicant, file=pdf_upload(f"证件{i}.pdf"), name=f"证件{i}")

        return make

    files(2)()
    client = (api_client if route.startswith("portal-api") else page_client)(applicant)
    assert_budget(client, route, add_rows=files(5))


@pytest.mark.parametrize("route", ["portal:verify", "portal-api-verify"])
def test_verify(dept, item, applicant, cast, route):
    def verified(case_item):
        case = granted_ready_case(item=case_item, by=applicant, cast=cast)
        result, _ = portal.certificate_download(case=case, by=applicant, base_url="https://hall.example.cn")
        return reverse(route, kwargs={"code": result.verification_code})

    url = verified(item)
    assert_budget(page_client(None), route, url=url, add_rows=lambda: verified(big_item(dept)))


def test_progress_api(dept, item, applicant, cast):
    case = submitted_case(item=item, by=applicant)

    def bigger():
        big = granted_ready_case(item=big_item(dept), by=applicant, cast=cast)
        return reverse("portal-api-progress") + f"?number={big.number}&query_code={big.query_code}"

    query = f"?number={case.number}&query_code={case.query_code}"
    assert_budget(page_client(None), "portal-api-progress", query=query, add_rows=bigger)


@pytest.mark.parametrize("route", ["portal:progress", "portal:register", "portal:login"])
def test_public_forms(route):
    assert_budget(page_client(None), route, add_rows=lambda: None)
