"""The applicant's whole online journey on a phone (issue 7 "Done when"):
register, apply with uploads, one-time notice, supplement, taken in and dispatched, accepted
with a deadline, electronic certificate downloaded and verified by its QR link; then a second
application reuses a material from the library without uploading it again.

Staff steps call the approvals services directly (their workbench pages are tested elsewhere).
"""

import io
import re

import pytest
from playwright.sync_api import expect

from approvals import services as s
from approvals.models import Case
from catalog import demo
from catalog.models import Department
from portal.models import LibraryMaterial
from tests.e2e.conftest import screenshot
from tests.factories import PDF_BYTES, Cast, resident_id

ITEM = "SCJG-SPJY-XK"  # 食品经营许可 (demo catalog): promised, online
SECOND_ITEM = "SCJG-YBZSP-BA"  # 仅销售预包装食品备案: shares a material with the first


@pytest.fixture
def hall(transactional_db):
    demo.seed(stdout=io.StringIO(), password="x")
    return Cast(Department.objects.get(code="scjg"))


def pdf(name, n):
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF_BYTES + b"%" + str(n).encode() * 50}


def open_case(page, number):
    page.goto(f"{page.base_url}/online/cases/{number}/")


def test_phone_journey_apply_supplement_accept_download_verify_and_reuse(phone_page, hall, tmp_path):
    page = phone_page
    # Register as a natural person.
    page.goto(page.base_url + "/online/")
    screenshot(page, "portal-home-phone")
    page.get_by_role("link", name="注册", exact=True).first.click()
    page.get_by_label("姓名或单位名称").fill("王小明")
    page.get_by_label("证件号码").fill("110105199003070000")  # wrong check digit first
    page.get_by_label("手机号码").fill("13912345678")
    page.get_by_label("登录账号").fill("wangxm")
    page.locator("#id_password1").fill("Hall-pass-2026")
    page.locator("#id_password2").fill("Hall-pass-2026")
    page.get_by_role("button", name="注册并登录").click()
    expect(page.locator(".field--error .errorlist")).to_contain_text("公民身份号码")
    screenshot(page, "portal-register-error-phone")
    page.get_by_label("证件号码").fill(resident_id(7))
    page.locator("#id_password1").fill("Hall-pass-2026")
    page.locator("#id_password2").fill("Hall-pass-2026")
    page.get_by_role("button", name="注册并登录").click()
    expect(page.get_by_role("heading", name="我的办件")).to_be_visible()

    # From the item's guide page to the online application.
    page.goto(f"{page.base_url}/guide/{ITEM}/")
    page.get_by_role("link", name="网上申报").first.click()
    expect(page.get_by_role("heading", name=re.compile("网上申报"))).to_be_visible()
    screenshot(page, "portal-apply-phone")
    page.get_by_role("button", name="开始申报").click()
    expect(page.get_by_text("草稿已自动保存")).to_be_visible()
    case = Case.objects.get(applicant_user__username="wangxm")
    required = list(case.materials.filter(required=True).order_by("position"))
    held_back = required[-1]

    # Upload all but one, submit: told exactly what is missing; nothing uploaded is lost.
    for n, material in enumerate(required[:-1]):
        page.set_input_files(f"#file_{material.requirement_id}", pdf(f"{material.name}.pdf", n))
    page.get_by_role("button", name="提交申请").click()
    expect(page.locator(".message--error")).to_contain_text(held_back.name)
    expect(page.locator(".card--missing")).to_contain_text(held_back.name)
    screenshot(page, "portal-missing-phone")
    assert case.materials.filter(required=True, status="received").count() == len(required) - 1
    page.set_input_files(f"#file_{held_back.requirement_id}", pdf("last.pdf", 99))
    page.get_by_role("button", name="提交申请").click()
    expect(page.locator(".state-card")).to_contain_text("等待综合受理窗口网上预审")

    # Online pre-review: taken in, then the one-time notice.
    case = s.case_take_in(case=case, by=hall.desk)
    named = required[0]
    s.case_request_supplement(
        case=case, materials=[named.requirement_id], note="申请书缺少签字，请签字后重新上传", by=hall.desk
    )
    # The applicant is told: the menu counts it, the list flags it, the case shows the notice.
    page.goto(page.base_url + "/online/cases/")
    expect(page.locator(".todo-count")).to_have_text("1")
    expect(page.locator(".case-card--todo")).to_contain_text("待您处理")
    screenshot(page, "portal-my-cases-phone")
    page.locator(".case-card--todo").click()
    expect(page.locator(".card--notice")).to_contain_text(named.name)
    expect(page.locator(".card--notice")).to_contain_text("缺少签字")
    screenshot(page, "portal-notice-phone")
    page.get_by_role("link", name="网上补正材料").click()
    page.set_input_files(f"#file_{named.requirement_id}", pdf("signed.pdf", 42))
    page.get_by_role("button", name="提交补正").click()
    expect(page.locator(".state-card")).to_contain_text("窗口已收件")
    assert case.materials.filter(required=True, status="received").count() == len(required)

    # Dispatched and acknowledged: accepted, the clock runs, the deadline is shown.
    case = s.case_dispatch(case=case, by=hall.desk)
    case = s.case_acknowledge(case=case, by=hall.chief)
    open_case(page, case.number)
    expect(page.locator(".state-card")).to_contain_text("已受理")
    expect(page.locator(".deadline")).to_contain_text("还剩")
    expect(page.locator(".deadline")).to_contain_text(f"{case.deadline_at.astimezone().year}年")
    screenshot(page, "portal-accepted-phone")

    # Choose electronic delivery.
    page.get_by_role("link", name="选择领取方式").click()
    page.get_by_label("电子送达").check()
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("领取方式：电子送达")).to_be_visible()

    # Decision, certificate issued; the applicant downloads it.
    while case.has_next_step():
        case = s.case_advance(case=case, by=hall.reviewer)
    case = s.case_decide(case=case, outcome="granted", reason="", by=hall.chief)
    case = s.case_issue(case=case, by=hall.reviewer)
    open_case(page, case.number)
    expect(page.locator(".state-card")).to_contain_text("已出件")
    screenshot(page, "portal-ready-phone")
    with page.expect_download() as download:
        page.get_by_role("button", name="领取电子证照（PDF）").click()
    saved = tmp_path / "certificate.pdf"
    download.value.save_as(saved)
    data = saved.read_bytes()
    assert data.startswith(b"%PDF")
    verify_url = re.search(rb"/URI \((.*?)\)", data).group(1).decode()
    assert verify_url.startswith(page.base_url + "/online/verify/")

    # The QR link: a public page confirming the certificate.
    page.goto(verify_url)
    expect(page.locator(".verify__verdict")).to_contain_text("真实有效")
    expect(page.get_by_text(case.number, exact=True)).to_be_visible()
    expect(page.get_by_text("王**")).to_be_visible()
    screenshot(page, "portal-verify-phone")
    open_case(page, case.number)
    expect(page.locator(".state-card")).to_contain_text("已办结")
    expect(page.locator(".ptl")).to_contain_text("送达办结")

    # A second application reuses a library material: picked, not uploaded.
    page.goto(f"{page.base_url}/online/apply/{SECOND_ITEM}/")
    page.get_by_role("button", name="开始申报").click()
    expect(page.get_by_text("草稿已自动保存")).to_be_visible()
    files_before = LibraryMaterial.objects.filter(owner__username="wangxm").count()
    second = Case.objects.filter(applicant_user__username="wangxm").exclude(pk=case.pk).get()
    shared = second.materials.filter(name__in=[m.name for m in required]).first()
    assert shared is not None, "the demo items share a material"
    select = page.locator(f"#library_{shared.requirement_id}")
    option = select.locator("option", has_text="推荐").first
    select.select_option(value=option.get_attribute("value"))
    page.get_by_role("button", name="保存").click()
    expect(page.locator(f"#material-{shared.requirement_id} .ok")).to_contain_text("已上传")
    screenshot(page, "portal-reuse-phone")
    shared.refresh_from_db()
    library = LibraryMaterial.objects.get(pk=option.get_attribute("value"))
    assert shared.file.name == library.file.name and shared.sha256 == library.sha256
    assert LibraryMaterial.objects.filter(owner__username="wangxm").count() == files_before
    # The certificate issued on the first case is in the library too.
    page.goto(page.base_url + "/online/library/")
    expect(page.get_by_text("办理结果")).to_be_visible()
    screenshot(page, "portal-library-phone")
