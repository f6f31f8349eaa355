"""代办 of a whole 一件事: the agent applies for the chain under the applicant's authorisation; every
case shows both; revocation stops the agent (no new application, no case, no chain page, no later item)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from approvals import selectors as case_selectors
from approvals import services as case_services
from approvals.constants import CaseState
from catalog.models import Chain, ChainStep
from chains import selectors as chain_selectors
from chains.constants import RunState
from hall import clock as hall_clock
from projects import services
from projects.constants import AuthorisationMethod, AuthorisationScope
from projects.services import ProjectsConflict
from tests.chains.helpers import chain_files, grant, make_chain
from tests.factories import make_applicant_user, pdf_upload
from tests.projects.conftest import paper_authorisation

pytestmark = pytest.mark.django_db


def _files():
    return chain_files()


def test_agent_applies_for_the_chain_every_case_shows_both_then_revocation_stops_him(applicant, agent, desk):
    chain, items = make_chain(serial=True)
    auth = paper_authorisation(applicant=applicant, agent=agent, by=desk, chains=[chain])
    app = services.agent_apply_chain(authorisation=auth, chain=chain, by=agent.user, files=_files())
    assert app.channel == "agent" and app.applicant_user == applicant and app.submitted_by == agent.user
    assert agent.certificate_number in app.agent_name
    first = app.runs.get(position=1).case
    assert first.state == CaseState.SUBMITTED
    assert first.agent == agent.user and first.applicant_user == applicant
    assert agent.certificate_number in first.agent_name
    assert first.applicant_name == applicant.applicant_profile.name
    assert first.events.get(action="submit").actor == agent.user
    # both see the chain application and the case
    assert chain_selectors.applications_visible_to(agent.user).filter(pk=app.pk).exists()
    assert chain_selectors.applications_visible_to(applicant).filter(pk=app.pk).exists()
    assert case_selectors.cases_visible_to(applicant).filter(pk=first.pk).exists()

    # the prerequisite is granted: the next item is applied for by the agent, for the applicant
    grant(first)
    second = app.runs.get(position=2)
    second.refresh_from_db()
    assert second.state == RunState.RUNNING
    assert second.case.agent == agent.user and second.case.applicant_user == applicant
    assert second.case.state == CaseState.SUBMITTED
    assert agent.certificate_number in second.case.agent_name
    case_selectors.case_get_visible(user=agent.user, number=second.case.number)

    services.authorisation_revoke(authorisation=auth, by=applicant, reason="自己办理")
    with pytest.raises(ProjectsConflict):
        services.agent_apply_chain(authorisation=auth, chain=chain, by=agent.user, files=_files())
    with pytest.raises(Http404):
        case_selectors.case_get_visible(user=agent.user, number=second.case.number)
    with pytest.raises(PermissionDenied):
        case_services.case_withdraw(case=second.case, by=agent.user, reason="代办员撤回")
    with pytest.raises(Http404):
        chain_selectors.application_get(user=agent.user, number=app.number)
    # the applicant still has everything
    chain_selectors.application_get(user=applicant, number=app.number)

    # the next item is not applied for by the agent any more: it stops with a clear reason
    grant(second.case)
    third = app.runs.get(position=3)
    assert third.case is None and third.state == RunState.ENDED
    assert "委托书" in third.reason


def test_chain_outside_the_authorisation_other_agent_and_unconfirmed_are_refused(
    applicant, agent, other_agent, desk, hall_admin
):
    chain, items = make_chain()
    other = Chain.objects.create(code="other-chain", name="其他一件事")
    ChainStep.objects.create(chain=other, position=1, item=items[0])
    auth = paper_authorisation(applicant=applicant, agent=agent, by=desk, chains=[chain])
    with pytest.raises(ValidationError, match="委托范围"):
        services.agent_apply_chain(authorisation=auth, chain=other, by=agent.user, files=_files())
    with pytest.raises(PermissionDenied):
        services.agent_apply_chain(authorisation=auth, chain=chain, by=other_agent.user, files=_files())
    today = hall_clock.localdate()
    pending = services.authorisation_create(
        applicant=applicant,
        agent=agent,
        scope=AuthorisationScope.APPLY,
        valid_from=today,
        valid_until=today + timedelta(days=10),
        method=AuthorisationMethod.ONLINE,
        chains=[chain],
        by=desk,
    )
    with pytest.raises(ProjectsConflict, match="未生效"):
        services.agent_apply_chain(authorisation=pending, chain=chain, by=agent.user, files=_files())
    services.authorisation_confirm(authorisation=pending, by=applicant)
    app = services.agent_apply_chain(authorisation=pending, chain=chain, by=agent.user, files=_files())
    assert app.runs.filter(case__agent=agent.user).count() == 3


def test_missing_material_is_a_clear_error_and_paper_is_refused(applicant, agent, desk):
    chain, _items = make_chain()
    auth = paper_authorisation(applicant=applicant, agent=agent, by=desk, chains=[chain])
    files = _files()
    files.pop("营业执照")
    with pytest.raises(ValidationError, match="营业执照"):
        services.agent_apply_chain(authorisation=auth, chain=chain, by=agent.user, files=files)
    from chains.services import chain_application_submit

    with pytest.raises(PermissionDenied):
        chain_application_submit(
            chain=chain, by=agent.user, channel="agent", on_behalf_of=applicant, paper={"营业执照": "original"}
        )
    with pytest.raises(ValidationError):
        chain_application_submit(chain=chain, by=agent.user, channel="window", on_behalf_of=applicant)
    # without an authorisation for this applicant, the agent cannot apply through chains directly
    with pytest.raises(PermissionDenied, match="委托书"):
        chain_application_submit(
            chain=chain, by=agent.user, channel="agent", on_behalf_of=make_applicant_user(), files=_files()
        )


def _post_files(chain):
    from chains.selectors import merged_materials

    return {m.field_name: pdf_upload(f"{m.name}.pdf") for m in merged_materials(chain=chain)}


def test_apply_chain_page_and_its_scoping(client, applicant, agent, other_agent, desk):
    chain, _items = make_chain()
    auth = paper_authorisation(applicant=applicant, agent=agent, by=desk, chains=[chain])
    url = reverse("projects:agent-apply-chain", args=[auth.pk, chain.code])
    page = reverse("projects:authorisation", args=[auth.pk])
    assert client.post(url, _post_files(chain)).status_code == 302  # anonymous → login
    assert "login" in client.post(url, _post_files(chain))["Location"]
    client.force_login(other_agent.user)
    assert client.post(url, _post_files(chain)).status_code == 404
    client.force_login(applicant)
    assert client.post(url, _post_files(chain)).status_code == 404
    client.force_login(agent.user)
    assert "代为申请一件事" in client.get(page).content.decode()
    assert client.post(reverse("projects:agent-apply-chain", args=[auth.pk, "no-such"])).status_code == 404
    response = client.post(url, {"business_name": "示范有限公司"})
    assert response.status_code == 400
    assert "尚未提供" in response.content.decode()
    response = client.post(url, {"business_name": "示范有限公司", **_post_files(chain)})
    assert response.status_code == 302
    app = chain_selectors.applications_visible_to(agent.user).get()
    assert app.form_data["business_name"] == "示范有限公司"
    body = client.get(page).content.decode()
    assert app.number in body and "依此代办的一件事" in body
    assert client.get(reverse("chains:staff-detail", args=[app.number])).status_code == 200
    services.authorisation_revoke(authorisation=auth, by=applicant)
    response = client.post(url, _post_files(chain))
    assert response.status_code in (404, 409)
    assert client.get(reverse("chains:staff-detail", args=[app.number])).status_code == 404
