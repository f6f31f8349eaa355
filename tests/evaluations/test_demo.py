"""The demo: ratings over two months, stars confirmed, a vote open; the pages show its figures."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from evaluations import rankings
from evaluations.models import Award, Campaign, Rating

pytestmark = pytest.mark.django_db


def test_seed_evaluations_demo_after_the_hall_demo(client):
    call_command("seed_demo", stdout=io.StringIO())  # runs evaluations.demo.seed as well
    n = Rating.objects.count()
    assert n > 20
    call_command("seed_evaluations_demo", stdout=io.StringIO())  # idempotent
    assert Rating.objects.count() == n
    last = rankings.current_month().previous()
    rows = rankings.window_ranking(last)
    assert rows and Award.objects.filter(period=last.key, confirmed_at__isnull=False).exists()
    assert Campaign.objects.exists()
    client.force_login(get_user_model().objects.get(username="admin"))
    page = client.get(reverse("evaluations:rankings") + f"?period={last.key}").content.decode()
    assert f'data-col="average">{rows[0].average}<' in page
    stars = client.get(reverse("evaluations:stars")).content.decode()
    red_flag = Award.objects.get(period=last.key, kind="red_flag")
    assert str(red_flag.average) in stars and str(red_flag.window) in stars
