"""Lists do not run a query per row."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.portal.helpers import submitted_case


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_my_cases_and_detail_queries_do_not_grow_with_rows(client_of, item, applicant):
    client = client_of(applicant)
    first = submitted_case(item=item, by=applicant)
    one = _count(client, reverse("portal:my-cases"))
    one_detail = _count(client, reverse("portal:case-detail", kwargs={"number": first.number}))
    for _ in range(4):
        submitted_case(item=item, by=applicant)
    assert _count(client, reverse("portal:my-cases")) == one
    assert _count(client, reverse("portal:case-detail", kwargs={"number": first.number})) == one_detail
    assert one_detail <= 15
