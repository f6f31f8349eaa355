"""Notifications: selectors, marking read, the list page and the beat task."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from hall.constants import Role
from supervision import tasks
from supervision.models import Notification
from supervision.selectors import notifications_for, unread_notification_count
from supervision.services import notification_mark_read, warnings_scan
from tests.factories import make_case, make_staff
from tests.supervision import warning_fixtures

# The shared fixtures of these tests (no conftest needed).
dept, other_dept, item, cast = (
    warning_fixtures.dept,
    warning_fixtures.other_dept,
    warning_fixtures.item,
    warning_fixtures.cast,
)

pytestmark = pytest.mark.django_db


def test_selectors_and_mark_read(item, cast):
    case = make_case(state="in_review", item=item, cast=cast)
    assert cast.reviewer and cast.chief  # staff exist before the scan
    warnings_scan(now=case.deadline_at + timedelta(minutes=1))
    reviewer = cast.reviewer
    assert unread_notification_count(user=reviewer) == 1
    notification = notifications_for(user=reviewer).get()
    with pytest.raises(PermissionDenied):
        notification_mark_read(notification=notification, by=cast.chief)
    notification_mark_read(notification=notification, by=reviewer)
    notification_mark_read(notification=notification, by=reviewer)  # idempotent
    assert unread_notification_count(user=reviewer) == 0
    assert unread_notification_count(user=cast.chief) == 1


def test_page_lists_own_notifications_and_marks_read(client, item, cast):
    case = make_case(state="in_review", item=item, cast=cast)
    assert cast.reviewer and cast.chief  # staff exist before the scan
    warnings_scan(now=case.warn_at + timedelta(minutes=1))
    client.force_login(cast.reviewer)
    response = client.get(reverse("supervision:notifications"))
    assert response.status_code == 200
    page = response.content.decode()
    assert case.number in page and "黄灯" in page and "未读 1 条" in page
    mine = Notification.objects.get(user=cast.reviewer)
    response = client.post(reverse("supervision:notification-read", args=[mine.pk]))
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.read_at is not None
    others = Notification.objects.get(user=cast.chief)
    assert client.post(reverse("supervision:notification-read", args=[others.pk])).status_code == 404
    client.post(reverse("supervision:notification-read", args=[0]))
    assert Notification.objects.get(user=cast.chief).read_at is None


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("supervision:notifications"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_beat_runs_the_scan_every_minute(item, cast, monkeypatch):
    entry = next(e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == tasks.scan_time_limit_warnings.name)
    assert entry["schedule"] == 60.0
    assert tasks.scan_time_limit_warnings.name == "supervision.tasks.scan_time_limit_warnings"
    make_staff(role=Role.SUPERVISOR)
    assert tasks.scan_time_limit_warnings.run() == 0
