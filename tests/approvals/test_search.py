"""Find any case: the header search box and GET /api/v1/cases/?q=, always scoped by visibility."""

import pytest
from django.urls import reverse

from tests.factories import (
    Cast,
    applicant_data,
    make_applicant_user,
    make_case,
    make_department,
    make_item,
    resident_id,
)

pytestmark = pytest.mark.django_db

API = "/api/v1/cases/"


def numbers(response):
    assert response.status_code == 200, response.content
    return {row["number"] for row in response.json()["results"]}


@pytest.fixture
def two_cases(cast, item):
    """The same person applied in two departments (same ID number, phone and name)."""
    person = applicant_data(name="周找件", id_number=resident_id(), phone="13955550001")
    mine = make_case(state="in_review", item=item, cast=cast, applicant=person)
    other_dept = make_department(code="zjj", name="住建局")
    other = make_case(state="in_review", item=make_item(department=other_dept), cast=Cast(other_dept), applicant=person)
    return person, mine, other


def test_api_finds_by_number_name_id_phone_and_query_code(client, cast, two_cases):
    person, mine, other = two_cases
    client.force_login(cast.desk)  # a comprehensive window sees both departments
    for q in (mine.number, "周找件", person["id_number"], person["phone"], "139 5555 0001", mine.query_code):
        found = numbers(client.get(API, {"q": q}))
        assert mine.number in found, q
    assert numbers(client.get(API, {"q": mine.query_code.lower()})) >= {mine.number}
    assert numbers(client.get(API, {"q": person["id_number"][:10]})) == set()  # ID numbers only exact


def test_api_search_never_matches_another_departments_case(client, cast, two_cases):
    person, mine, other = two_cases
    client.force_login(cast.reviewer)
    for q in (other.number, "周找件", person["id_number"], person["phone"], other.query_code):
        found = numbers(client.get(API, {"q": q}))
        assert other.number not in found, q
    assert numbers(client.get(API, {"q": person["id_number"]})) == {mine.number}


def test_api_search_never_matches_another_applicants_case(client, item, cast):
    alice, bob = make_applicant_user(name="甲申请"), make_applicant_user(name="乙申请")
    theirs = make_case(state="submitted", item=item, cast=cast, channel="online", applicant=bob)
    client.force_login(alice)
    for q in (
        theirs.number,
        theirs.applicant_name,
        theirs.applicant_id_number,
        theirs.applicant_phone,
        theirs.query_code,
    ):
        assert numbers(client.get(API, {"q": q})) == set(), q
    client.force_login(bob)
    assert numbers(client.get(API, {"q": theirs.query_code})) == {theirs.number}


def test_api_search_for_anonymous_is_refused(client, two_cases):
    assert client.get(API, {"q": "周找件"}).status_code in (401, 403)


def test_results_page_is_scoped_and_the_box_is_on_every_staff_page(client, cast, two_cases):
    person, mine, other = two_cases
    client.force_login(cast.reviewer)
    inbox = client.get(reverse("approvals:inbox")).content.decode()
    assert 'action="/workbench/search/"' in inbox and 'name="q"' in inbox
    assert 'method="post"' in inbox  # an ID number typed there stays out of URLs and access logs
    page = client.post(reverse("approvals:search"), {"q": person["id_number"]}).content.decode()
    assert mine.number in page and other.number not in page
    assert page.count(person["id_number"]) == 2  # only in the two search boxes: masked in the list
    empty = client.get(reverse("approvals:search"), {"q": "无此人"}).content.decode()
    assert "没有找到您有权查看的匹配办件" in empty


def test_results_page_anonymous_goes_to_login_and_applicants_are_refused(client, item, cast):
    response = client.get(reverse("approvals:search"), {"q": "x"})
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(make_applicant_user())
    assert client.get(reverse("approvals:search"), {"q": "x"}).status_code == 403
