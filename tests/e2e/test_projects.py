"""帮办代办 and 项目管家 in the browser (issue 18 "Done when").

1. An applicant asks online for 代办 of 开办企业; the hall assigns an agent; the applicant confirms the
   委托书 online; the agent applies for an item of the chain under it, uploads and submits; the
   applicant sees the agent on the case and revokes, after which the agent can no longer act.
2. A major project with six nodes counted back from its planned start shows a red node, a
   supervisor's 挂牌督办 reaches the responsible department, and the card prints on one page.
"""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from catalog.models import Chain, ChainStep
from hall import clock as hall_clock
from hall.constants import Role
from projects import services
from projects.constants import AgentLevel, NodeKind
from tests.e2e.conftest import screenshot
from tests.factories import PDF_BYTES, make_applicant_user, make_department, make_item, make_staff, make_user

pytestmark = pytest.mark.e2e


def sign_in(page, user):
    """A fresh session for `user` (the sign-in pages are tested elsewhere; 2FA is on)."""
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": page.base_url,
            }
        ]
    )


def test_online_agency_assign_confirm_apply_then_revoke(page, transactional_db):
    dept = make_department(name="市场监管局")
    chain = Chain.objects.create(code="kaiban-qiye", name="开办企业")
    first = make_item(department=dept, name="企业设立登记", materials=1)
    ChainStep.objects.create(chain=chain, position=1, item=first)
    ChainStep.objects.create(chain=chain, position=2, item=make_item(department=dept, name="公章刻制备案", materials=1))
    applicant = make_applicant_user(name="示范餐饮有限公司筹备组")
    desk = make_staff(role=Role.FRONT_DESK)
    admin = make_staff(role=Role.HALL_ADMIN)
    agent = services.agent_register(
        user=make_user(first_name="李小红"),
        level=AgentLevel.HALL,
        certificate_number="AQ-DB-0007",
        areas="商事登记",
        by=admin,
    )

    sign_in(page, applicant)
    page.goto(page.base_url + "/online/agency/")
    page.get_by_label("需要").select_option("agency")
    page.get_by_label("一件事").select_option(label="开办企业")
    page.get_by_label("需求说明").fill("第一次开办企业，请代办员帮忙全程办理")
    page.get_by_role("button", name="提交申请").click()
    expect(page.locator(".messages")).to_contain_text("已提交代办申请")
    screenshot(page, "projects-portal-ask")

    sign_in(page, desk)
    page.goto(page.base_url + "/agency/desk/")
    expect(page.locator("table")).to_contain_text("开办企业")
    page.locator("select[name=agent]").first.select_option(label="李小红（大厅代办员，在办0）")
    screenshot(page, "projects-desk-assign")
    page.get_by_role("button", name="指派").first.click()
    expect(page.locator(".messages")).to_contain_text("已指派代办员")

    sign_in(page, applicant)
    page.goto(page.base_url + "/online/agency/")
    expect(page.locator(".case-card").first).to_contain_text("AQ-DB-0007")
    page.get_by_role("button", name="确认委托").click()
    expect(page.locator(".messages")).to_contain_text("您已确认委托书")

    sign_in(page, agent.user)
    page.goto(page.base_url + "/agency/")
    page.locator("a[href*='/agency/authorisations/']").first.click()
    page.get_by_label("代为申请的事项").select_option(label=str(first))
    page.get_by_role("button", name="创建办件").click()
    expect(page.locator(".messages")).to_contain_text("已为申请人创建办件")
    page.locator("input[type=file]").first.set_input_files(
        {"name": "营业执照申请书.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
    page.get_by_role("button", name="上传").first.click()
    page.get_by_role("button", name="提交申请").click()
    expect(page.locator(".messages")).to_contain_text("已提交，等待窗口收件")
    number = applicant.applied_cases.get().number
    screenshot(page, "projects-agent-case")

    sign_in(page, applicant)
    page.goto(f"{page.base_url}/online/cases/{number}/")
    expect(page.locator("main")).to_contain_text("代办员")
    expect(page.locator("main")).to_contain_text("AQ-DB-0007")
    page.goto(page.base_url + "/online/agency/")
    expect(page.locator(".case-card").first).to_contain_text(number)
    page.get_by_placeholder("撤销原因（选填）").fill("已自行办理")
    page.get_by_role("button", name="撤销委托").click()
    expect(page.locator(".messages")).to_contain_text("代办员不能再为您办理")
    screenshot(page, "projects-portal-revoked")

    sign_in(page, agent.user)
    response = page.goto(f"{page.base_url}/agency/cases/{number}/")
    assert response.status == 404
    page.goto(page.base_url + "/agency/")
    expect(page.locator("main")).to_contain_text("委托已撤销或过期，不能再代办")
    screenshot(page, "projects-agent-queue-revoked")


def test_major_project_card_red_node_urged_and_printed(page, transactional_db):
    admin = make_staff(role=Role.HALL_ADMIN)
    supervisor = make_staff(role=Role.SUPERVISOR)
    steward = make_user(first_name="张建国")
    from hall.models import StaffProfile

    StaffProfile.objects.create(user=steward, role=Role.HALL_ADMIN)
    zrzy = make_department(name="自然资源局")
    zjj = make_department(name="住建局")
    reviewer = make_staff(role=Role.REVIEWER, department=zjj)
    fgw = make_department(name="发改局")
    project = services.project_create(
        name="年产20万套智能家电项目",
        investor="示范智能科技有限公司",
        amount="120000",
        location="经济开发区创业大道以北",
        planned_start=hall_clock.localdate() + timedelta(days=14),
        category="industrial",
        steward=steward,
        lead=supervisor,
        by=admin,
    )
    for kind, name, dept, days, item in (
        (NodeKind.ITEM, "", fgw, 40, make_item(department=fgw, name="企业投资项目备案")),
        (NodeKind.TASK, "土地招拍挂", zrzy, 35, None),
        (NodeKind.ITEM, "", zrzy, 25, make_item(department=zrzy, name="建设用地规划许可证核发")),
        (NodeKind.TASK, "施工图审查", zjj, 15, None),
        (NodeKind.ITEM, "", zrzy, 8, make_item(department=zrzy, name="建设工程规划许可证核发")),
        (NodeKind.ITEM, "", zjj, 0, make_item(department=zjj, name="建筑工程施工许可证核发")),
    ):
        services.node_add(
            project=project, kind=kind, task_name=name, item=item, department=dept, days_before_start=days, by=steward
        )
    services.node_mark_done(node=project.nodes.get(position=2), by=steward)

    sign_in(page, supervisor)
    page.goto(f"{page.base_url}/projects/{project.pk}/")
    expect(page.locator(".yikatong tbody tr")).to_have_count(6)
    review = project.nodes.get(position=4)  # 施工图审查, 15 working days before the start: overdue
    expect(page.locator(f"#node-{review.pk}")).to_contain_text("红灯")
    page.locator(f"#urge-{review.pk}").fill("施工图审查已超期，请住建局三个工作日内办结")
    page.locator(f"#urge-{review.pk} + button").click()
    expect(page.locator(".messages")).to_contain_text("已挂牌督办")
    screenshot(page, "projects-card-urged")

    sign_in(page, reviewer)
    page.goto(page.base_url + "/projects/department/")
    expect(page.locator("main")).to_contain_text("施工图审查已超期，请住建局三个工作日内办结")
    screenshot(page, "projects-department-urged")

    sign_in(page, steward)
    page.goto(f"{page.base_url}/projects/{project.pk}/print/")
    page.emulate_media(media="print")
    expect(page.locator(".yikatong")).to_contain_text("重大项目审批服务“一卡通”")
    expect(page.locator(".yikatong")).to_contain_text("挂牌督办")
    pdf = page.pdf(format="A4")
    assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") == 1  # one A4 page
    screenshot(page, "projects-card-print")


def test_agent_applies_for_kaiban_qiye_chain_applicant_sees_agent_and_revokes(page, transactional_db):
    """Issue 18's first "Done when" for the whole 一件事: the agent applies for 开办企业 (the demo
    catalog's chain kbqy) under the applicant's online-confirmed authorisation."""
    import io

    from catalog import demo as catalog_demo
    from chains import demo as chains_demo
    from chains.models import ChainApplication

    catalog_demo.seed(stdout=io.StringIO(), password="x")
    chains_demo._catalog(io.StringIO())
    chain = Chain.objects.get(code="kbqy")
    applicant = make_applicant_user(name="示范县好邻居商贸有限公司筹备组", applicant_type="organisation")
    desk = make_staff(role=Role.FRONT_DESK)
    admin = make_staff(role=Role.HALL_ADMIN)
    agent = services.agent_register(
        user=make_user(first_name="赵代办"),
        level=AgentLevel.HALL,
        certificate_number="AQ-DB-0012",
        areas="商事登记",
        by=admin,
    )

    sign_in(page, applicant)
    page.goto(page.base_url + "/online/agency/")
    page.get_by_label("需要").select_option("agency")
    page.get_by_label("一件事").select_option(label=str(chain))
    page.get_by_label("需求说明").fill("请代办员代为办理开办企业一件事")
    page.get_by_role("button", name="提交申请").click()
    expect(page.locator(".messages")).to_contain_text("已提交代办申请")

    sign_in(page, desk)
    page.goto(page.base_url + "/agency/desk/")
    page.locator("select[name=agent]").first.select_option(label="赵代办（大厅代办员，在办0）")
    page.get_by_role("button", name="指派").first.click()
    expect(page.locator(".messages")).to_contain_text("已指派代办员")

    sign_in(page, applicant)
    page.goto(page.base_url + "/online/agency/")
    page.get_by_role("button", name="确认委托").click()
    expect(page.locator(".messages")).to_contain_text("您已确认委托书")

    sign_in(page, agent.user)
    page.goto(page.base_url + "/agency/")
    page.locator("a[href*='/agency/authorisations/']").first.click()
    form = page.locator("form[action*='/apply-chain/kbqy/']")
    expect(form).to_be_visible()
    inputs = form.locator("input[type=file]")
    for n in range(inputs.count()):
        inputs.nth(n).set_input_files(
            {"name": f"材料{n + 1}.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES + b"%" + str(n).encode()}
        )
    form.get_by_label("名称（拟设立的企业或经营场所）").fill("示范县好邻居商贸有限公司")
    screenshot(page, "projects-agent-apply-chain")
    form.get_by_role("button", name="提交一件事申请").click()
    expect(page.locator(".messages")).to_contain_text("已为申请人提交一件事")
    app = ChainApplication.objects.get(applicant_user=applicant)
    cases = [r.case for r in app.runs.select_related("case").order_by("position") if r.case is not None]
    assert cases and all(c.agent_id == agent.user.pk and c.applicant_user_id == applicant.pk for c in cases)
    assert all(c.state == "submitted" for c in cases)
    expect(page.locator("main")).to_contain_text(app.number)
    screenshot(page, "projects-agent-chain-applied")
    number = cases[0].number

    sign_in(page, applicant)
    page.goto(f"{page.base_url}/online/cases/{number}/")
    expect(page.locator("main")).to_contain_text("代办员")
    expect(page.locator("main")).to_contain_text("AQ-DB-0012")
    page.goto(f"{page.base_url}/online/chain-applications/{app.number}/")
    expect(page.locator("main")).to_contain_text(number)
    expect(page.locator("main")).to_contain_text("AQ-DB-0012")
    screenshot(page, "projects-portal-chain-with-agent")
    page.goto(page.base_url + "/online/agency/")
    page.get_by_placeholder("撤销原因（选填）").fill("改为自己办理")
    page.get_by_role("button", name="撤销委托").click()
    expect(page.locator(".messages")).to_contain_text("代办员不能再为您办理")

    sign_in(page, agent.user)
    assert page.goto(f"{page.base_url}/agency/cases/{number}/").status == 404
    assert page.goto(f"{page.base_url}/workbench/chains/{app.number}/").status == 404
    page.goto(page.base_url + "/agency/")
    page.locator("a[href*='/agency/authorisations/']").first.click()
    expect(page.locator("form[action*='/apply-chain/']")).to_have_count(0)
    screenshot(page, "projects-agent-chain-revoked")
