"""Words of 好差评: the five levels, the two indicator sets, verdicts, complaint sources, awards."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Score(models.IntegerChoices):
    """The national five levels (非常满意 … 非常不满意); 不满意 and 非常不满意 are 差评."""

    VERY_SATISFIED = 5, _("非常满意")
    SATISFIED = 4, _("满意")
    BASIC = 3, _("基本满意")
    DISSATISFIED = 2, _("不满意")
    VERY_DISSATISFIED = 1, _("非常不满意")


BAD_SCORES = frozenset({Score.DISSATISFIED, Score.VERY_DISSATISFIED})


class OccasionKind(models.TextChoices):
    WINDOW = "window", _("窗口服务（一次一评）")
    ONLINE = "online", _("网上办件（一事一评）")


class RatingChannel(models.TextChoices):
    PAD = "pad", _("窗口评价器")
    PORTAL = "portal", _("网上办事大厅")
    SMS = "sms", _("短信评价")


class OfflineIndicator(models.TextChoices):
    OVERALL = "overall", _("整体满意度")
    EFFICIENCY = "efficiency", _("服务效率")
    SKILL = "skill", _("服务水平")
    ATTITUDE = "attitude", _("服务态度")


class OnlineIndicator(models.TextChoices):
    OVERALL = "overall", _("整体满意度")
    EFFICIENCY = "efficiency", _("办事效率")
    GUIDE = "guide", _("办事指南精确度")
    CONVENIENCE = "convenience", _("办事便捷度")
    PLATFORM = "platform", _("平台操作性")


def indicators_for(kind):
    return OfflineIndicator if kind == OccasionKind.WINDOW else OnlineIndicator


class OccasionStatus(models.TextChoices):
    PENDING = "pending", _("待评价")
    RATED = "rated", _("已评价")
    CANCELLED = "cancelled", _("已取消")


class TicketKind(models.TextChoices):
    BAD_RATING = "bad_rating", _("差评整改")
    COMPLAINT = "complaint", _("投诉")


class TicketState(models.TextChoices):
    OPEN = "open", _("待核实整改")
    RESPONDED = "responded", _("待督查复核")
    CLOSED = "closed", _("已办结")


class Verdict(models.TextChoices):
    FIXED = "fixed", _("情况属实，立行立改")
    PLAN = "plan", _("限期整改")
    EXPLAINED = "explained", _("缺乏法定依据，已解释说明")
    MISTAKEN = "mistaken", _("误评，申请复核")


class ReviewDecision(models.TextChoices):
    APPROVE = "approve", _("复核通过，办结")
    RETURN = "return", _("退回重新整改")


class ComplaintSource(models.TextChoices):
    PORTAL = "portal", _("网上投诉")
    DESK = "desk", _("投诉窗口")
    PHONE = "phone", _("电话投诉")


class NoticeLevel(models.TextChoices):
    YELLOW = "yellow", _("黄灯")
    RED = "red", _("红灯")


class PeriodKind(models.TextChoices):
    MONTH = "month", _("月度")
    QUARTER = "quarter", _("季度")


class AwardKind(models.TextChoices):
    STAR_WINDOW = "star_window", _("星级窗口")
    RED_FLAG = "red_flag", _("红旗窗口")
    SERVICE_STAR = "service_star", _("服务之星")


class Behaviour(models.TextChoices):
    """最难办事科室: the five behaviours the public may name."""

    COLD = "cold", _("冷（态度生硬）")
    LAZY = "lazy", _("懒（拖拉不作为）")
    SHIRK = "shirk", _("推（推诿扯皮）")
    CHAOS = "chaos", _("乱（乱收费乱作为）")
    GREED = "greed", _("贪（吃拿卡要）")


class CampaignState(models.TextChoices):
    OPEN = "open", _("投票中")
    CLOSED = "closed", _("已截止")
    PUBLISHED = "published", _("已公布")
