"""告知承诺 in the browser: the Tongliang case. The clerk records the signed 告知承诺书, the case is
accepted on the spot and the certificate issued the same day; a broken promise goes through
限期整改 to the 失信名单 and the chief revokes the decision: the public verify page says 已撤销."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from approvals import services as s
from approvals.services.publishing import deliver_all_pending
from commitments import services as cs
from commitments.models import Commitment
from hall import clock as hall_clock
from tests.commitments.helpers import promised_case, trust_item
from tests.e2e.conftest import screenshot
from tests.e2e.workbench_people import login, make_hall
from tests.factories import Cast

pytestmark = pytest.mark.e2e


def test_tongliang_sign_issue_same_day_break_and_revoke(page):
    hall = make_hall()
    item = trust_item(department=hall.dept, kind="instant", reminder_days="15,3,0")
    cast = Cast(hall.dept)
    cast._cache.update(special=hall.special, reviewer=hall.reviewer, chief=hall.chief)
    case, _cast = promised_case(item=item, cast=cast, promise=3)

    # The clerk records the applicant's signature on the printed letter.
    login(page, hall.special)
    page.goto(f"{page.base_url}/commitments/case/{case.number}/")
    expect(page.locator("pre.letter-text")).to_contain_text("承诺后补材料")
    page.get_by_label("签署人姓名").fill(case.applicant_name)
    page.get_by_label("证件号码").fill(case.applicant_id_number)
    screenshot(page, "commitments-letter-before-signing")
    page.get_by_role("button", name="签署告知承诺书").click()
    expect(page.get_by_text("告知承诺书已签署。")).to_be_visible()
    expect(page.locator("#h-letter + p .badge")).to_have_text("已签署")

    # Accepted on the spot at the workbench, decided and issued the same day.
    page.goto(f"{page.base_url}/workbench/cases/{case.number}/")
    page.locator("button[data-action='accept-on-the-spot']").click()
    expect(page.locator(".timeline")).to_contain_text("即办受理")
    case.refresh_from_db()
    while case.has_next_step():
        case = s.case_advance(case=case, by=hall.special)
    case = s.case_decide(case=case, outcome="granted", by=hall.special)
    case = s.case_issue(case=case, by=hall.special)
    assert timezone.localdate(case.result.issued_at) == timezone.localdate(case.accepted_at)
    deliver_all_pending()
    rows = list(Commitment.objects.filter(case=case).order_by("requirement_id"))
    assert len(rows) == 3

    # One promise is kept at the window; one is broken (the beat's sweep past the due date and the rectification).
    cs.commitment_supply(commitment=rows[0], by=hall.special, paper=True)
    cs.commitment_verify(commitment=rows[0], by=hall.reviewer, accept=True)
    cs.commitment_supply(commitment=rows[2], by=hall.special, paper=True)  # supplied, awaiting the check
    overdue = rows[1].due_at + timedelta(hours=10)
    with hall_clock.replay(overdue):
        cs.commitments_sweep(now=overdue)
    rows[1].refresh_from_db()
    lapsed = rows[1].rectification.due_at + timedelta(hours=1)
    with hall_clock.replay(lapsed):
        cs.commitments_sweep(now=lapsed)

    login(page, hall.reviewer)
    page.goto(f"{page.base_url}/commitments/case/{case.number}/")
    expect(page.get_by_role("row").filter(has_text="未履行（失信）")).to_have_count(1)
    page.get_by_role("button", name="列入失信名单").click()
    expect(page.get_by_text("已列入失信名单。")).to_be_visible()

    login(page, hall.chief)
    page.goto(f"{page.base_url}/commitments/case/{case.number}/")
    page.get_by_role("button", name="撤销许可决定").click()
    expect(page.get_by_text("许可决定已撤销")).to_be_visible()
    screenshot(page, "commitments-case-revoked")

    page.context.clear_cookies()
    page.goto(f"{page.base_url}/online/verify/{case.result.verification_code}/")
    expect(page.locator(".verify__verdict")).to_contain_text("已撤销")
    screenshot(page, "commitments-verify-revoked")
    page.goto(f"{page.base_url}/credit-list/")
    expect(page.locator("table")).to_contain_text(case.applicant_name)
    screenshot(page, "commitments-public-list")
