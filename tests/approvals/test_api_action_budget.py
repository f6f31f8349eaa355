"""An action request reads the case once and answers compactly: a ceiling on its SQL statements.

Counted as a client sees it (token auth, one request per action). Not counted: SAVEPOINT /
RELEASE (transaction bookkeeping), django_session, and the working-day calendar's per-process
cache refresh (catalog.clock reads it at most every few seconds, not per request).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from approvals.models import Case
from tests.factories import applicant_data

pytestmark = pytest.mark.django_db

# Issue 22 asked for at most 8. Now: the case looked up and locked, one guard's read, the case's
# UPDATE and its event's INSERT (the outbox row comes with it, from the database's trigger); the
# token is read only on a clerk's first request (accounts.token_cache).
PER_ACTION = 4
# Issuing also checks the result number is free and writes the Result row.
ALLOWANCE = {"issue": 1}
COMPACT_KEYS = {
    "number",
    "state",
    "state_display",
    "level",
    "accepted_at",
    "deadline_at",
    "warn_at",
    "auto_accept_at",
    "provisional",
    "remaining",
    "current_step",
    "current_step_name",
    "actions",
}


def _counted(ctx):
    return [
        q["sql"]
        for q in ctx.captured_queries
        if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT"))
        and "django_session" not in q["sql"]
        and "catalog_calendarday" not in q["sql"]
    ]


class Clients:
    def __init__(self):
        self._clients = {}

    def __call__(self, user):
        if user.pk not in self._clients:
            client = APIClient()
            client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
            self._clients[user.pk] = client
        return self._clients[user.pk]


def _post(client, url, body=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(url, body or {}, format="json")
    return response, _counted(ctx)


def _walk(item, cast):
    """The REST lifecycle; yields (slug, response, statements) for each request."""
    clients = Clients()
    response, sql = _post(
        clients(cast.desk), "/api/v1/cases/", {"item": item.code, "channel": "window", "applicant": applicant_data()}
    )
    yield "create", response, sql
    number = response.json()["number"]
    for material in response.json()["materials"]:
        body = {"requirement": material["id"], "paper": "original"}
        yield ("material", *_post(clients(cast.desk), f"/api/v1/cases/{number}/materials/", body))
    steps = [(cast.desk, "dispatch", None), (cast.chief, "acknowledge", None)]
    for user, slug, body in steps:
        yield (slug, *_post(clients(user), f"/api/v1/cases/{number}/{slug}/", body))
    while Case.objects.get(number=number).has_next_step():
        yield ("advance", *_post(clients(cast.reviewer), f"/api/v1/cases/{number}/advance/"))
    yield ("decide", *_post(clients(cast.chief), f"/api/v1/cases/{number}/decide/", {"outcome": "granted"}))
    yield ("issue", *_post(clients(cast.reviewer), f"/api/v1/cases/{number}/issue/"))
    collector = Case.objects.get(number=number).applicant_id_number
    body = {"method": "pickup", "collector_id_number": collector}
    yield ("deliver", *_post(clients(cast.delivery), f"/api/v1/cases/{number}/deliver/", body))


def test_each_action_request_stays_under_the_ceiling_and_answers_compactly(item, cast):
    seen = []
    for slug, response, sql in _walk(item, cast):
        assert response.status_code in (200, 201), (slug, response.content.decode())
        if slug == "create":  # the window's hall, the version check, the number, the rows, the audit
            assert len(sql) <= 19, (slug, len(sql), "\n".join(s[:160] for s in sql))
            continue
        if slug == "material":  # lock, the material read and written, the case, its event
            assert len(sql) <= 5, (slug, len(sql), "\n".join(s[:160] for s in sql))
            continue
        seen.append(slug)
        assert len(sql) <= PER_ACTION + ALLOWANCE.get(slug, 0), (slug, len(sql), "\n".join(s[:160] for s in sql))
        # One look-up of the case (the plain, visibility-scoped one) and one lock by key.
        case_reads = [s for s in sql if s.startswith("SELECT") and 'FROM "approvals_case"' in s]
        assert len(case_reads) <= 2, (slug, case_reads)
        assert not any("CASE WHEN" in s for s in case_reads), slug  # no level annotation on writes
        data = response.json()
        assert set(data) == COMPACT_KEYS, slug
    assert seen[:2] == ["dispatch", "acknowledge"] and seen[-3:] == ["decide", "issue", "deliver"]


def test_the_compact_answer_carries_state_clock_and_next_actions(item, cast):
    answers = {slug: response.json() for slug, response, _sql in _walk(item, cast)}
    acknowledged = answers["acknowledge"]
    assert acknowledged["state"] == "in_review" and acknowledged["level"] == "green"
    assert acknowledged["accepted_at"] and acknowledged["deadline_at"] and acknowledged["warn_at"]
    assert isinstance(acknowledged["remaining"], int) and acknowledged["remaining"] >= 0
    assert acknowledged["actions"]  # the chief may go on (advance, suspend, ...)
    assert answers["dispatch"]["auto_accept_at"] and answers["dispatch"]["level"] == "none"
    assert answers["deliver"]["state"] == "delivered" and answers["deliver"]["actions"] == []
    assert "timeline" not in answers["deliver"] and "materials" not in answers["deliver"]


def test_a_lifecycle_of_requests_stays_under_its_total(item, cast):
    counts = [(slug, len(sql)) for slug, _response, sql in _walk(item, cast)]
    total = sum(n for _slug, n in counts)
    print(counts, total)
    # create, 3 materials, dispatch, acknowledge, advances, decide, issue, deliver: 62. It was 110
    # before the requests joined one transaction and the create answer came from what it wrote,
    # 80 before the outbox row came from the event's INSERT and token look-ups were cached.
    assert total <= 62, total


def test_only_each_clerks_first_request_reads_the_token(item, cast, settings):
    """Token look-ups are cached (accounts.token_cache): a client's later requests skip that query."""
    settings.HALL_API_TOKEN_CACHE_SECONDS = 60
    reads = [slug for slug, _response, sql in _walk(item, cast) if any('"authtoken_token"' in s for s in sql)]
    assert reads == ["create", "acknowledge", "advance", "deliver"]  # desk, chief, reviewer, delivery


def test_the_create_answer_is_the_case_as_get_shows_it(item, cast):
    """Create answers from what it wrote (no re-read): the same materials, timeline and clock as a GET."""
    client = Clients()(cast.desk)
    created = client.post(
        "/api/v1/cases/", {"item": item.code, "channel": "window", "applicant": applicant_data()}, format="json"
    )
    assert created.status_code == 201, created.content.decode()
    shown = client.get(f"/api/v1/cases/{created.json()['number']}/").json()
    for key in ("number", "state", "level", "materials", "timeline", "result", "actions", "applicant_id_number"):
        assert created.json()[key] == shown[key], key
    assert [m["id"] for m in shown["materials"]] == sorted(m["id"] for m in shown["materials"])
    assert [e["action"] for e in shown["timeline"]] == ["create"]


def test_a_material_knows_whether_its_file_changed_since_it_was_read(item, cast):
    from django.core.files.base import ContentFile

    from approvals.models import CaseMaterial
    from approvals.services import case_create

    case = case_create(item=item, channel="window", applicant=applicant_data(), by=cast.desk)
    material = CaseMaterial.objects.filter(case=case).first()
    assert material.file_changed_since_read is False
    material.paper_originals += 1  # paper: the file is untouched
    assert material.file_changed_since_read is False
    material.file.save("scan.pdf", ContentFile(b"%PDF-1.4"), save=False)
    assert material.file_changed_since_read is True
    assert CaseMaterial(case=case, requirement_id=99).file_changed_since_read is True  # never read: unknown
