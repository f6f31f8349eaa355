"""The demo: the Tongliang case loop seeded through the real services, idempotent."""

import io

import pytest

from approvals.constants import Action
from approvals.models import CaseEvent, Result
from commitments import demo
from commitments.constants import CommitmentStatus, ListingStatus
from commitments.models import Commitment, CreditListing

pytestmark = pytest.mark.django_db


def test_demo_seeds_the_tongliang_loop():
    from catalog import demo as catalog_demo
    from hall import demo as hall_demo

    out = io.StringIO()
    catalog_demo.seed(stdout=out, password="pw")
    hall_demo.seed(stdout=out, password="pw")
    demo.seed(stdout=out, password="pw")
    assert "铜梁模式" in out.getvalue(), out.getvalue()
    statuses = sorted(Commitment.objects.values_list("status", flat=True))
    assert statuses.count(CommitmentStatus.FULFILLED) == 2
    assert statuses.count(CommitmentStatus.BREACHED) == 1
    assert statuses.count(CommitmentStatus.OPEN) == 3
    assert CreditListing.objects.filter(status=ListingStatus.ACTIVE).count() == 1
    revoked = Result.objects.get(revoked_at__isnull=False)
    assert revoked.issued_at.date() == revoked.case.accepted_at.date()
    assert CaseEvent.objects.filter(case=revoked.case, action=Action.COMMITMENT_REMIND).count() >= 1
    from django.contrib.auth import get_user_model

    from commitments.selectors import supervision_counts

    row = next(
        r
        for r in supervision_counts(user=get_user_model().objects.get(username="supervisor"))
        if r["item__code"] == demo.CODE
    )
    assert row["listed"] == 1 and row["fulfilled_on_time"] == 2 and row["days_saved"] == 5
    demo.seed(stdout=out, password="pw")  # idempotent
    assert Commitment.objects.count() == 6
