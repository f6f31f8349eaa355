"""The progress query without login: number + query code, forgiving of how a phone types them."""

import pytest

from approvals.selectors import case_public_progress
from tests.factories import make_case

pytestmark = pytest.mark.django_db


def test_lower_case_and_spaces_are_accepted_but_a_wrong_code_is_not(item, cast):
    case = make_case(state="received", item=item, cast=cast)
    found = case_public_progress(number=f"  {case.number.lower()} ", query_code=f" {case.query_code.lower()}")
    assert found is not None and found.pk == case.pk
    assert all(event.public for event in found.event_rows)
    wrong = "A" * 6 if case.query_code != "A" * 6 else "B" * 6
    assert case_public_progress(number=case.number, query_code=wrong) is None
