"""One table of case actions: the API, the workbench and the portal agree with it.

Fails when an endpoint, a workbench button or a portal action exists that the table does not
list (or the other way round), when a row names a transition, event or form the service
cannot take, and when the OpenAPI body of an action is not its row's form.
"""

import inspect
import re

import pytest
import yaml
from django.urls import get_resolver, resolve
from django_fsm import can_proceed
from rest_framework.test import APIClient

from approvals import actions, services
from approvals.api.views import CaseActionView
from approvals.constants import Action
from approvals.models import Case
from hall.constants import Role
from portal.selectors import case_actions
from tests.approvals.api_helpers import client_for
from tests.factories import make_applicant_user, make_case, make_staff

pytestmark = pytest.mark.django_db

STATES = ["draft", "submitted", "received", "supplement_requested", "dispatched", "in_review", "suspended",
          "denied", "ready", "delivered", "withdrawn"]  # fmt: skip


def test_every_row_is_well_formed_and_urge_is_registered_by_supervision():
    slugs = [row.slug for row in actions.rows()]
    assert len(slugs) == len(set(slugs))
    assert "urge" in slugs and actions.get("urge").service.__module__.startswith("supervision")
    for row in actions.rows():
        assert row.event in Action.values, row.slug
        assert (row.transition is None) != (not row.states), f"{row.slug}: a transition or states, not both"
        if row.transition:
            assert callable(getattr(Case, row.transition)), row.slug
        # The form's fields are the service's keyword arguments (run() passes them through).
        parameters = inspect.signature(row.service).parameters
        assert {"case", "by"} <= set(parameters), row.slug
        fields = set(row.form.base_fields) - set(row.form.input_only)  # input_only: folded in by clean()
        assert fields <= set(parameters), (row.slug, fields - set(parameters))
        assert str(row.label) and str(row.done) and str(row.summary)


def _api_action_slugs():
    """The slugs of every URL served by the generic action view, and the views behind cases/<n>/<x>/."""
    served, others = {}, set()
    for pattern in get_resolver().url_patterns:
        if str(pattern.pattern) != "api/v1/":
            continue
        for included in pattern.url_patterns:
            for sub in getattr(included, "url_patterns", [included]):
                match = re.fullmatch(r"cases/<str:number>/([\w-]+)/", str(sub.pattern))
                if not match:
                    continue
                view = sub.callback
                if getattr(view, "cls", None) is CaseActionView:
                    served[match.group(1)] = view.view_initkwargs["row"]
                else:
                    others.add(match.group(1))
    return served, others


def test_the_api_serves_exactly_the_rows_of_the_table():
    served, others = _api_action_slugs()
    assert set(served) == {row.slug for row in actions.rows(on=actions.API)}
    assert all(served[slug] is actions.get(slug) for slug in served)
    assert others == {"events", "materials"}  # sub-resources, not actions
    for slug in served:
        assert resolve(f"/api/v1/cases/X-1/{slug}/").func.view_initkwargs["row"].slug == slug


def test_the_portal_api_serves_the_portal_rows_with_their_forms():
    from portal.api.views import CaseActionView as PortalActionView

    rows = {}
    for name in ("submit", "supplement", "withdraw", "delivery"):
        match = resolve(f"/api/v1/portal/cases/X-1/{name}/")
        assert match.func.cls is PortalActionView, name
        rows[name] = match.func.view_initkwargs["row"]
    assert set(rows.values()) == set(actions.rows(on=actions.PORTAL))


def _workbench_actions(html):
    """The action slugs the case page offers, in page order (the 督办 card is counted apart)."""
    seen = []
    for slug in re.findall(r'data-action="([\w-]+)"', html):
        if slug not in seen:
            seen.append(slug)
    return seen


def test_workbench_api_and_portal_offer_what_the_table_says(item, cast):
    applicant = make_applicant_user()
    supervisor = make_staff(role=Role.SUPERVISOR)
    staff = [cast.desk, cast.special, cast.reviewer, cast.chief, cast.delivery, supervisor]
    checked = set()
    for state in [*STATES, "at-decision"]:
        case = make_case(state=state.replace("at-decision", "in_review"), item=item, cast=cast, applicant=applicant,
                         channel="online")  # fmt: skip
        while state == "at-decision" and case.has_next_step():
            case = services.case_advance(case=case, by=cast.reviewer)
        case = Case.objects.get(pk=case.pk)
        for user in [*staff, applicant]:
            offered = [row for row in actions.rows() if row.offered(user, case)]
            checked.update(row.slug for row in offered)
            # The API's `actions` list: the transitions among them, for whoever may see the case.
            detail = client_for(user).get(f"/api/v1/cases/{case.number}/")
            if detail.status_code == 200:
                expected = [row.slug for row in offered if actions.API in row.on and row.transition]
                assert detail.json()["actions"] == expected, (state, user)
                for row in offered:
                    assert can_proceed(getattr(case, row.transition)) if row.transition else case.state in row.states
            if user is applicant:
                flags = case_actions(case, user=applicant)
                portal_rows = actions.rows(on=actions.PORTAL)
                assert {r.slug.replace("-", "_"): flags[r.slug.replace("-", "_")] for r in portal_rows} == {
                    r.slug.replace("-", "_"): r in offered for r in portal_rows
                }, state
                continue
            page = client_for(None)
            page.force_login(user)
            response = page.get(f"/workbench/cases/{case.number}/")
            if response.status_code != 200:
                continue
            html = response.content.decode()
            on_page = _workbench_actions(html)
            wanted = [row.slug for row in offered if actions.WORKBENCH in row.on]
            assert [slug for slug in on_page if slug != "urge"] == wanted, (state, user)
            assert ("urge" in on_page) == (actions.get("urge") in offered), (state, user)
    # The matrix reached every row that the pages or the portal offer.
    assert {row.slug for row in actions.rows() if row.on & {actions.WORKBENCH, actions.PORTAL}} <= checked | {
        "accept-on-the-spot",  # instant items only: covered in test_workbench_case
        # between two halls only (a single-hall case never offers them): covered in tests/network
        *("send-paper", "receive-paper", "send-result", "receive-result"),
    }


def test_workbench_posts_only_to_its_rows(item, cast):
    case = make_case(state="received", item=item, cast=cast)
    client = APIClient()
    client.force_login(cast.desk)
    for row in actions.rows():
        response = client.post(f"/workbench/cases/{case.number}/{row.slug}/", {})
        if actions.WORKBENCH not in row.on:
            assert response.status_code == 404, row.slug
    assert client.post(f"/workbench/cases/{case.number}/no-such-action/", {}).status_code == 404


def test_the_schema_documents_each_action_body_from_its_form():
    schema = yaml.safe_load(APIClient().get("/api/schema/").content)
    components = schema["components"]["schemas"]
    for row in actions.rows(on=actions.API):
        operation = schema["paths"][f"/api/v1/cases/{{number}}/{row.slug}/"]["post"]
        assert operation["operationId"] == f"cases_{row.slug.replace('-', '_')}"
        assert operation["summary"] == str(row.summary)
        assert {"200", "400", "401", "403", "404", "409"} <= set(operation["responses"]), row.slug
        body = operation["requestBody"]["content"]["application/json"]["schema"]
        component = components[body["$ref"].rsplit("/", 1)[-1]]
        form_fields = row.form.base_fields
        assert set(component["properties"]) == set(form_fields), row.slug
        required = {name for name, field in form_fields.items() if field.required}
        assert set(component.get("required", [])) == required, row.slug
        for name, field in form_fields.items():
            prop = component["properties"][name]
            assert prop.get("title") == str(field.label), (row.slug, name)
            if getattr(field, "max_length", None):
                assert prop["maxLength"] == field.max_length, (row.slug, name)
            if "allOf" in prop:  # a choice: the enum is the form's choices
                enum = components[prop["allOf"][0]["$ref"].rsplit("/", 1)[-1]]["enum"]
                assert set(enum) == {value for value, _label in field.choices}, (row.slug, name)
