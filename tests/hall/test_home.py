import pytest


@pytest.mark.django_db
def test_home_page_says_what_the_hall_is_in_chinese(client):
    response = client.get("/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "一窗受理" in body
    assert 'lang="zh-hans"' in body
    assert 'href="/api/docs/"' in body
    assert 'href="/admin/"' in body


@pytest.mark.django_db
def test_english_is_available_when_the_user_picks_it_and_the_choice_is_remembered(client):
    chosen = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert chosen.status_code == 302
    assert 'lang="en"' in client.get("/").content.decode()
    assert 'lang="en"' in client.get("/guide/").content.decode()  # remembered on the next page


@pytest.mark.django_db
def test_the_browser_language_alone_does_not_switch_to_english(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="zh-hans"' in response.content.decode()


@pytest.mark.django_db
def test_healthz_reports_database_ok(client):
    assert client.get("/healthz").json() == {"status": "ok"}


@pytest.mark.django_db
def test_openapi_schema_is_served(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert b"/api/v1/auth/token/" in response.content


@pytest.mark.django_db
def test_token_endpoint_is_rate_limited_per_client(client, django_user_model):
    django_user_model.objects.create_user(username="clerk", password="right-password-2026")
    statuses = [
        client.post("/api/v1/auth/token/", {"username": "clerk", "password": f"guess-{n}"}).status_code
        for n in range(25)
    ]
    assert statuses[0] == 400 and 429 in statuses
    right = {"username": "clerk", "password": "right-password-2026"}
    assert client.post("/api/v1/auth/token/", right).status_code == 429


def test_uploaded_files_have_no_public_url():
    """Case materials are personal data: only the permission-checked views serve them."""
    from django.urls import Resolver404, resolve

    with pytest.raises(Resolver404):
        resolve("/media/cases/SCJG-20261122-0001/1-材料.pdf")
