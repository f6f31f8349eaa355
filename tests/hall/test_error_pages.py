"""403 and 404 are the hall's own pages, in the user's language, with a way back — never
Django's technical pages, also with DEBUG on (as `make run` runs)."""

import pytest
from django.test import override_settings

from hall.constants import Role
from tests.factories import make_applicant_user, make_staff

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("debug", [False, True])
def test_unknown_page_is_the_halls_404_in_chinese(client, debug):
    with override_settings(DEBUG=debug):
        response = client.get("/no-such-page/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in body and 'href="/"' in body
    assert "Page not found" not in body and "Using the URLconf" not in body


@pytest.mark.parametrize("debug", [False, True])
def test_a_404_raised_by_a_view_is_the_halls_page_too(client, debug):
    with override_settings(DEBUG=debug):
        response = client.get("/guide/NO-SUCH-ITEM/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_404_is_english_for_a_user_who_picked_english(client):
    client.cookies["django_language"] = "en"
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert 'lang="en"' in response.content.decode()


@pytest.mark.parametrize("debug", [False, True])
def test_a_page_the_user_may_not_open_is_the_halls_403_or_404(client, debug):
    client.force_login(make_applicant_user())
    with override_settings(DEBUG=debug):
        response = client.get("/board/")
    assert response.status_code in (403, 404)
    body = response.content.decode()
    assert "error-page" in body and 'href="/"' in body


def test_api_404_stays_json(client):
    client.force_login(make_staff(role=Role.SUPERVISOR))
    response = client.get("/api/v1/cases/NO-SUCH/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


def test_api_docs_use_the_projects_own_static_files(client):
    body = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in body
    assert "cdn.jsdelivr" not in body and "unpkg" not in body
