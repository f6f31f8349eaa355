"""好差评 in the browser (issue 14 "Done when"): the window pad, online and SMS ratings, a 非常不满意
rectified and closed only after the call-back and the supervisor's review, a complaint handled the
same day, a 最难办事科室 vote, and the monthly ranking and star page from the demo's ratings."""

import io
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from approvals.services.publishing import deliver_all_pending
from catalog import clock
from evaluations import rankings, services
from evaluations.models import Award, Rating, RatingOccasion, Ticket
from hall.constants import Role
from tests.e2e.conftest import screenshot
from tests.e2e.workbench_people import login as login_by_form
from tests.e2e.workbench_people import make_hall, register_case
from tests.factories import Cast, make_applicant_user, make_case, make_department, make_staff, resident_id

pytestmark = pytest.mark.e2e


def login(page, client, user):
    """A session cookie for `user` (fast; the login form itself is tested elsewhere)."""
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.clear_cookies()
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": page.base_url}])


def test_a_clerk_triggers_the_pad_and_the_applicant_rates(page, browser, transactional_db):
    hall = make_hall()
    login_by_form(page, hall.desk)
    number = register_case(page, query="spjy", name="赵申请", id_number=resident_id())
    deliver_all_pending()  # what the worker does after commit: the visit becomes a rating occasion
    page.goto(page.base_url + "/evaluations/window/")
    pad_url = page.locator("#pad-link").inner_text().strip()

    # The tablet facing the applicant: its own browser, no login, only the window's link.
    tablet = browser.new_context(viewport={"width": 1180, "height": 820}, locale="zh-CN")
    pad = tablet.new_page()
    pad.goto(pad_url)
    expect(pad.locator(".pad-idle")).to_contain_text("欢迎来到")
    pad.evaluate("window.__sameDocument = 'yes'")

    page.locator(f"[data-trigger='{number}']").click()
    expect(page.locator(".message--success")).to_contain_text("已推送到评价器")
    # The pad shows the clerk and the five levels by itself (htmx polling, no reload).
    expect(pad.locator("[data-clerk]")).to_have_text("陈受理", timeout=10_000)
    assert pad.evaluate("window.__sameDocument") == "yes"
    expect(pad.locator(".pad-window strong")).to_have_text("1")
    for label in ("非常满意", "满意", "基本满意", "不满意", "非常不满意"):
        expect(pad.locator(".levels label", has_text=label).first).to_be_visible()
    expect(pad.locator(".why")).to_be_hidden()
    screenshot(pad, "evaluations-pad")
    pad.locator("label[for=score-2]").click()
    expect(pad.locator(".why")).to_be_visible()  # 不满意 asks which aspect and why
    pad.locator("label[for=score-4]").click()
    expect(pad.locator(".why")).to_be_hidden()
    pad.get_by_role("button", name="提交评价").click()
    expect(pad.locator(".pad-thanks")).to_contain_text("感谢您的评价")
    assert pad.evaluate("window.__sameDocument") == "yes"
    screenshot(pad, "evaluations-pad-thanks")
    expect(pad.locator(".pad-idle")).to_be_visible(timeout=12_000)  # back to the welcome screen

    rating = Rating.objects.get()
    assert (rating.score, rating.channel, rating.case.number, rating.staff) == (4, "pad", number, hall.desk)
    page.reload()
    expect(page.locator("[data-rating]").first).to_have_text("满意")
    tablet.close()


def test_online_and_sms_ratings_and_a_rectification_closed_after_call_back_and_review(
    phone_page, page, client, transactional_db
):
    hall = make_hall()
    cast = Cast(hall.dept)
    applicant = make_applicant_user(name="钱申请")
    online = make_case(state="delivered", item=hall.promised, channel="online", applicant=applicant, cast=cast)
    by_sms = make_case(state="delivered", item=hall.promised, channel="online", applicant=applicant, cast=cast)
    deliver_all_pending()

    # In the portal: from the case page, 非常满意.
    login(phone_page, client, applicant)
    phone_page.goto(f"{phone_page.base_url}/online/cases/{online.number}/")
    phone_page.get_by_role("link", name="评价本次办理").click()
    phone_page.locator("label[for=score-5]").click()
    phone_page.get_by_role("button", name="提交评价").click()
    expect(phone_page.locator(f"[data-occasion='{online.number}']")).to_contain_text("非常满意")

    # The SMS link, without login: 非常不满意, which aspect and why, real name.
    sms_link = RatingOccasion.objects.get(case=by_sms, kind="online").sms_link
    phone_page.context.clear_cookies()
    phone_page.goto(phone_page.base_url + sms_link)
    phone_page.locator("label[for=score-1]").click()
    phone_page.get_by_role("button", name="提交评价").click()
    expect(phone_page.locator(".why .errorlist").first).to_contain_text("请选择不满意的方面")
    phone_page.locator("label[for=score-1]").click()
    phone_page.get_by_label("办事效率", exact=True).check()
    phone_page.locator("#reason").fill("承诺10个工作日，实际等了很久，电话也没人接")
    phone_page.get_by_label("实名评价", exact=False).check()
    phone_page.get_by_role("button", name="提交评价").click()
    expect(phone_page.get_by_role("heading", name="感谢您的评价！")).to_be_visible()
    phone_page.goto(phone_page.base_url + sms_link)
    expect(phone_page.locator(".message--warning")).to_contain_text("已经评价过了")

    # It is a rectification task for the department, due in 5 working days, green for now.
    ticket = Ticket.objects.get()
    due = clock.add_working_days(timezone.localdate(ticket.opened_at), 5)
    login(page, client, hall.reviewer)
    page.goto(page.base_url + "/evaluations/tickets/")
    row = page.locator(f"[data-ticket='{ticket.pk}']")
    expect(row).to_contain_text(due.strftime("%Y-%m-%d"))
    expect(row.locator("[data-level]")).to_have_attribute("data-level", "green")
    row.get_by_role("link").click()
    expect(page.locator("h1")).to_contain_text("待核实整改")
    page.get_by_label("情况属实，立行立改").check()
    page.get_by_label("整改或说明情况").fill("已约谈承办人，建立超时提醒，当天电话说明进度")
    page.get_by_role("button", name="提交督查复核").click()
    expect(page.locator("[data-verdict]")).to_contain_text("情况属实，立行立改")

    # The supervisor cannot close it before the call-back of a real-name rating.
    login(page, client, hall.supervisor)
    page.goto(f"{page.base_url}/evaluations/tickets/{ticket.pk}/")
    page.get_by_label("复核通过，办结").check()
    page.get_by_role("button", name="保存复核结论").click()
    expect(page.locator(".message--error")).to_contain_text("实名评价须先记录回访")
    screenshot(page, "evaluations-ticket-needs-callback")

    login(page, client, hall.reviewer)
    page.goto(f"{page.base_url}/evaluations/tickets/{ticket.pk}/")
    page.get_by_label("回访记录").fill("已电话回访钱申请，说明整改措施，对方表示认可")
    page.get_by_role("button", name="保存回访记录").click()
    expect(page.locator("[data-callback]")).to_contain_text("已电话回访")

    login(page, client, hall.supervisor)
    page.goto(f"{page.base_url}/evaluations/tickets/{ticket.pk}/")
    page.get_by_label("复核通过，办结").check()
    page.get_by_role("button", name="保存复核结论").click()
    expect(page.locator("[data-state]")).to_have_text("已办结")
    screenshot(page, "evaluations-ticket-closed")

    # The applicant sees the outcome and rates it again.
    login(phone_page, client, applicant)
    phone_page.goto(phone_page.base_url + "/online/ratings/")
    card = phone_page.locator(f"[data-ticket='{ticket.pk}']")
    expect(card.locator("[data-outcome]")).to_contain_text("情况属实，立行立改")
    card.get_by_label("您对处理结果满意吗？").select_option("4")
    card.get_by_role("button", name="再次评价").click()
    expect(phone_page.locator(f"[data-ticket='{ticket.pk}']")).to_contain_text("您对处理结果的评价：满意")


def test_a_complaint_filed_online_is_handled_the_same_day(phone_page, page, client, transactional_db):
    applicant = make_applicant_user()
    desk = make_staff(role=Role.COMPLAINT_DESK)
    login(phone_page, client, applicant)
    phone_page.goto(phone_page.base_url + "/online/complaints/new/")
    phone_page.get_by_label("投诉事项").fill("午休时间窗口无人")
    phone_page.get_by_label("投诉内容").fill("中午12点到大厅，3号窗口无人值守，等了40分钟")
    phone_page.get_by_role("button", name="提交投诉").click()
    expect(phone_page.locator(".message--success")).to_contain_text("投诉已提交")

    ticket = Ticket.objects.get(kind="complaint")
    assert timezone.localtime(ticket.deadline_at).date() >= timezone.localdate()
    login(page, client, desk)
    page.goto(page.base_url + "/evaluations/tickets/?kind=complaint")
    page.locator(f"[data-ticket='{ticket.pk}']").get_by_role("link").click()
    page.get_by_label("回访记录").fill("已电话联系投诉人，致歉并说明午间轮岗安排")
    page.get_by_role("button", name="保存回访记录").click()
    page.get_by_label("情况属实，立行立改").check()
    page.get_by_label("整改或说明情况").fill("已安排午间轮岗，窗口不再空岗")
    page.get_by_role("button", name="提交督查复核").click()
    page.get_by_label("复核通过，办结").check()
    page.get_by_role("button", name="保存复核结论").click()
    expect(page.locator("[data-state]")).to_have_text("已办结")
    expect(page.locator("#review")).to_contain_text("按期")
    ticket.refresh_from_db()
    assert ticket.on_time and timezone.localtime(ticket.closed_at).date() == timezone.localdate()

    login(phone_page, client, applicant)
    phone_page.goto(phone_page.base_url + "/online/ratings/")
    expect(phone_page.locator(f"[data-ticket='{ticket.pk}'] [data-outcome]")).to_contain_text("情况属实")


def test_a_campaign_refuses_a_second_ballot_from_the_same_phone_and_publishes_the_ranking(
    phone_page, page, client, transactional_db
):
    supervisor = make_staff(role=Role.SUPERVISOR)
    today = timezone.localdate()
    campaign = services.campaign_create(
        title="2026年度“最难办事科室”评议",
        starts_on=today,
        ends_on=today + timedelta(days=7),
        offices=[(make_department(name="住建局"), "审批科"), (make_department(name="人社局"), "社保科")],
        by=supervisor,
    )

    def vote(office, phone):
        phone_page.goto(f"{phone_page.base_url}/vote/{campaign.pk}/")
        phone_page.get_by_label("您认为最难办事的科室").select_option(label=office)
        phone_page.get_by_label("冷（态度生硬）").check()
        phone_page.get_by_label("推（推诿扯皮）").check()
        phone_page.get_by_label("具体事例（必填）").fill("办理施工许可，科室让我去找另一个科室，两边互相推了三次。")
        phone_page.get_by_label("手机号码或身份证号").fill(phone)
        phone_page.get_by_role("button", name="投票").click()

    vote("住建局 · 审批科", "13912340001")
    expect(phone_page.get_by_role("heading", name="投票成功，感谢您的监督！")).to_be_visible()
    vote("人社局 · 社保科", "139 1234 0001")
    expect(phone_page.locator(".errorlist[role=alert]")).to_contain_text("已参加过本次评议")
    vote("住建局 · 审批科", "13912340002")
    vote("人社局 · 社保科", "13912340003")
    assert campaign.ballots.count() == 3

    login(page, client, supervisor)
    page.goto(page.base_url + "/evaluations/campaigns/")
    page.get_by_role("button", name="截止并公布结果").click()
    expect(page.locator(".message--success")).to_contain_text("评议结果已公布")

    phone_page.context.clear_cookies()
    phone_page.goto(f"{phone_page.base_url}/vote/{campaign.pk}/results/")
    rows = phone_page.locator("[data-results] [data-office]")
    expect(rows.nth(0)).to_contain_text("住建局 · 审批科")
    expect(rows.nth(0)).to_contain_text("2")
    expect(rows.nth(0)).to_contain_text("推（推诿扯皮）×2")
    expect(rows.nth(1)).to_contain_text("人社局 · 社保科")
    screenshot(phone_page, "evaluations-vote-results")


def test_the_monthly_ranking_and_the_star_page_show_the_demos_figures(page, client, transactional_db):
    call_command("seed_demo", stdout=io.StringIO())  # includes evaluations.demo.seed
    last = rankings.current_month().previous()
    rows = rankings.window_ranking(last)
    assert len(rows) >= 2

    from django.contrib.auth import get_user_model

    login(page, client, get_user_model().objects.get(username="admin"))
    page.goto(f"{page.base_url}/evaluations/rankings/?period={last.key}")
    table = page.locator("[data-ranking='windows'] tbody tr")
    expect(table).to_have_count(len(rows))
    expect(table.nth(0)).to_contain_text(rows[0].name)
    expect(table.nth(0).locator("[data-col=average]")).to_have_text(str(rows[0].average))
    expect(table.nth(0).locator("[data-col=ratings]")).to_have_text(str(rows[0].ratings))
    expect(table.nth(-1).locator("[data-col=score]")).to_have_text(str(rows[-1].score))
    screenshot(page, "evaluations-rankings")

    page.context.clear_cookies()
    page.goto(page.base_url + "/stars/")
    red_flag = Award.objects.get(period=last.key, kind="red_flag")
    card = page.locator("[data-star=red_flag]")
    expect(card).to_contain_text(str(red_flag.window))
    expect(card.locator("[data-average]")).to_have_text(str(red_flag.average))
    assert str(red_flag.average) == str(rows[0].average)
    stars = Award.objects.filter(period=last.key, kind="star_window").count()
    assert 1 <= stars <= 3
    expect(page.locator("[data-star=star_window]")).to_have_count(stars)
    screenshot(page, "evaluations-stars")

    # The supervisor board links to satisfaction by department, window and item.
    login(page, client, get_user_model().objects.get(username="supervisor"))
    page.goto(page.base_url + "/board/")
    page.get_by_role("link", name="群众满意度（好差评）").click()
    expect(page.locator("[data-sat=n]")).to_have_text(
        str(Rating.objects.filter(rated_at__gte=timezone.now() - timedelta(days=30)).count())
    )
    screenshot(page, "evaluations-board-satisfaction")
