"""Figures kept from case events: counts, rates, groupings, scoping, the page, Excel and REST."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from approvals import services as s
from approvals.services.publishing import deliver_all_pending
from hall.constants import Role
from stats.forms import FigureQueryForm
from stats.selectors import FigureFilters, figure_rows, totals
from tests.factories import Cast, make_applicant_user, make_case, make_department, make_item, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def hall():
    scjg = make_department(code="scjg", name="市场监管局")
    wjw = make_department(code="wjw", name="卫生健康委")
    food = make_item(department=scjg, name="食品经营许可", promised_limit_days=5, legal_limit_days=20)
    health = make_item(department=wjw, name="公共场所卫生许可", promised_limit_days=10, legal_limit_days=20)
    cast, wcast = Cast(scjg), Cast(wjw)
    cases = {
        "delivered": make_case(state="delivered", item=food, cast=cast),
        "online_delivered": make_case(state="delivered", item=food, cast=cast, channel="online"),
        "refused": make_case(state="not_accepted", item=food, cast=cast),
        "denied": make_case(state="denied", item=health, cast=wcast),
        "in_review": make_case(state="in_review", item=health, cast=wcast),
    }
    deliver_all_pending()
    return {"scjg": scjg, "wjw": wjw, "food": food, "health": health, "cast": cast, "cases": cases}


def _today_filters(**extra):
    today = timezone.localdate()
    return FigureFilters(date_from=today, date_to=today, **extra)


def _by_label(rows):
    return {row.label: row for row in rows}


def test_counts_by_department_follow_the_cases(hall):
    supervisor = make_staff(role=Role.SUPERVISOR)
    rows = _by_label(figure_rows(user=supervisor, filters=_today_filters()))
    food, health = rows["市场监管局"], rows["卫生健康委"]
    assert food.received == 3 and food.online_received == 1 and food.refused == 1
    assert food.accepted == 2 and food.acknowledged == 2 and food.granted == 2 and food.delivered == 2
    assert health.received == 2 and health.accepted == 2 and health.denied == 1 and health.granted == 0
    assert food.on_time_rate == 1.0 and food.legal_on_time_rate == 1.0 and food.average_days == 0
    assert food.online_rate == round(1 / 3, 4)
    # Window application + pickup = 2 visits; online + pickup = 1 visit.
    assert (food.visits_0, food.visits_1, food.visits_2) == (0, 1, 1)
    assert totals(list(rows.values())).received == 5


def test_a_late_decision_is_not_on_time(hall, time_machine):
    cast = Cast(hall["wjw"])
    case = hall["cases"]["in_review"]
    time_machine.move_to(case.deadline_at + timedelta(days=1))
    while case.has_next_step():
        case = s.case_advance(case=case, by=cast.reviewer)
    s.case_decide(case=case, outcome="granted", reason="", by=make_staff(role=Role.CHIEF, department=hall["wjw"]))
    deliver_all_pending()
    day = timezone.localdate()
    rows = figure_rows(
        user=make_staff(role=Role.SUPERVISOR),
        filters=FigureFilters(date_from=day, date_to=day, department_id=hall["wjw"].pk),
    )
    assert rows[0].granted == 1 and rows[0].timed_decisions == 1 and rows[0].on_time_promised == 0
    assert rows[0].on_time_rate == 0.0 and rows[0].days_taken >= 10


def test_grouping_by_item_channel_and_month(hall):
    supervisor = make_staff(role=Role.SUPERVISOR)
    by_item = _by_label(figure_rows(user=supervisor, filters=_today_filters(group_by="item")))
    assert by_item[f"食品经营许可（{hall['food'].code}）"].received == 3
    by_channel = {r.key: r for r in figure_rows(user=supervisor, filters=_today_filters(group_by="channel"))}
    assert by_channel["online"].received == 1 and by_channel["window"].received == 4
    by_month = figure_rows(user=supervisor, filters=_today_filters(group_by="month"))
    assert len(by_month) == 1 and by_month[0].received == 5


def test_a_chief_sees_only_their_department(hall):
    chief = make_staff(role=Role.CHIEF, department=hall["wjw"])
    rows = figure_rows(user=chief, filters=_today_filters())
    assert [r.label for r in rows] == ["卫生健康委"]


def test_live_figures_equal_a_replay_of_the_event_log(hall, capsys):
    call_command("rebuild_figures", "--check")
    assert "一致" in capsys.readouterr().out


def test_page_shows_figures_charts_and_filters(client, hall, django_assert_max_num_queries):
    client.force_login(make_staff(role=Role.SUPERVISOR))
    # 13: one of them asks whether the supervisor's hall is the root of the only tree (issue 19).
    with django_assert_max_num_queries(13):
        response = client.get("/stats/")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-figure="received">5<' in body
    assert "stats-bars__row" in body and "市场监管局" in body and "压缩比例" in body
    trend = client.get("/stats/", {"group_by": "day"}).content.decode()
    assert "<polyline" in trend


def test_bad_range_is_a_clear_error(client, hall):
    client.force_login(make_staff(role=Role.SUPERVISOR))
    response = client.get("/stats/", {"date_from": "2026-12-01", "date_to": "2026-11-01"})
    assert response.status_code == 400
    assert "起始日期不能晚于截止日期" in response.content.decode()
    assert client.get("/stats/", {"date_from": "2026-13-45"}).status_code == 400


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.FRONT_DESK, Role.DELIVERY])
def test_staff_without_figures_get_404(client, hall, role):
    client.force_login(make_staff(role=role, department=hall["scjg"]))
    assert client.get("/stats/").status_code == 404
    assert client.get("/api/v1/stats/figures/").status_code == 404


def test_applicants_and_anonymous_cannot_see_figures(client, hall):
    assert client.get("/stats/").status_code == 302  # to the login page
    assert client.get("/api/v1/stats/figures/").status_code in (401, 403)
    client.force_login(make_applicant_user())
    assert client.get("/stats/").status_code in (403, 404)
    assert client.get("/api/v1/stats/figures/").status_code == 404


def test_excel_export_has_the_same_figures(client, hall):
    client.force_login(make_staff(role=Role.SUPERVISOR))
    response = client.get("/stats/export.xlsx", {"group_by": "department"})
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(r for r in values if r and r[0] == "部门")
    received = header.index("收件")
    rows = {r[0]: r for r in values[values.index(header) + 1 :]}
    assert rows["市场监管局"][received] == 3 and rows["合计"][received] == 5


def test_api_returns_rows_rates_and_scoping(client, hall):
    client.force_login(make_staff(role=Role.CHIEF, department=hall["scjg"]))
    data = client.get("/api/v1/stats/figures/", {"group_by": "department"}).json()
    assert [r["label"] for r in data["rows"]] == ["市场监管局"]
    assert data["total"]["counts"]["received"] == 3 and data["total"]["rates"]["on_time_rate"] == 1.0
    bad = client.get("/api/v1/stats/figures/", {"group_by": "nope"})
    assert bad.status_code == 400 and "group_by" in bad.json()


def test_query_form_defaults_to_this_month():
    form = FigureQueryForm({})
    assert form.is_valid()
    filters = form.filters()
    assert filters.date_from == timezone.localdate().replace(day=1) and filters.group_by == "department"


def test_heat_map_counts_receipts_by_weekday_and_hour(client, hall):
    client.force_login(make_staff(role=Role.SUPERVISOR))
    body = client.get("/stats/").content.decode()
    assert "收件时段分布" in body and 'data-heatmap-max="' in body


def test_monthly_report_is_an_a4_pdf(client, hall):
    client.force_login(make_staff(role=Role.SUPERVISOR))
    response = client.get("/stats/report.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and b"/MediaBox [ 0 0 595.2756 841.8898 ]" in response.content
    assert client.get("/stats/report.pdf", {"month": "2026-13"}).status_code == 400
    client.force_login(make_staff(role=Role.REVIEWER, department=hall["scjg"]))
    assert client.get("/stats/report.pdf").status_code == 404


def test_lobby_screen_is_public_and_shows_totals_only(client, hall):
    page = client.get("/stats/screen/")
    assert page.status_code == 200 and 'data-screen="today.received">5<' in page.content.decode()
    data = client.get("/stats/screen.json").json()
    assert data["today"]["received"] == 5 and data["in_review"] == 1
    assert {d["name"] for d in data["departments"]} == {"市场监管局", "卫生健康委"}
    text = page.content.decode() + str(data)
    for case in hall["cases"].values():
        assert case.number not in text and case.applicant_name not in text


def test_figures_by_staff_member_count_what_each_person_did(hall):
    supervisor = make_staff(role=Role.SUPERVISOR)
    rows = {r.key: r for r in figure_rows(user=supervisor, filters=_today_filters(group_by="staff"))}
    cast = hall["cast"]
    assert rows[cast.desk.pk].received == 3 and rows[cast.desk.pk].refused == 1  # 2 registered, 1 taken in online
    assert rows[cast.chief.pk].acknowledged == 2 and rows[cast.chief.pk].granted == 2
    assert rows[cast.delivery.pk].delivered == 2
    chief = make_staff(role=Role.CHIEF, department=hall["wjw"])
    mine = figure_rows(user=chief, filters=_today_filters(group_by="staff"))
    assert all(r.key not in (cast.desk.pk, cast.chief.pk) for r in mine)  # another department's people
