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
def test_english_is_available(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert 'lang="en"' in response.content.decode()


@pytest.mark.django_db
def test_healthz_reports_database_ok(client):
    assert client.get("/healthz").json() == {"status": "ok"}


@pytest.mark.django_db
def test_openapi_schema_is_served(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert b"/api/v1/auth/token/" in response.content
