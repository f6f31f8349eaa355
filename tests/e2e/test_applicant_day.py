"""Issue 11, applicant, in Chromium on a phone: leave an allowed material for later with the
commitment shown, a 25 MB file refused before it is sent, the guide keeps the portal header, the
empty list links to the guide, and the case page."""

import pytest
from playwright.sync_api import expect

from portal import services as portal
from tests.e2e.conftest import screenshot
from tests.factories import make_applicant_user, make_department, make_item

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def portal_login(page, user):
    page.goto(page.base_url + "/online/login/")
    page.get_by_label("登录账号").fill(user.username)
    page.get_by_label("密码").fill("pw-test-2026")
    page.get_by_label("密码").press("Enter")
    page.wait_for_url("**/online/cases/**")


def test_applicant_leaves_a_material_for_later_and_a_big_file_never_leaves_the_phone(phone_page, tmp_path):
    page = phone_page
    dept = make_department(code="scjg", name="市场监督管理局")
    item = make_item(
        department=dept,
        name="食品经营许可",
        materials=2,
        allows_commitment=True,
        allows_deficiency=True,
        deficient_materials=1,
    )
    applicant = make_applicant_user(name="王小明")
    portal_login(page, applicant)
    expect(page.get_by_role("link", name="办事指南").last).to_be_visible()  # the empty list links to the guide
    page.locator(".empty-cases").get_by_role("link", name="办事指南").click()
    expect(page.get_by_role("navigation").get_by_role("link", name="我的办件")).to_be_visible()

    case = portal.application_start(item=item, by=applicant)
    first, second = case.materials.order_by("position")
    page.goto(f"{page.base_url}/online/cases/{case.number}/materials/")
    later = page.locator(f"#later-{first.requirement_id}")
    expect(later).to_contain_text("本人承诺")
    later.get_by_label("告知承诺，后补材料").check()
    page.get_by_role("button", name="保存").click()
    expect(page.locator(f"#material-{first.requirement_id} .later-mark")).to_contain_text("承诺后补")

    # A 25 MB file: refused in the browser, nothing is posted.
    posts = []
    page.on("request", lambda request: posts.append(request) if request.method == "POST" else None)
    big = tmp_path / "扫描件.pdf"
    with big.open("wb") as handle:
        handle.write(b"%PDF-1.4\n")
        handle.truncate(25 * 1024 * 1024)
    page.locator(f"#file_{second.requirement_id}").set_input_files(str(big), timeout=60_000)
    error = page.locator(f"#material-{second.requirement_id} [data-upload-error]")
    expect(error).to_contain_text("超过 20 MB")
    expect(page.locator(f"#file_{second.requirement_id}")).to_have_value("")
    page.get_by_role("button", name="提交申请").click()
    expect(page.locator(".message--error")).to_contain_text("申请材料2")
    assert all(b"0" * 1024 not in (request.post_data_buffer or b"") for request in posts)
    screenshot(page, "applicant-materials-later-phone")

    page.goto(f"{page.base_url}/online/cases/{case.number}/")
    screenshot(page, "applicant-case-phone")
