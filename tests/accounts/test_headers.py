"""Content-Security-Policy with no inline script, Permissions-Policy, and no-store on every
page with personal data (staff workbench, portal cases, API case responses)."""

import re
from pathlib import Path

import pytest
from rest_framework.test import APIClient

from hall.constants import Role
from tests.factories import Cast, make_applicant_user, make_case, make_department, make_item, make_staff

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    dept = make_department(code="scjg", name="市场监管局")
    item = make_item(department=dept, online=True)
    cast = Cast(dept)
    applicant = make_applicant_user(username="applicant")
    case = make_case(state="received", item=item, cast=cast)
    online = make_case(state="submitted", item=item, cast=cast, applicant=applicant, channel="online")
    return {"cast": cast, "case": case, "online": online, "applicant": applicant}


def _csp(response):
    return response.headers.get("Content-Security-Policy", "")


def _directive(policy, name):
    for part in policy.split(";"):
        bits = part.split()
        if bits and bits[0] == name:
            return bits[1:]
    return None


def test_staff_pages_send_a_strict_csp_and_permissions_policy(client, world):
    supervisor = make_staff(role=Role.SUPERVISOR)
    for user, url in [
        (world["cast"].desk, "/workbench/desk/"),
        (world["cast"].desk, f"/workbench/cases/{world['case'].number}/"),
        (world["cast"].reviewer, "/workbench/inbox/"),
        (supervisor, "/board/"),
    ]:
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, url
        policy = _csp(response)
        assert _directive(policy, "script-src") == ["'self'"], url
        assert _directive(policy, "object-src") == ["'none'"]
        assert _directive(policy, "frame-ancestors") == ["'none'"]
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert "camera=()" in response.headers["Permissions-Policy"]
        body = response.content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body), f"inline <script> on {url}"
        assert not re.search(r"\son[a-z]+\s*=", body), f"inline event handler on {url}"


def test_public_pages_send_csp_too(client):
    for url in ["/", "/accounts/login/", "/online/login/", "/admin/login/"]:
        response = client.get(url)
        assert _directive(_csp(response), "script-src") == ["'self'"], url


def test_personal_data_is_never_stored_by_a_browser_or_proxy(client, world):
    client.force_login(world["cast"].desk)
    for url in ["/workbench/desk/", f"/workbench/cases/{world['case'].number}/"]:
        assert "no-store" in client.get(url).headers["Cache-Control"], url
    client.force_login(world["applicant"])
    for url in ["/online/cases/", f"/online/cases/{world['online'].number}/"]:
        response = client.get(url)
        assert response.status_code == 200 and "no-store" in response.headers["Cache-Control"], url
    api = APIClient()
    api.force_authenticate(world["cast"].desk)
    response = api.get(f"/api/v1/cases/{world['case'].number}/")
    assert response.status_code == 200 and "no-store" in response.headers["Cache-Control"]
    assert "no-store" in APIClient().get("/api/v1/cases/").headers["Cache-Control"]  # even a 401


def test_public_guide_pages_stay_cacheable(client):
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")


# --- Templates carry no inline script ---------------------------------------------------------

_TEMPLATE_DIRS = [ROOT / "templates", *sorted(p for p in ROOT.glob("*/templates") if ".venv" not in p.parts)]
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)
_INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
_JS_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']\s*javascript:""", re.I)


def _templates():
    return [path for directory in _TEMPLATE_DIRS for path in directory.rglob("*.html")]


def test_templates_were_found():
    names = {p.name for p in _templates()}
    assert {"base.html", "desk.html", "board.html", "guide_list.html"} <= names


@pytest.mark.parametrize("pattern", [_INLINE_SCRIPT, _INLINE_HANDLER, _JS_URL], ids=["script", "handler", "js-url"])
def test_no_template_has_inline_script(pattern):
    offenders = []
    for path in _templates():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:100]}")
    assert offenders == []


def test_api_docs_load_from_the_projects_own_static_files_and_no_inline_script(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    script_src = _directive(_csp(response), "script-src")
    assert script_src == ["'self'"]  # Swagger UI is served by drf-spectacular-sidecar: no CDN
    assert not _INLINE_SCRIPT.search(response.content.decode())
