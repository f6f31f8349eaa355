"""Every state of DESIGN.md §4 is reachable through the real services, one event per call."""

import pytest

from approvals.constants import CaseState
from approvals.models import CaseEvent
from tests.factories import make_case

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("state", [s.value for s in CaseState])
def test_make_case_reaches_every_state_through_services(state):
    case = make_case(state=state)
    case.refresh_from_db()
    assert case.state == state
    events = list(CaseEvent.objects.filter(case=case).order_by("seq"))
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    assert events[-1].to_state == state
    # The log chains: every event starts where the previous one ended.
    for before, after in zip(events, events[1:], strict=False):
        assert after.from_state == before.to_state
