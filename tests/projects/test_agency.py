"""代办: an agent acts for the applicant only under a live authorisation; revocation stops it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from approvals import selectors as case_selectors
from approvals import services as case_services
from approvals.constants import CaseState
from projects import selectors, services
from projects.constants import AuthorisationState
from tests.factories import make_applicant_user, make_item, upload_required_materials
from tests.projects.conftest import paper_authorisation

pytestmark = pytest.mark.django_db


def test_agent_applies_under_paper_authorisation_and_case_shows_both(applicant, agent, desk, item):
    auth = paper_authorisation(applicant=applicant, agent=agent, by=desk, items=[item])
    assert auth.state == AuthorisationState.ACTIVE
    case = services.agent_apply(authorisation=auth, item=item, by=agent.user)
    assert case.state == CaseState.DRAFT
    assert case.applicant_user == applicant and case.agent == agent.user
    assert agent.certificate_number in case.agent_name
    upload_required_materials(case, by=agent.user)
    case = case_services.case_submit(case=case, by=agent.user)
    assert case.state == CaseState.SUBMITTED
    # the applicant sees it in their own list; the event's actor is the agent
    assert case_selectors.cases_visible_to(applicant).filter(pk=case.pk).exists()
    assert case.events.get(action="submit").actor == agent.user
    assert selectors.agent_queue(user=agent.user)[0].waiting_for == "待窗口收件"


def test_item_outside_the_authorisation_is_refused(applicant, agent, desk, item):
    auth = paper_authorisation(applicant=applicant, agent=agent, by=desk, items=[item])
    with pytest.raises(ValidationError):
        services.agent_apply(authorisation=auth, item=make_item(), by=agent.user)


def test_generic_case_create_for_an_applicant_without_authorisation_is_refused(applicant, agent, item):
    with pytest.raises(PermissionDenied, match="委托书"):
        case_services.case_create(item=item, channel="agent", by=agent.user, draft=True, on_behalf_of=applicant)


def test_chain_authorisation_covers_the_chain_items(applicant, agent, desk, chain):
    auth = paper_authorisation(applicant=applicant, agent=agent, by=desk, chains=[chain])
    first = chain.steps.first().item
    case = services.agent_apply(authorisation=auth, item=first, by=agent.user)
    assert case.agent == agent.user


def test_revocation_stops_the_agent(applicant, agent, desk, item):
    auth = paper_authorisation(applicant=applicant, agent=agent, by=desk, items=[item])
    case = services.agent_apply(authorisation=auth, item=item, by=agent.user)
    services.authorisation_revoke(authorisation=auth, by=applicant, reason="自己办理")
    # the case is no longer visible to the agent (404) and acting is refused
    with pytest.raises(Http404):
        case_selectors.case_get_visible(user=agent.user, number=case.number)
    with pytest.raises(PermissionDenied):
        case_services.case_submit(case=case, by=agent.user)
    from projects.services import ProjectsConflict

    with pytest.raises(ProjectsConflict):
        services.agent_apply(authorisation=auth, item=item, by=agent.user)
    with pytest.raises(ProjectsConflict):
        services.authorisation_revoke(authorisation=auth, by=applicant)
    # the applicant still sees the case, with the agent on it; the agent's queue says they may not act
    assert case_selectors.case_get_visible(user=applicant, number=case.number).agent == agent.user
    row = selectors.agent_queue(user=agent.user)[0]
    assert row.agent_may_act is False


def test_another_agent_and_another_applicant_get_nothing(applicant, agent, other_agent, desk, item):
    auth = paper_authorisation(applicant=applicant, agent=agent, by=desk, items=[item])
    case = services.agent_apply(authorisation=auth, item=item, by=agent.user)
    stranger = make_applicant_user()
    with pytest.raises(Http404):
        case_selectors.case_get_visible(user=other_agent.user, number=case.number)
    with pytest.raises(Http404):
        selectors.authorisation_get(user=other_agent.user, pk=auth.pk)
    with pytest.raises(Http404):
        selectors.authorisation_get(user=stranger, pk=auth.pk)
    with pytest.raises(PermissionDenied):
        services.agent_apply(authorisation=auth, item=item, by=other_agent.user)
    with pytest.raises(PermissionDenied):
        services.authorisation_revoke(authorisation=auth, by=stranger)


def test_online_authorisation_waits_for_the_applicants_confirmation(applicant, agent, desk, item):
    from projects.constants import HelpKind

    request = services.help_request_create(kind=HelpKind.AGENCY, item=item, by=applicant)
    services.help_request_assign(request=request, agent=agent, by=desk)
    auth = request.authorisations.get()
    assert auth.state == AuthorisationState.PENDING
    from projects.services import ProjectsConflict

    with pytest.raises(ProjectsConflict):
        services.agent_apply(authorisation=auth, item=item, by=agent.user)
    with pytest.raises(PermissionDenied):
        services.authorisation_confirm(authorisation=auth, by=agent.user)
    services.authorisation_confirm(authorisation=auth, by=applicant)
    case = services.agent_apply(authorisation=auth, item=item, by=agent.user)
    assert case.agent == agent.user


def test_paper_authorisation_needs_a_scan_and_items(applicant, agent, desk, item):
    from datetime import timedelta

    from hall import clock as hall_clock

    today = hall_clock.localdate()
    with pytest.raises(ValidationError) as exc:
        services.authorisation_create(
            applicant=applicant,
            agent=agent,
            scope="apply",
            valid_from=today,
            valid_until=today - timedelta(days=1),
            method="paper",
            by=desk,
        )
    assert {"scan", "items", "valid_until"} <= set(exc.value.message_dict)
    with pytest.raises(PermissionDenied):
        paper_authorisation(applicant=applicant, agent=agent, by=agent.user, items=[item])
