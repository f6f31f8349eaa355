"""最难办事科室: anonymous ballots, one per phone/ID per campaign (keyed hash), ranking, publication."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from evaluations import selectors, services
from evaluations.models import Ballot
from hall.constants import Role
from tests.factories import make_department, make_staff, resident_id

pytestmark = pytest.mark.django_db

EXAMPLE = "办理变更登记，科室让我回去开三份证明，来回跑了四趟。"


@pytest.fixture
def campaign():
    today = timezone.localdate()
    a, b = make_department(name="住建局"), make_department(name="自然资源局")
    return services.campaign_create(
        title="最难办事科室评议",
        starts_on=today - timedelta(days=1),
        ends_on=today + timedelta(days=10),
        offices=[(a, "审批科"), (b, "登记科"), (b, "综合科")],
        by=make_staff(role=Role.SUPERVISOR),
    )


def test_one_ballot_per_phone_and_only_a_keyed_hash_is_kept(campaign):
    office = campaign.offices.first()
    ballot = services.ballot_cast(
        campaign=campaign, office_id=office.pk, behaviours=["cold", "shirk"], example=EXAMPLE, voter="13912345678"
    )
    assert "13912345678" not in str(Ballot.objects.filter(pk=ballot.pk).values().get())
    with pytest.raises(ValidationError) as exc:
        services.ballot_cast(
            campaign=campaign, office_id=office.pk, behaviours=["lazy"], example=EXAMPLE, voter="+86 139-1234-5678"
        )
    assert "voter" in exc.value.message_dict
    # The same ID number may vote once too; a resident ID is another voter.
    person = resident_id()
    services.ballot_cast(campaign=campaign, office_id=office.pk, behaviours=["lazy"], example=EXAMPLE, voter=person)
    with pytest.raises(ValidationError):
        services.ballot_cast(
            campaign=campaign, office_id=office.pk, behaviours=["greed"], example=EXAMPLE, voter=person
        )
    assert Ballot.objects.count() == 2


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"behaviours": []}, "behaviours"),
        ({"behaviours": ["rude"]}, "behaviours"),
        ({"example": "太难办"}, "example"),
        ({"voter": "12345"}, "voter"),
        ({"office_id": None}, "office"),
    ],
)
def test_a_ballot_needs_a_behaviour_a_concrete_example_and_a_valid_phone_or_id(campaign, data, field):
    values = {
        "office_id": campaign.offices.first().pk,
        "behaviours": ["cold"],
        "example": EXAMPLE,
        "voter": "13800000000",
        **data,
    }
    with pytest.raises(ValidationError) as exc:
        services.ballot_cast(campaign=campaign, **values)
    assert field in exc.value.message_dict


def test_no_ballot_outside_the_period(campaign):
    later = timezone.now() + timedelta(days=30)
    with pytest.raises(services.EvaluationConflict):
        services.ballot_cast(
            campaign=campaign,
            office_id=campaign.offices.first().pk,
            behaviours=["cold"],
            example=EXAMPLE,
            voter="13800000000",
            now=later,
        )


def test_results_rank_offices_by_ballots_with_their_problems_and_publish_once(campaign):
    offices = list(campaign.offices.all())
    for n, office in enumerate([offices[1], offices[1], offices[1], offices[0]]):
        services.ballot_cast(
            campaign=campaign, office_id=office.pk, behaviours=["shirk"], example=EXAMPLE, voter=f"1390000000{n}"
        )
    rows = selectors.campaign_results(campaign)
    assert [r["office"].pk for r in rows[:2]] == [offices[1].pk, offices[0].pk]
    assert rows[0]["ballots"] == 3 and rows[0]["behaviours"][0][1] == 3 and rows[0]["examples"][0] == EXAMPLE
    with pytest.raises(PermissionDenied):
        services.campaign_publish(campaign=campaign, by=make_staff(role=Role.REVIEWER, department=make_department()))
    admin = make_staff(role=Role.HALL_ADMIN)
    with pytest.raises(services.EvaluationConflict):
        services.followup_record(office=offices[1], finding="已整改", rectified=True, by=admin)
    services.campaign_publish(campaign=campaign, by=admin)
    with pytest.raises(services.EvaluationConflict):
        services.campaign_publish(campaign=campaign, by=admin)
    check = services.followup_record(office=offices[1], finding="回头看：已精简证明材料", rectified=True, by=admin)
    assert check.rectified
