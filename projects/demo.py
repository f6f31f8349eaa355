"""Demo 帮办代办 and 项目管家 (idempotent): three agents (hall, department, township), a leading
official, the applicant's confirmed 代办 of 开办企业, and a major project with six 一卡通 nodes
(one done, one overdue under 挂牌督办) and its ledger."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from catalog.models import Chain, Department, Item
from hall import clock as hall_clock
from hall.constants import Role
from hall.models import StaffProfile
from projects import services
from projects.constants import AgentLevel, HelpKind, LedgerKind, NodeKind
from projects.models import Agent, Project

# username, full name, level, certificate, department code, region, areas
AGENTS = [
    ("agent", "李小红", AgentLevel.HALL, "SF-DB-0001", None, "", "商事登记、社保医保"),
    ("steward", "王建华", AgentLevel.DEPARTMENT, "SF-DB-0102", "fgw", "", "工程建设项目、投资项目审批"),
    ("agent_town", "赵春生", AgentLevel.TOWNSHIP, "SF-DB-0231", None, "城关街道", "个体工商户、农房建设"),
]
PROJECT = "年产20万套智能家电项目"
# kind, item code or task name, department code, working days before the planned start
NODES = [
    (NodeKind.ITEM, "FGW-TZXM-BA", "fgw", 45),
    (NodeKind.TASK, "土地招拍挂", "zrzy", 40),
    (NodeKind.ITEM, "ZRZY-JSYD-GHXK", "zrzy", 30),
    (NodeKind.TASK, "施工图审查", "zjj", 25),
    (NodeKind.ITEM, "ZRZY-JSGC-GHXK", "zrzy", 12),
    (NodeKind.ITEM, "ZJJ-SGXK", "zjj", 0),
]


def _user(username, full_name, password):
    User = get_user_model()
    user, created = User.objects.get_or_create(username=username, defaults={"first_name": full_name})
    if created:
        user.password = password
        user.save(update_fields=["password"])
    return user


def seed(*, stdout, password):
    User = get_user_model()
    admin = User.objects.filter(username="admin").first()
    if admin is None or not Department.objects.exists():
        stdout.write("  帮办代办与项目管家：缺少管理员或目录，跳过")
        return
    hashed = make_password(password)
    departments = {d.code: d for d in Department.objects.all()}
    agents = {}
    for username, name, level, certificate, dept_code, region, areas in AGENTS:
        user = _user(username, name, hashed)
        agent = Agent.objects.filter(user=user).first() or services.agent_register(
            user=user,
            level=level,
            certificate_number=certificate,
            department=departments.get(dept_code),
            region=region,
            areas=areas,
            by=admin,
        )
        agents[username] = agent
    leader = _user("leader", "陈县长", hashed)
    StaffProfile.objects.get_or_create(user=leader, defaults={"role": Role.SUPERVISOR})

    applicant = User.objects.filter(username="applicant").first()
    desk = User.objects.filter(username="desk").first()
    chain = Chain.objects.filter(code="kbqy").first()
    if applicant and desk and chain and not applicant.help_requests.exists():
        request = services.help_request_create(
            kind=HelpKind.AGENCY, chain=chain, note="第一次开办企业，请代办员全程帮办", by=applicant
        )
        services.help_request_assign(request=request, agent=agents["agent"], by=desk)
        services.authorisation_confirm(authorisation=request.authorisations.get(), by=applicant)
        services.help_request_create(
            kind=HelpKind.HELP,
            item=Item.objects.filter(code="SCJG-SPJY-XK").first(),
            applicant_name="示范县惠民食品有限公司",
            contact_phone="05364221888",
            by=desk,
        )

    if not Project.objects.filter(name=PROJECT).exists():
        steward = agents["steward"].user
        project = services.project_create(
            name=PROJECT,
            investor="示范智能科技有限公司",
            amount="120000",
            location="示范县经济开发区创业大道以北",
            planned_start=hall_clock.localdate() + timedelta(days=30),
            category="industrial",
            steward=steward,
            lead=leader,
            by=admin,
        )
        nodes = []
        for kind, what, dept_code, days in NODES:
            item = Item.objects.filter(code=what).first() if kind == NodeKind.ITEM else None
            if kind == NodeKind.ITEM and item is None:
                continue
            nodes.append(
                services.node_add(
                    project=project,
                    kind=kind,
                    item=item,
                    task_name=what if kind == NodeKind.TASK else "",
                    department=departments.get(dept_code),
                    days_before_start=days,
                    by=steward,
                )
            )
        land = next((n for n in nodes if n.task_name == "土地招拍挂"), None)
        if land is not None:
            services.node_mark_done(node=land, by=steward)
        supervisor = User.objects.filter(username="supervisor").first()
        drawings = next((n for n in nodes if n.task_name == "施工图审查"), None)
        if supervisor and drawings is not None and drawings.level == "red":
            services.node_urge(node=drawings, note="施工图审查已超期，请住建局三个工作日内办结并报告", by=supervisor)
        today = hall_clock.localdate()
        services.ledger_add(
            project=project,
            kind=LedgerKind.VISIT,
            happened_on=today - timedelta(days=20),
            summary="上门走访，了解用地和开工计划",
            contact="企业负责人 刘总",
            by=steward,
        )
        problem = services.ledger_add(
            project=project,
            kind=LedgerKind.PROBLEM,
            happened_on=today - timedelta(days=10),
            summary="施工临时用电接入慢",
            contact="企业行政 王经理",
            by=steward,
        )
        services.ledger_solve(entry=problem, solution="协调供电公司，三日内完成临时用电接入", by=steward)
        services.ledger_add(
            project=project,
            kind=LedgerKind.CALL,
            happened_on=today - timedelta(days=2),
            summary="电话回访施工图审查进度",
            contact="设计院 周工",
            by=steward,
        )
    stdout.write(
        "  帮办代办与项目管家：代办员 agent、steward（项目管家）、agent_town，领班管家 leader，重大项目一个（六个节点）"
    )
