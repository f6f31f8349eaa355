"""统计分析 in the browser: change the range and the grouping, download Excel and the PDF report;
the figures shown equal those a test counts from the cases' own events."""

from io import BytesIO
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from approvals.constants import Action, CaseState
from approvals.models import CaseEvent
from approvals.services.publishing import deliver_all_pending
from tests.e2e.conftest import screenshot
from tests.e2e.workbench_people import login, make_hall
from tests.factories import Cast, make_case

pytestmark = pytest.mark.e2e


def _received_today():
    """Counted the way a person would: cases registered at a window, plus online ones taken in."""
    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    events = CaseEvent.objects.filter(at__gte=start)
    return (
        events.filter(action=Action.CREATE, to_state=CaseState.RECEIVED).count()
        + events.filter(action=Action.TAKE_IN).count()
    )


def test_a_leader_reads_changes_and_downloads_the_figures(page):
    hall = make_hall()
    cast = Cast(hall.dept)
    cast._cache.update(reviewer=hall.reviewer, chief=hall.chief)
    for state in ("delivered", "delivered", "in_review", "not_accepted", "received"):
        make_case(state=state, item=hall.promised, cast=cast)
    make_case(state="delivered", item=hall.promised, cast=cast, channel="online")
    deliver_all_pending()
    expected = _received_today()
    assert expected == 6

    login(page, hall.supervisor)
    page.goto(page.base_url + "/stats/")
    expect(page.locator("[data-figure=received]")).to_have_text(str(expected))
    expect(page.locator("[data-figure=on_time_rate]")).to_have_text("100.0%")
    expect(page.locator(".stats-bars__row").first).to_contain_text(hall.dept.name)
    screenshot(page, "stats-by-department")

    # Another range and grouping: this year, by month.
    today = timezone.localdate()
    page.get_by_label("起始日期").fill(f"{today.year}-01-01")
    page.get_by_label("分组").select_option("month")
    page.get_by_role("button", name="查询").click()
    expect(page.locator("h2#h-trend-received")).to_be_visible()
    expect(page.locator(".stats-table tbody tr")).to_have_count(1)
    expect(page.locator(".stats-table tfoot")).to_contain_text(str(expected))
    screenshot(page, "stats-by-month")

    with page.expect_download() as download:
        page.locator("[data-export=xlsx]").click()
    sheet = load_workbook(BytesIO(Path(download.value.path()).read_bytes())).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = next(r for r in rows if r and r[0] == "月")
    totals = next(r for r in rows if r and r[0] == "合计")
    assert totals[header.index("收件")] == expected

    with page.expect_download() as download:
        page.locator("[data-export=pdf]").click()
    pdf = Path(download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 2000
