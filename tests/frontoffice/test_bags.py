"""前台受理文件袋: sealed at the desk, every handover recorded, a missing one shows on the board."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from audit.models import AuditEntry
from frontoffice.models import PaperBag
from frontoffice.selectors import bags_missing_handover
from frontoffice.services import bags
from hall.constants import Role
from tests.factories import make_case, make_staff, receive_all_materials

pytestmark = pytest.mark.django_db


@pytest.fixture
def bag(cast, item):
    case = make_case(item=item, cast=cast)
    receive_all_materials(case, by=cast.desk)
    return bags.bag_create(case=case, by=cast.desk)


def test_the_route_is_recorded_stop_by_stop(cast, bag, settings):
    assert bag.stage == "desk" and bag.next_stage == "courier" and bag.next_due_at is not None
    with pytest.raises(ValidationError):
        bags.bag_handover(bag=bag, by=cast.desk, scanned=True, code="WRONG")
    bags.bag_handover(bag=bag, by=cast.desk, receiver_name="赵传递", scanned=True, code=bag.code.lower())
    with pytest.raises(PermissionDenied):  # the department's receipt is the department's to scan
        bags.bag_handover(bag=bag, by=cast.desk, scanned=True, code=bag.code)
    bags.bag_handover(bag=bag, by=cast.reviewer, scanned=True, code=bag.code)
    bag = bags.bag_handover(bag=bag, by=cast.reviewer, receiver_name="档案室钱", note="已归档")
    assert bag.done_at is not None and bag.next_due_at is None and bag.stage == "archive"
    route = [(h.stage, h.receiver_name, h.scanned) for h in bag.handovers.order_by("pk")]
    assert [r[0] for r in route] == ["desk", "courier", "department", "archive"]
    assert route[1] == ("courier", "赵传递", True) and route[3][2] is False
    with pytest.raises(ValidationError):
        bags.bag_handover(bag=bag, by=cast.reviewer)
    assert AuditEntry.objects.filter(kind="bag-handover", target=bag.case.number).count() == 3


def test_a_missing_handover_shows_on_the_board_and_is_flagged_once(client, cast, bag):
    supervisor = make_staff(role=Role.SUPERVISOR)
    client.force_login(supervisor)
    assert bag.code not in client.get(reverse("supervision:board")).content.decode()
    late = bag.next_due_at + timedelta(minutes=5)
    with time_machine.travel(late):
        assert [b.pk for b in bags_missing_handover()] == [bag.pk]
        client.force_login(supervisor)  # hours later: a fresh session (idle sign-out)
        board = client.get(reverse("supervision:board")).content.decode()
        assert bag.code in board and "文件袋交接逾时" in board
        assert bags.sweep_due() == 1
        assert bags.bag_flag_missing(bag_id=bag.pk) is False
        assert bags.sweep_due() == 0
        bags.bag_handover(bag=bag, by=cast.desk, receiver_name="赵传递")
        assert bags_missing_handover() == []  # handed over: the next stop has its own time
    assert AuditEntry.objects.filter(kind="bag-handover-missing", target=bag.case.number).count() == 1


def test_sheet_and_scan_pages_are_scoped(client, cast, bag, other_dept):
    sheet = reverse("frontoffice:bag-sheet", kwargs={"code": bag.code})
    client.force_login(cast.desk)
    page = client.get(sheet).content.decode()
    assert bag.code in page and bag.case.item.name in page and "data:image/svg+xml" in page
    assert bag.case.applicant_id_number not in page  # masked on the bag
    assert AuditEntry.objects.filter(kind="personal-data-viewed", target=bag.case.number).exists()
    case_page = client.get(reverse("approvals:case", kwargs={"number": bag.case.number})).content.decode()
    assert bag.code in case_page and "窗口封袋" in case_page
    response = client.post(reverse("frontoffice:bag-scan"), {"code": bag.code, "receiver_name": "赵传递"})
    assert response.status_code == 302
    bag.refresh_from_db()
    assert bag.stage == "courier"
    outsider = make_staff(role=Role.REVIEWER, department=other_dept)
    client.force_login(outsider)
    assert client.get(sheet).status_code == 404
    response = client.post(reverse("frontoffice:bag-scan"), {"code": bag.code})
    assert response.status_code == 404 and "没有找到该文件袋" in response.content.decode()
    client.force_login(make_staff(role=Role.FRONT_DESK, department=other_dept, window="specialised"))
    assert client.get(sheet).status_code == 404
    create = reverse("frontoffice:bag-create", kwargs={"number": bag.case.number})
    assert client.post(create).status_code == 404
    client.logout()
    assert client.get(sheet).status_code == 302
    assert PaperBag.objects.count() == 1
