"""Satisfaction on the supervisor board: by department, window and item, with the trend."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations import selectors, services
from evaluations.constants import RatingChannel
from hall.constants import Role
from tests.evaluations.helpers import delivered_online_case, window_case
from tests.factories import make_staff

pytestmark = pytest.mark.django_db


def test_satisfaction_by_department_window_and_item(client):
    case, occasion = delivered_online_case()
    services.rating_submit(occasion=occasion, channel=RatingChannel.SMS, score=5)
    window_visit, cast = window_case(item=case.item)
    pad = services.occasion_present(by=cast.desk, case=window_visit)
    services.rating_submit(
        occasion=pad, channel=RatingChannel.PAD, score=2, bad_indicator="attitude", reason="说话不耐烦的态度"
    )
    data = selectors.satisfaction(since=timezone.now() - timedelta(days=1))
    assert data["total"] == {"n": 2, "avg": 3.5, "bad": 1, "rate": 50.0}
    assert data["by_department"] == [{"name": case.department.name, "n": 2, "avg": 3.5, "rate": 50.0, "bad": 1}]
    assert data["by_item"][0]["name"] == case.item.name and data["by_item"][0]["n"] == 2
    assert [r["name"] for r in data["by_window"]] == ["1号 综合受理窗口"]
    assert data["open_tickets"] == 1 and data["trend"][0]["n"] == 2

    client.force_login(make_staff(role=Role.SUPERVISOR))
    page = client.get(reverse("evaluations:board-satisfaction")).content.decode()
    assert 'data-sat="rate">50.0%<' in page and case.department.name in page
