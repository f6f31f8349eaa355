"""Read replica routing (issue 22): the board and statistics read from the replica, except for
a user who just wrote (read-your-writes); writes and transactions always use the primary.

The test settings define `replica` as a mirror of the test database (a second alias on the
same data), so the test sees which connection each query went to.
"""

import pytest
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from approvals.models import Case
from hall.constants import Role
from hall.replica import replica_reads
from tests.factories import Cast, make_case, make_department, make_item, make_staff

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture
def replica_on(settings):
    settings.HALL_READ_REPLICA = True
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "replica"}}


@pytest.fixture
def running_case(db):
    dept = make_department(code="scjg", name="市场监管局")
    item = make_item(department=dept, name="食品经营许可", promised_limit_days=5)
    return make_case(state="in_review", item=item, cast=Cast(dept))


def _business_queries(captured):
    return [q["sql"] for q in captured.captured_queries if "approvals_case" in q["sql"]]


def _board(client):
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        page = client.get(reverse("supervision:board"))
    assert page.status_code == 200
    return _business_queries(primary), _business_queries(replica)


def test_the_board_reads_its_counts_from_the_replica(client, replica_on, running_case):
    client.force_login(make_staff(role=Role.SUPERVISOR))
    primary, replica = _board(client)
    assert replica and not primary


def test_a_user_who_just_wrote_reads_the_primary(client, replica_on, running_case):
    supervisor = make_staff(role=Role.SUPERVISOR)
    client.force_login(supervisor)
    # Any write request marks the user as a recent writer for the lag window (here: 督办).
    client.post(reverse("supervision:urge", args=[running_case.number]), {"note": "请加快办理"})
    primary, replica = _board(client)
    assert primary and not replica
    # Another supervisor, who wrote nothing, still reads the replica.
    other = client.__class__()
    other.force_login(make_staff(role=Role.SUPERVISOR))
    primary, replica = _board(other)
    assert replica and not primary


def test_reads_inside_a_transaction_and_writes_use_the_primary(replica_on, running_case):
    with replica_reads(user=None):
        assert Case.objects.all().db == "replica"
        with transaction.atomic():
            assert Case.objects.all().db == "default"
            case = Case.objects.select_for_update().get(pk=running_case.pk)
            case.save(update_fields=["state"])
        assert Case.objects.filter(pk=running_case.pk).exists()


def test_without_a_replica_everything_reads_the_primary(client, settings, running_case):
    settings.HALL_READ_REPLICA = False
    client.force_login(make_staff(role=Role.SUPERVISOR))
    primary, replica = _board(client)
    assert primary and not replica
