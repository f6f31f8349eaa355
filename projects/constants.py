"""Choices of 帮办代办 (agents, authorisations, help requests) and 项目管家 (projects, the 一卡通 card)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AgentLevel(models.TextChoices):
    HALL = "hall", _("大厅代办员")
    DEPARTMENT = "department", _("部门代办员")
    TOWNSHIP = "township", _("乡镇（街道）代办员")
    VILLAGE = "village", _("村（社区）代办员")


class AuthorisationScope(models.TextChoices):
    APPLY = "apply", _("代为申请、提交和补正材料")
    FULL = "full", _("全程代办（含领取结果）")


class AuthorisationMethod(models.TextChoices):
    PAPER = "paper", _("纸质委托书（窗口扫描）")
    ONLINE = "online", _("网上确认")


class AuthorisationState(models.TextChoices):
    PENDING = "pending", _("待申请人确认")
    ACTIVE = "active", _("有效")
    REVOKED = "revoked", _("已撤销")


class HelpKind(models.TextChoices):
    HELP = "help", _("帮办")
    AGENCY = "agency", _("代办")


class HelpChannel(models.TextChoices):
    PORTAL = "portal", _("网上申请")
    DESK = "desk", _("窗口登记")


class HelpState(models.TextChoices):
    OPEN = "open", _("待指派")
    ASSIGNED = "assigned", _("已指派")
    CLOSED = "closed", _("已办结")
    CANCELLED = "cancelled", _("已取消")


class ProjectCategory(models.TextChoices):
    GOVERNMENT = "government", _("政府投资")
    INDUSTRIAL = "industrial", _("工业")
    REAL_ESTATE = "real_estate", _("房地产")
    SERVICES = "services", _("服务业")


class ProjectState(models.TextChoices):
    PREPARING = "preparing", _("前期谋划")
    APPROVING = "approving", _("审批推进")
    STARTED = "started", _("已开工")
    CLOSED = "closed", _("已结束")


class NodeKind(models.TextChoices):
    ITEM = "item", _("审批事项")
    CHAIN = "chain", _("一件事")
    TASK = "task", _("非审批事项")


class NodeState(models.TextChoices):
    PENDING = "pending", _("未启动")
    IN_PROGRESS = "in_progress", _("办理中")
    DONE = "done", _("已完成")


class LedgerKind(models.TextChoices):
    CONTACT = "contact", _("对接")
    VISIT = "visit", _("走访")
    CALL = "call", _("电话")
    PROBLEM = "problem", _("问题诉求")


class NoticeKind(models.TextChoices):
    NODE_URGE = "node_urge", _("节点挂牌督办")
    HELP_OVERDUE = "help_overdue", _("帮办代办申请超时未指派")
    HELP_ASSIGNED = "help_assigned", _("帮办代办已指派")
