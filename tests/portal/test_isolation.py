"""Another applicant sees nothing of the first one's: pages and API answer 404, by URL guessing too."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from approvals.constants import CaseState
from portal import services as portal
from tests.factories import pdf_upload
from tests.portal.helpers import granted_ready_case


@pytest.fixture
def first_case(item, applicant, cast):
    return granted_ready_case(item=item, by=applicant, cast=cast)


def test_pages_of_anothers_case_are_404(client, first_case, applicant2):
    client.force_login(applicant2)
    number = first_case.number
    for name in ("portal:case-detail", "portal:case-materials", "portal:delivery", "portal:certificate"):
        assert client.get(reverse(name, kwargs={"number": number})).status_code == 404, name
    for name in ("portal:withdraw", "portal:delivery", "portal:certificate", "portal:case-materials"):
        assert client.post(reverse(name, kwargs={"number": number}), {"method": "pickup"}).status_code == 404, name
    listing = client.get(reverse("portal:my-cases")).content.decode()
    assert number not in listing
    first_case.refresh_from_db()
    assert first_case.state == CaseState.READY  # nothing moved


def test_library_files_of_another_are_404(client, applicant, applicant2):
    mine = portal.library_add_upload(owner=applicant, file=pdf_upload(name="身份证.pdf"))
    client.force_login(applicant2)
    assert client.get(reverse("portal:library-file", kwargs={"pk": mine.pk})).status_code == 404
    assert "身份证" not in client.get(reverse("portal:library")).content.decode()
    client.force_login(applicant)
    assert client.get(reverse("portal:library-file", kwargs={"pk": mine.pk})).status_code == 200


def test_api_of_anothers_case_is_404(first_case, applicant2):
    client = APIClient()
    client.force_authenticate(applicant2)
    number = first_case.number
    assert client.get(f"/api/v1/portal/cases/{number}/").status_code == 404
    for action in ("materials", "submit", "supplement", "withdraw", "delivery", "certificate"):
        assert client.post(f"/api/v1/portal/cases/{number}/{action}/", {}, format="json").status_code == 404, action
    assert client.get("/api/v1/portal/cases/").json()["count"] == 0
    assert client.get("/api/v1/portal/library/").json()["count"] == 0


def test_anonymous_gets_nothing_personal(client, first_case):
    response = client.get(reverse("portal:case-detail", kwargs={"number": first_case.number}))
    assert response.status_code == 302
    api = APIClient()
    assert api.get(f"/api/v1/portal/cases/{first_case.number}/").status_code in (401, 403)
    assert api.get("/api/v1/portal/library/").status_code in (401, 403)
