"""Choices of 告知承诺 and 容缺受理 and the credit loop."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TrustClass(models.TextChoices):
    FULL = "full", _("全信任")
    NON_CORE = "non_core", _("非核心要件信任")
    SUPPLY_LATER = "supply_later", _("要件后补式信任")


class PeriodUnit(models.TextChoices):
    WORKING_DAYS = "working_days", _("工作日")
    CALENDAR_DAYS = "calendar_days", _("自然日")
    MONTHS = "months", _("个月")


class Withhold(models.TextChoices):
    """What waits for a 容缺 material (per item)."""

    NOTHING = "nothing", _("不影响办理")
    DECISION = "decision", _("补齐前不作决定")
    RESULT = "result", _("补齐前不出证")


class CommitmentKind(models.TextChoices):
    COMMITMENT = "commitment", _("告知承诺")
    DEFICIENCY = "deficiency", _("容缺受理")


class CommitmentStatus(models.TextChoices):
    OPEN = "open", _("待履行")
    SUPPLIED = "supplied", _("已补交待核验")
    FULFILLED = "fulfilled", _("已履行")
    RECTIFYING = "rectifying", _("限期整改中")
    BREACHED = "breached", _("未履行（失信）")


OPEN_STATUSES = (CommitmentStatus.OPEN, CommitmentStatus.SUPPLIED, CommitmentStatus.RECTIFYING)


class SignedVia(models.TextChoices):
    WINDOW = "window", _("窗口签署（纸质）")
    ONLINE = "online", _("网上签署")


class RectificationStatus(models.TextChoices):
    OPEN = "open", _("整改中")
    COMPLIED = "complied", _("已整改")
    LAPSED = "lapsed", _("逾期未整改")


class ListingStatus(models.TextChoices):
    ACTIVE = "active", _("失信中")
    REPAIRED = "repaired", _("已信用修复")


class Level(models.TextChoices):
    GREEN = "green", _("绿灯")
    YELLOW = "yellow", _("黄灯")
    RED = "red", _("红灯")
    NONE = "none", _("已结束")
