"""一件事 in the browser (issue 12 "Done when"): the applicant applies for 开办企业 online from its
guide page on a phone, uploading each shared material once; the departments' cases run in
parallel; the chain finishes and the completed-item window hands out every result in one pickup.

Department steps call the approvals services directly (their workbench pages are tested elsewhere).
"""

import io

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from approvals import services as s
from approvals.services.publishing import deliver_all_pending
from catalog import demo as catalog_demo
from chains import demo as chains_demo
from chains.models import ChainApplication, ChainMaterialUse
from hall.constants import Role
from tests.chains.helpers import grant
from tests.e2e.conftest import screenshot
from tests.factories import PDF_BYTES, Cast, make_applicant_user, make_staff, resident_id

pytestmark = pytest.mark.e2e


def login(page, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.clear_cookies()
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": page.base_url}])


def test_apply_for_kaiban_qiye_online_share_materials_run_in_parallel_and_pick_up_once(
    phone_page, page, transactional_db
):
    catalog_demo.seed(stdout=io.StringIO(), password="x")
    chains_demo._catalog(io.StringIO())
    applicant = make_applicant_user(applicant_type="organisation")
    phone = phone_page
    login(phone, applicant)
    phone.goto(phone.base_url + "/guide/chains/kbqy/")
    phone.get_by_role("link", name="网上申报一件事").click()
    expect(phone.get_by_role("heading", name="一件事申报：开办企业一件事")).to_be_visible()
    inputs = phone.locator("input[type=file]")
    count = inputs.count()
    # 5 items need 15 materials; the merged list asks for each shared one only once.
    assert 5 <= count < 15
    expect(phone.locator(".material", has_text="营业执照")).to_have_count(1)
    for n in range(count):
        inputs.nth(n).set_input_files(
            {"name": f"材料{n + 1}.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES + b"%" + str(n).encode()}
        )
    phone.get_by_label("名称（拟设立的企业或经营场所）").fill("示范县好邻居商贸有限公司")
    screenshot(phone, "chains-apply-phone")
    phone.get_by_role("button", name="提交一件事申请").click()
    expect(phone.locator(".message--error")).to_have_count(0)
    expect(phone.get_by_role("heading", name="开办企业一件事")).to_be_visible()
    app = ChainApplication.objects.get(applicant_user=applicant)
    runs = list(app.runs.select_related("case__department").order_by("position"))
    # Parallel: every item has its own case in its own department at once.
    assert len(runs) == 5 and all(r.case is not None and r.case.state == "submitted" for r in runs)
    assert len({r.case.department_id for r in runs}) == 5
    licence = app.materials.get(name="营业执照")
    assert ChainMaterialUse.objects.filter(material=licence).count() == 4  # 公章、发票、银行开户、社保
    expect(phone.locator(".chain-runs > li")).to_have_count(5)
    screenshot(phone, "chains-detail-phone")

    for run in runs:
        case = grant(run.case)
        s.case_issue(case=case, by=Cast(case.department).reviewer)
    deliver_all_pending()
    app.refresh_from_db()
    assert app.state == "finished"
    phone.reload()
    expect(phone.get_by_text("请携带身份证件到出件窗口一次领取全部结果")).to_be_visible()

    clerk = make_staff(role=Role.DELIVERY)
    login(page, clerk)
    page.goto(f"{page.base_url}/workbench/chains/{app.number}/")
    # An organisation's results go to a person holding its written authorisation.
    page.get_by_label("领取人姓名").fill("刘芳")
    page.get_by_label("领取人身份证号").fill(resident_id(11))
    page.get_by_label("持有授权委托书").check()
    screenshot(page, "chains-staff-detail")
    page.get_by_role("button", name="确认一次领取").click()
    expect(page.get_by_role("heading", name="送达回证")).to_be_visible()
    expect(page.locator("tbody tr")).to_have_count(5)
    screenshot(page, "chains-receipt")
    deliver_all_pending()
    app.refresh_from_db()
    assert app.state == "delivered"
    assert set(app.runs.values_list("case__state", flat=True)) == {"delivered"}
