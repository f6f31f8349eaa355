"""Help requests: their own working-day clock, stored; the overdue notice goes out exactly once."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from catalog import clock
from hall.constants import Role
from projects import services
from projects.constants import HelpKind, NoticeKind
from projects.models import Notice
from projects.services import ProjectsConflict
from tests.factories import make_staff

pytestmark = pytest.mark.django_db


@time_machine.travel("2026-06-05 10:00:00+08:00", tick=False)  # a Friday
def test_deadline_on_the_working_day_clock_and_overdue_notice_once(client, applicant, hall_admin, item, agent):
    request = services.help_request_create(kind=HelpKind.AGENCY, item=item, by=applicant)
    # 1 working day after Friday is Monday 2026-06-08
    assert request.due_at == clock.close_of_day(clock.add_working_days(request.created_at.date(), 1))
    assert request.level == "green"
    assert services.help_requests_sweep() == 0
    with time_machine.travel("2026-06-09 08:00:00+08:00", tick=False):
        assert request.level_at(request.due_at + timedelta(seconds=1)) == "red"
        assert services.help_requests_sweep() == 1
        assert services.help_requests_sweep() == 0
        assert services.help_request_notify_overdue(pk=request.pk) is False
    notices = Notice.objects.filter(kind=NoticeKind.HELP_OVERDUE)
    assert list(notices.values_list("user_id", flat=True)) == [hall_admin.pk]
    client.force_login(hall_admin)
    assert "已超过指派期限" in client.get(reverse("projects:desk")).content.decode()
    services.help_request_assign(request=request, agent=agent, by=hall_admin)
    with pytest.raises(ProjectsConflict):
        services.help_request_assign(request=request, agent=agent, by=hall_admin)


def test_assigned_request_never_notifies(applicant, desk, item, agent):
    request = services.help_request_create(kind=HelpKind.HELP, item=item, by=applicant)
    services.help_request_assign(request=request, agent=agent, by=desk)
    assert not request.authorisations.exists()  # 帮办 needs no 委托书
    assert services.help_request_notify_overdue(pk=request.pk, now=request.due_at + timedelta(days=3)) is False


def test_desk_registers_for_a_walk_in_and_validates(desk, chain):
    request = services.help_request_create(
        kind=HelpKind.AGENCY, chain=chain, applicant_name="李四", contact_phone="13800001111", by=desk
    )
    assert request.channel == "desk" and request.subject == "开办企业"
    with pytest.raises(ValidationError) as exc:
        services.help_request_create(kind="x", by=desk)
    assert {"kind", "item", "applicant_name", "contact_phone"} <= set(exc.value.message_dict)
    with pytest.raises(Exception, match="岗位"):
        services.help_request_create(kind=HelpKind.HELP, chain=chain, by=make_staff(role=Role.REVIEWER))
