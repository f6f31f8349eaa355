"""Budgets of the supervisor board, electronic monitoring, notifications and statistics.

These apps are being optimised in another branch: the budgets here are the counts measured
now (with a little headroom), and every test proves the count does not grow with the rows.
"""

import itertools

import pytest
from django.urls import reverse

from approvals.services.publishing import deliver_all_pending
from hall.constants import Role
from supervision.models import Finding, Notification
from supervision.monitoring import finding_raise
from tests.factories import Cast, make_case, make_department, make_item, make_staff
from tests.query_budgets.budget import assert_budget
from tests.query_budgets.conftest import api_client, page_client

pytestmark = pytest.mark.django_db

_seq = itertools.count(1)
STATES = ("received", "dispatched", "in_review", "suspended", "granted", "delivered", "not_accepted")


def hall_rows(n):
    """n cases in n new departments and items, their events delivered to the figures."""

    def make():
        made = []
        for _i in range(n):
            dept = make_department()
            item = make_item(department=dept, promised_limit_days=1)
            made.append(make_case(state=STATES[next(_seq) % len(STATES)], item=item, cast=Cast(dept)))
        deliver_all_pending()
        return made

    return make


@pytest.fixture
def supervisor():
    return make_staff(role=Role.SUPERVISOR)


def with_findings(n):
    make = hall_rows(n)

    def more():
        for case in make():
            finding_raise(rule_code="over_promised_limit", case=case, staff_id=None, occurrence=1, detail="超期")

    return more


# --- board ---


def test_board(supervisor):
    hall_rows(3)()
    assert_budget(page_client(supervisor), "supervision:board", add_rows=hall_rows(6))


def test_board_cases(supervisor):
    hall_rows(3)()
    assert_budget(page_client(supervisor), "supervision:board-cases", add_rows=hall_rows(6))


# --- monitoring ---


def test_findings_page(supervisor):
    with_findings(2)()
    assert Finding.objects.count() == 2
    assert_budget(page_client(supervisor), "supervision:findings", add_rows=with_findings(5))


def test_finding_page(supervisor):
    with_findings(1)()
    finding = Finding.objects.get()

    def bigger():
        for _ in range(3):  # more findings on the same case
            finding_raise(
                rule_code="over_promised_limit", case=finding.case, staff_id=None, occurrence=next(_seq), detail="超期"
            )
        return reverse("supervision:finding", kwargs={"pk": finding.pk})

    assert_budget(page_client(supervisor), "supervision:finding", kwargs={"pk": finding.pk}, add_rows=bigger)


def test_findings_api(supervisor):
    with_findings(2)()
    assert_budget(api_client(supervisor), "monitoring-findings", add_rows=with_findings(5))


def test_tallies_api(supervisor):
    with_findings(2)()
    assert_budget(api_client(supervisor), "monitoring-tallies", add_rows=with_findings(5))


def test_notifications(supervisor):
    cases = hall_rows(2)()

    def notify(n):
        def make():
            for i in range(n):
                Notification.objects.create(user=supervisor, case=cases[i % 2], kind="time_limit", message=f"通知{i}")

        return make

    notify(2)()
    assert_budget(page_client(supervisor), "supervision:notifications", add_rows=notify(8))


# --- statistics ---


@pytest.mark.parametrize("route", ["stats:figures", "stats:figures-export", "stats:monthly-report"])
def test_figures_pages(supervisor, route):
    hall_rows(3)()
    assert_budget(page_client(supervisor), route, add_rows=hall_rows(6))


def test_figures_api(supervisor):
    hall_rows(3)()
    assert_budget(api_client(supervisor), "api-stats-figures", add_rows=hall_rows(6))


@pytest.mark.parametrize("route", ["stats:screen", "stats:screen-data"])
def test_lobby_screen(route):
    hall_rows(3)()
    assert_budget(page_client(None), route, add_rows=hall_rows(6))
