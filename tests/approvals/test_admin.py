"""The admin may look at events, suspensions and results but never write them: only the
services do, each with its audit event."""

import pytest

from tests.factories import make_case

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["caseevent", "suspension", "result"])
def test_audit_rows_are_view_only_in_the_admin(admin_client, item, cast, model):
    make_case(state="ready", item=item, cast=cast)
    assert admin_client.get(f"/admin/approvals/{model}/").status_code == 200
    assert admin_client.get(f"/admin/approvals/{model}/add/").status_code == 403


def test_an_event_page_has_no_save_or_delete(admin_client, item, cast):
    case = make_case(state="received", item=item, cast=cast)
    event = case.events.first()
    page = admin_client.get(f"/admin/approvals/caseevent/{event.pk}/change/").content.decode()
    assert 'name="_save"' not in page and "/delete/" not in page
